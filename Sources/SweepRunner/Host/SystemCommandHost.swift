import Subprocess
#if canImport(System)
import System
#else
import SystemPackage
#endif

/// Runs commands on this machine through swift-subprocess, with `LC_ALL=C` so output parses.
public struct SystemCommandHost: CommandHost {
    /// Most bytes kept of each of stdout and stderr; more output fails the command.
    public var outputLimit: Int

    public init(outputLimit: Int = 4 << 20) {
        self.outputLimit = outputLimit
    }

    public func run(_ argv: [String]) async throws -> CommandResult {
        guard let program = argv.first, !program.isEmpty else {
            throw CommandError.notStarted(argv: argv, reason: "empty argv")
        }
        let executable: Executable = program.contains("/") ? .path(FilePath(program)) : .name(program)
        do {
            let result = try await Subprocess.run(
                executable,
                arguments: Arguments(Array(argv.dropFirst())),
                environment: .inherit.updating(["LC_ALL": "C"]),
                output: .string(limit: outputLimit),
                error: .string(limit: outputLimit)
            )
            let termination: CommandResult.Termination
            switch result.terminationStatus {
            case .exited(let code): termination = .exited(code)
            case .signaled(let signal): termination = .signaled(signal)
            }
            return CommandResult(
                argv: argv, termination: termination,
                stdout: result.standardOutput, stderr: result.standardError)
        } catch let error as SubprocessError {
            throw CommandError.notStarted(argv: argv, reason: "\(error)")
        }
    }
}
