import Synchronization
import SweepRunner

/// A host that records every argv and answers from a script: for behaviour only OpenZFS shows,
/// which cannot run here. Unscripted commands fail with status 127; it starts no long-running processes.
final class RecordingHost: Host {
    private struct State {
        var replies: [[String]: CommandResult] = [:]
        var recorded: [[String]] = []
    }
    private let state = Mutex(State())

    /// Answers `argv` with `stdout` and exit `status`.
    func reply(_ argv: [String], stdout: String = "", stderr: String = "", status: Int32 = 0) {
        state.withLock {
            $0.replies[argv] = CommandResult(argv: argv, termination: .exited(status), stdout: stdout, stderr: stderr)
        }
    }

    var commands: [[String]] { state.withLock { $0.recorded } }

    func run(_ argv: [String], environment: [String: String], limit: Int) async throws -> CommandResult {
        state.withLock {
            $0.recorded.append(argv)
            return $0.replies[argv] ?? CommandResult(argv: argv, termination: .exited(127), stderr: "not scripted")
        }
    }

    func start(_ command: Command) async throws -> any RunningProcess {
        state.withLock { $0.recorded.append(command.argv) }
        throw CommandError.notStarted(argv: command.argv, reason: "the recording host starts no processes")
    }
}
