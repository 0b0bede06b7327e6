import Foundation
import Subprocess
import SystemPackage

/// Runs commands on this machine through swift-subprocess: argv only, explicit environment (nothing is
/// inherited), a capture limit on short commands, and each started process leading its own process group so
/// that it and its children can be signalled together.
package struct LocalHost: Host {
    package init() {}

    package func start(_ command: Command) async throws -> any RunningProcess {
        let (name, executable, environment) = try Self.prepare(command.argv, environment: command.environment)
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

        let (pids, continuation) = AsyncStream.makeStream(of: Int32.self)
        let process = LocalProcess()
        let task = Task<Termination, any Error> {
            defer { continuation.finish() }
            let result: ExecutionResult<Void, FileDescriptorOutput, FileDescriptorOutput>
            do {
                result = try await Subprocess.run(
                    .path(FilePath(executable)),
                    arguments: Arguments(executablePathOverride: name, remainingValues: Array(command.argv.dropFirst())),
                    environment: environment,
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
            let termination = Termination(result.terminationStatus)
            process.finish(termination)
            return termination
        }
        var iterator = pids.makeAsyncIterator()
        guard let pid = await iterator.next() else {
            do {
                _ = try await task.value
            } catch {
                throw CommandError.notStarted(argv: command.argv, reason: "\(error)")
            }
            throw CommandError.notStarted(argv: command.argv, reason: "no process")
        }
        process.attach(pid: pid)
        _ = task
        return process
    }

    package func run(_ argv: [String], environment: [String: String], limit: Int) async throws -> CommandResult {
        let (_, executable, environment) = try Self.prepare(argv, environment: environment)
        do {
            let result = try await Subprocess.run(
                .path(FilePath(executable)), arguments: Arguments(Array(argv.dropFirst())),
                environment: environment, input: .none,
                output: .string(limit: limit), error: .string(limit: limit))
            return CommandResult(
                argv: argv, termination: Termination(result.terminationStatus),
                stdout: result.standardOutput, stderr: result.standardError)
        } catch let error as SubprocessError {
            throw CommandError.notStarted(argv: argv, reason: "\(error)")
        }
    }

    /// The absolute path of `name`: itself when it holds a `/`, else the first executable match in `path`.
    /// `iosweep` resolves to this very executable, so plans can call the built-in samplers.
    package static func resolve(_ name: String, path: String, argv: [String] = []) throws -> String {
        if name.contains("/") { return name }
        if name == "iosweep", let me = SelfExecutable.path { return me }
        for directory in path.split(separator: ":") where !directory.isEmpty {
            let candidate = "\(directory)/\(name)"
            if access(candidate, X_OK) == 0 { return candidate }
        }
        throw CommandError.notStarted(argv: argv.isEmpty ? [name] : argv, reason: "command not found in PATH (\(path))")
    }

    /// The program name of `argv`, its absolute path, and `environment` as swift-subprocess takes it.
    private static func prepare(
        _ argv: [String], environment: [String: String]
    ) throws -> (name: String, executable: String, environment: Environment) {
        guard let name = argv.first, !name.isEmpty else { throw CommandError.notStarted(argv: argv, reason: "empty command") }
        let executable = try resolve(name, path: environment["PATH"] ?? "", argv: argv)
        var custom: [Environment.Key: String] = [:]
        for (key, value) in environment { custom[Environment.Key(stringLiteral: key)] = value }
        return (name, executable, .custom(custom))
    }

    private static func openOutput(_ path: String?, argv: [String]) throws -> FileDescriptor {
        do {
            return try FileDescriptor.open(
                FilePath(path ?? "/dev/null"), .writeOnly, options: [.create, .truncate, .closeOnExec],
                permissions: [.ownerReadWrite, .groupRead, .otherRead])
        } catch {
            throw CommandError.notStarted(argv: argv, reason: "cannot open \(path ?? "/dev/null"): \(error)")
        }
    }
}
