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
