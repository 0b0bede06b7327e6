import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// What a process a test ran did: its exit status and what it wrote.
package struct ProcessOutput: Sendable, Hashable {
    /// The exit status, or 128 + the signal that ended it (as a shell reports it).
    package var status: Int32
    /// Standard output; with `mergingStandardError`, standard error too, interleaved as written.
    package var stdout: String
    package var stderr: String
    /// Whether the process outlived its time limit and was killed.
    package var timedOut: Bool

    /// Standard output followed by standard error.
    package var output: String { stdout + stderr }
}

/// The one way tests run a process (the built `iosweep`, a tool, a rendered script): an argv, no shell.
///
/// Spawned with `posix_spawn`, waited for with `waitpid`: Foundation's `Process` hangs on a zombie in a test
/// process where swift-subprocess already watches children, and passes on the test runner's blocked signals (a
/// collector could then never be stopped). The child starts with no signal blocked and default handlers, reads
/// `standardInput` (or /dev/null), and is killed with SIGKILL when it outlives `timeout`.
package enum TestProcess {
    package struct Failure: Error, CustomStringConvertible {
        package var description: String
    }

    /// Runs `executable` (a path, or a name looked up in PATH) with `arguments`. `discardingOutput` sends its
    /// output to /dev/null: for a daemon that forks away, whose children would hold a pipe open.
    package static func run(
        _ executable: String, _ arguments: [String] = [], currentDirectory: String? = nil, environment: [String: String]? = nil,
        standardInput: String? = nil, mergingStandardError: Bool = false, discardingOutput: Bool = false,
        timeout: Duration = .seconds(600)
    ) throws -> ProcessOutput {
        let input = try PipeEnds.make(), output = try PipeEnds.make(), error = try PipeEnds.make()
        var childEnds = [input.read, output.write, error.write]
        var open = (input: input.write, output: output.read, error: error.read)
        defer { for fd in childEnds + [open.input, open.output, open.error] where fd >= 0 { close(fd) } }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, input.read, 0)
        if discardingOutput {
            for fd: Int32 in [1, 2] { posix_spawn_file_actions_addopen(&actions, fd, "/dev/null", O_WRONLY, 0) }
        } else {
            posix_spawn_file_actions_adddup2(&actions, output.write, 1)
            posix_spawn_file_actions_adddup2(&actions, mergingStandardError ? output.write : error.write, 2)
        }
        if let currentDirectory {
            // glibc's posix_spawn_file_actions_addchdir_np, which the Glibc module does not export.
            typealias AddChdir = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, UnsafePointer<CChar>) -> Int32
            guard let symbol = dlsym(nil, "posix_spawn_file_actions_addchdir_np") else {
                throw Failure(description: "this C library cannot start a process in another directory")
            }
            _ = unsafeBitCast(symbol, to: AddChdir.self)(&actions, currentDirectory)
        }

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var none = sigset_t(), all = sigset_t()
        sigemptyset(&none)
        sigfillset(&all)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        let variables = ProcessInfo.processInfo.environment.merging(environment ?? [:]) { $1 }
        var argv = ([executable] + arguments).map { strdup($0) } + [nil]
        var envp = variables.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { for pointer in argv + envp { free(pointer) } }
        var pid: pid_t = 0
        let spawned =
            executable.contains("/")
            ? posix_spawn(&pid, executable, &actions, &attributes, &argv, &envp)
            : posix_spawnp(&pid, executable, &actions, &attributes, &argv, &envp)
        guard spawned == 0 else { throw Failure(description: "cannot start \(executable): \(String(cString: strerror(spawned)))") }
        // The child's ends (and ours of stdin once written) are closed, so the pipes end when the child does.
        for fd in childEnds { close(fd) }
        childEnds = []
        if discardingOutput {
            for fd in [open.output, open.error] { close(fd) }
            (open.output, open.error) = (-1, -1)
        }

        var pending = Array((standardInput ?? "").utf8)[...]
        var stdout: [UInt8] = [], stderr: [UInt8] = []
        let deadline = ContinuousClock.now + timeout
        var timedOut = false
        while open.output >= 0 || open.error >= 0 {
            if open.input >= 0, pending.isEmpty {
                close(open.input)
                open.input = -1
            }
            var fds = [
                pollfd(fd: open.output, events: Int16(POLLIN), revents: 0), pollfd(fd: open.error, events: Int16(POLLIN), revents: 0),
            ]
            if open.input >= 0 { fds.append(pollfd(fd: open.input, events: Int16(POLLOUT), revents: 0)) }
            let left = deadline - ContinuousClock.now
            guard left > .zero else {
                kill(pid, SIGKILL)
                timedOut = true
                break
            }
            let milliseconds = Int32(min(left.components.seconds * 1000 + 1, 1000))
            guard poll(&fds, nfds_t(fds.count), milliseconds) >= 0 || errno == EINTR else { break }
            for (index, descriptor) in fds.enumerated() where descriptor.revents != 0 && descriptor.fd >= 0 {
                if descriptor.fd == open.input {
                    let written = pending.withUnsafeBytes { write(descriptor.fd, $0.baseAddress, $0.count) }
                    if written > 0 { pending = pending.dropFirst(written) } else { pending = [] }
                    continue
                }
                var buffer = [UInt8](repeating: 0, count: 65536)
                let count = read(descriptor.fd, &buffer, buffer.count)
                if count > 0 {
                    if index == 0 { stdout += buffer[..<count] } else { stderr += buffer[..<count] }
                } else if count == 0 || errno != EINTR {
                    close(descriptor.fd)
                    if index == 0 { open.output = -1 } else { open.error = -1 }
                }
            }
        }
        var wait: Int32 = 0
        while waitpid(pid, &wait, 0) < 0 && errno == EINTR {}
        let signal = wait & 0x7F
        let status = signal == 0 ? (wait >> 8) & 0xFF : 128 + signal
        return ProcessOutput(
            status: status, stdout: String(decoding: stdout, as: UTF8.self), stderr: String(decoding: stderr, as: UTF8.self),
            timedOut: timedOut)
    }

    /// Whether `tool` is found in PATH.
    package static func isInstalled(_ tool: String) -> Bool {
        (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").contains {
            access("\($0)/\(tool)", X_OK) == 0
        }
    }
}

/// A pipe's two descriptors, close-on-exec (the child gets only what the file actions give it).
private struct PipeEnds {
    var read: Int32
    var write: Int32

    static func make() throws -> PipeEnds {
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { throw TestProcess.Failure(description: "pipe: \(String(cString: strerror(errno)))") }
        for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        return PipeEnds(read: fds[0], write: fds[1])
    }
}
