/// What became of a collector.
public struct CollectorRecord: Hashable, Sendable, Codable {
    /// How the collector ended.
    public enum Status: String, Hashable, Sendable, Codable {
        /// Ran until the runner stopped it.
        case ok
        /// Ended by itself, successfully, before the workload finished.
        case exitedEarly = "exited-early"
        /// Could not start, or ended by itself with an error.
        case failed
    }

    public var name: String
    public var required: Bool
    public var status: Status
    public var exit: Int32?
    public var signal: Int32?
    /// The last signal the runner sent to stop it (`INT`, `TERM`, `KILL`).
    public var stoppedWith: String?
    public var output: String?
    public var reason: String?

    public init(
        name: String, required: Bool, status: Status, exit: Int32?, signal: Int32?, stoppedWith: String?,
        output: String?, reason: String?
    ) {
        self.name = name
        self.required = required
        self.status = status
        self.exit = exit
        self.signal = signal
        self.stoppedWith = stoppedWith
        self.output = output
        self.reason = reason
    }
}
