/// A process started by a ``Host``.
package protocol RunningProcess: Sendable {
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
    package func wait() async -> Termination {
        await wait(upTo: nil) ?? .exited(-1)
    }
}
