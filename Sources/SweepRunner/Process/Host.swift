/// The seam between the runner and the machine: "run this argv here".
///
/// ``LocalHost`` spawns real processes; tests of what cannot exist on a build machine plug in a recording host,
/// and remote hosts can plug in later.
public protocol Host: Sendable {
    /// Starts `command` in a new process group (its id is the process id) and returns at once.
    /// Throws ``ProcessError`` when the process cannot start (command not found, unreadable directory).
    func start(_ command: Command) async throws -> any RunningProcess

    /// Runs `argv` to completion and returns at most `limit` bytes of its stdout (for tool versions and facts).
    func capture(_ argv: [String], environment: [String: String], limit: Int) async throws -> CapturedOutput
}

/// A process started by a ``Host``.
public protocol RunningProcess: Sendable {
    var pid: Int32 { get }
    /// The process group the process leads; signals go to the whole group.
    var processGroup: Int32 { get }
    /// How the process ended, or `nil` while it runs.
    var termination: Termination? { get }
    /// Sends `signal` to the process group; a group already gone is not an error.
    func signal(_ signal: Int32)
    /// Waits until the process ends, or at most `seconds` (then `nil`, and the process keeps running).
    func wait(upTo seconds: Double?) async -> Termination?
}

extension RunningProcess {
    /// Waits until the process ends.
    public func wait() async -> Termination {
        await wait(upTo: nil) ?? .exited(-1)
    }
}

/// Output captured from a short command.
public struct CapturedOutput: Hashable, Sendable {
    public var termination: Termination
    public var stdout: String

    public init(termination: Termination, stdout: String) {
        self.termination = termination
        self.stdout = stdout
    }
}

/// Why a process could not be started.
public struct ProcessError: Error, Hashable, Sendable, CustomStringConvertible {
    public var argv: [String]
    public var message: String

    public init(argv: [String], message: String) {
        self.argv = argv
        self.message = message
    }

    public var description: String { "\(argv.first ?? "?"): \(message)" }
}
