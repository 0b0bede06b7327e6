import SweepPlanner

/// One line of `journal.jsonl`. Fields not relevant to an event are absent.
public struct JournalEvent: Hashable, Sendable, Codable {
    public enum Kind: String, Hashable, Sendable, Codable, CaseIterable {
        case runStarted = "run-started"
        case cellStarted = "cell-started"
        case stepStarted = "step-started"
        case stepFinished = "step-finished"
        case resourceCreated = "resource-created"
        case resourceDestroyed = "resource-destroyed"
        case cellFinished = "cell-finished"
        /// A finished cell moved aside: stale fingerprint, or an earlier failed attempt.
        case cellMoved = "cell-moved"
        /// A leftover process of an interrupted run, ended by a resumed run.
        case processEnded = "process-ended"
        case runFinished = "run-finished"
        case interrupted
    }

    public var event: Kind
    /// UTC, ISO 8601 with milliseconds.
    public var time: String
    public var runID: String?
    /// The runner's pid (`run-started`) or the step's process (`step-started`, `process-ended`).
    public var pid: Int32?
    /// The step's process group.
    public var pgid: Int32?
    public var cell: String?
    /// The group key, for group setup and teardown steps.
    public var group: String?
    /// Unique id of a step execution (`<runner pid>.<n>`), pairing `step-started` with `step-finished`.
    public var step: String?
    /// The step kind (`workload`, `collector`, …).
    public var kind: String?
    /// The argv as spawned (placeholders bound).
    public var argv: [String]?
    public var exit: Int32?
    public var signal: Int32?
    public var seconds: Double?
    /// `ok` / `failed` for cells; `stale` / `failed` for moved cells.
    public var status: String?
    public var reason: String?
    public var resource: Resource?
    public var fingerprint: String?
    /// Where a moved cell went, relative to the results directory.
    public var path: String?
    /// Cells in the plan / cells failed (run events).
    public var cells: Int?
    public var failed: Int?

    public init(_ event: Kind, time: Timestamp = .now()) {
        self.event = event
        self.time = time.iso8601
    }
}
