import Foundation
import Subprocess
import SystemPackage

/// Runs commands on this machine through swift-subprocess: argv only, explicit environment, each process
/// leading its own process group so that it and its children can be signalled together.
public struct LocalHost: Host {
    public init() {}

    public func start(_ command: Command) async throws -> any RunningProcess {
        guard let name = command.argv.first, !name.isEmpty else {
            throw ProcessError(argv: command.argv, message: "empty command")
        }
        let executable = try Self.resolve(name, path: command.environment["PATH"] ?? "", argv: command.argv)
        let stdout = try Self.openOutput(command.stdoutPath, argv: command.argv)
        let stderr: FileDescriptor
        do {
            stderr = try Self.openOutput(command.stderrPath, argv: command.argv)
        } catch {
            try? stdout.close()
            throw error
        }
        var options = PlatformOptions()
        options.processGroupID = 0
        var environment: [Environment.Key: String] = [:]
        for (key, value) in command.environment { environment[Environment.Key(stringLiteral: key)] = value }

        let (pids, continuation) = AsyncStream.makeStream(of: Int32.self)
        let process = LocalProcess()
        let task = Task<Termination, any Error> {
            defer { continuation.finish() }
            let result: ExecutionResult<Void, FileDescriptorOutput, FileDescriptorOutput>
            do {
                result = try await Subprocess.run(
                    .path(FilePath(executable)),
                    arguments: Arguments(executablePathOverride: name, remainingValues: Array(command.argv.dropFirst())),
                    environment: .custom(environment),
                    workingDirectory: command.workingDirectory.map { FilePath($0) },
                    platformOptions: options,
                    input: .none,
                    output: .fileDescriptor(stdout, closeAfterSpawningProcess: true),
                    error: .fileDescriptor(stderr, closeAfterSpawningProcess: true)
                ) { execution in
                    continuation.yield(execution.processIdentifier.value)
                }
            } catch {
                process.finish(.exited(-1))
                throw error
            }
            let termination: Termination
            switch result.terminationStatus {
            case .exited(let code): termination = .exited(code)
            case .signaled(let signal): termination = .signaled(signal)
            }
            process.finish(termination)
            return termination
        }
        var iterator = pids.makeAsyncIterator()
        guard let pid = await iterator.next() else {
            do {
                _ = try await task.value
            } catch {
                throw ProcessError(argv: command.argv, message: "cannot start: \(error)")
            }
            throw ProcessError(argv: command.argv, message: "cannot start")
        }
        process.attach(pid: pid)
        _ = task
        return process
    }

    public func capture(_ argv: [String], environment: [String: String], limit: Int) async throws -> CapturedOutput {
        guard let name = argv.first else { throw ProcessError(argv: argv, message: "empty command") }
        let executable = try Self.resolve(name, path: environment["PATH"] ?? "", argv: argv)
        var env: [Environment.Key: String] = [:]
        for (key, value) in environment { env[Environment.Key(stringLiteral: key)] = value }
        let result = try await Subprocess.run(
            .path(FilePath(executable)), arguments: Arguments(Array(argv.dropFirst())),
            environment: .custom(env), input: .none, output: .bytes(limit: limit), error: .discarded)
        let termination: Termination
        switch result.terminationStatus {
        case .exited(let code): termination = .exited(code)
        case .signaled(let signal): termination = .signaled(signal)
        }
        return CapturedOutput(termination: termination, stdout: String(decoding: result.standardOutput, as: UTF8.self))
    }

    /// The absolute path of `name`: itself when it holds a `/`, else the first executable match in `path`.
    /// `iosweep` resolves to this very executable, so plans can call the built-in samplers.
    public static func resolve(_ name: String, path: String, argv: [String] = []) throws -> String {
        if name.contains("/") { return name }
        if name == "iosweep", let me = SelfExecutable.path { return me }
        for directory in path.split(separator: ":") where !directory.isEmpty {
            let candidate = "\(directory)/\(name)"
            if access(candidate, X_OK) == 0 { return candidate }
        }
        throw ProcessError(argv: argv.isEmpty ? [name] : argv, message: "command not found in PATH (\(path))")
    }

    private static func openOutput(_ path: String?, argv: [String]) throws -> FileDescriptor {
        do {
            return try FileDescriptor.open(
                FilePath(path ?? "/dev/null"), .writeOnly, options: [.create, .truncate, .closeOnExec],
                permissions: [.ownerReadWrite, .groupRead, .otherRead])
        } catch {
            throw ProcessError(argv: argv, message: "cannot open \(path ?? "/dev/null"): \(error)")
        }
    }
}
