import SweepRecords
import SweepPlanner

/// One line of `journal.jsonl`: an event name, its UTC time, and the fields that event carries.
///
/// Decoding is tolerant: unknown keys are ignored and unknown event or resource kinds decode
/// as their raw strings, so a reader of an older or newer journal still sees the events it knows.
public struct JournalEvent: Hashable, Sendable, Codable {
    /// The event name (`"event"`).
    public struct Name: OpenName {
        public var rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }

        public static let runStarted: Name = "run-started"
        public static let cellStarted: Name = "cell-started"
        /// A step's process started: pid, process group, argv (what crash recovery ends).
        public static let stepStarted: Name = "step-started"
        public static let stepFinished: Name = "step-finished"
        public static let resourceCreated: Name = "resource-created"
        public static let resourceDestroyed: Name = "resource-destroyed"
        /// A process started outside a step (pid, process group, argv).
        public static let processStarted: Name = "process-started"
        public static let cellFinished: Name = "cell-finished"
        /// A finished cell moved aside: stale fingerprint, or an earlier failed attempt.
        public static let cellMoved: Name = "cell-moved"
        /// A leftover process of an interrupted run, ended by a resumed run.
        public static let processEnded: Name = "process-ended"
        public static let runFinished: Name = "run-finished"
        public static let interrupted: Name = "interrupted"
    }

    public var event: Name
    /// UTC, ISO 8601 with milliseconds.
    public var time: String?
    public var runID: String?
    /// For `resource-created` / `resource-destroyed`, and the `step-started` of a setup step (the resource
    /// it is creating).
    public var resource: JournalResource?
    /// The runner's pid (`run-started`) or the step's process (`step-started`, `process-ended`).
    public var pid: Int32?
    /// The step's process group.
    public var pgid: Int32?
    /// The argv as spawned (placeholders bound).
    public var argv: [String]?
    public var cell: String?
    /// The group key, for group setup and teardown steps.
    public var group: String?
    /// Unique id of a step execution (`<runner pid>.<n>`), pairing `step-started` with `step-finished`.
    public var step: String?
    /// The step kind (`workload`, `collector`, …).
    public var kind: String?
    public var exit: Int32?
    public var signal: Int32?
    public var seconds: Double?
    /// `ok` / `failed` for cells; `stale` / `failed` for moved cells.
    public var status: String?
    public var reason: String?
    public var fingerprint: String?
    /// Where a moved cell went, relative to the results directory.
    public var path: String?
    /// Cells in the plan / cells failed (run events).
    public var cells: Int?
    public var failed: Int?

    public init(
        event: Name, resource: JournalResource? = nil, pid: Int32? = nil, pgid: Int32? = nil, argv: [String]? = nil
    ) {
        self.event = event
        self.resource = resource
        self.pid = pid
        self.pgid = pgid
        self.argv = argv
    }

    /// An event stamped with `time` (now by default).
    public init(_ event: Name, time: Timestamp = .now()) {
        self.init(event: event)
        self.time = time.iso8601
    }
}
