/// One line of `journal.jsonl`: an event name, its UTC time, and the fields that event carries.
///
/// Decoding is tolerant: unknown keys are ignored and unknown event or resource kinds decode
/// as their raw strings, so a reader of an older or newer journal still sees the events it knows.
package struct JournalEvent: Hashable, Sendable, Codable {
    /// The event name (`"event"`).
    package struct Name: OpenName {
        package var rawValue: String
        package init(rawValue: String) { self.rawValue = rawValue }

        package static let runStarted: Name = "run-started"
        package static let cellStarted: Name = "cell-started"
        /// A step's process started: pid, process group, argv (what crash recovery ends).
        package static let stepStarted: Name = "step-started"
        package static let stepFinished: Name = "step-finished"
        package static let resourceCreated: Name = "resource-created"
        package static let resourceDestroyed: Name = "resource-destroyed"
        /// A process started outside a step (pid, process group, argv).
        package static let processStarted: Name = "process-started"
        package static let cellFinished: Name = "cell-finished"
        /// A finished cell moved aside: stale fingerprint, or an earlier failed attempt.
        package static let cellMoved: Name = "cell-moved"
        /// A leftover process of an interrupted run, ended by a resumed run.
        package static let processEnded: Name = "process-ended"
        package static let runFinished: Name = "run-finished"
        /// A managed `fio --server` started on a host (host, pid on that host, argv).
        package static let serverStarted: Name = "server-started"
        /// A managed `fio --server` stopped (host, pid).
        package static let serverStopped: Name = "server-stopped"
        package static let interrupted: Name = "interrupted"
        /// A step's process on another host is known there (step, host, its pid and process group on that host):
        /// journalled as soon as the remote shell names it, so recovery ends it there after a crash.
        package static let remoteProcessStarted: Name = "remote-process-started"
        /// A pending cell an adaptive rule skips (cell, the rule as `kind`, the reason with its numbers).
        package static let cellSkipped: Name = "cell-skipped"
        /// The probe a search runs next (cell, the rule as `kind`, the bracket it narrows as `reason`).
        package static let probeChosen: Name = "probe-chosen"
    }

    package var event: Name
    /// UTC, ISO 8601 with milliseconds.
    package var time: String?
    package var runID: String?
    /// For `resource-created` / `resource-destroyed`, and the `step-started` of a setup step (the resource
    /// it is creating).
    package var resource: JournalResource?
    /// The runner's pid (`run-started`) or the step's process (`step-started`, `process-ended`).
    package var pid: Int32?
    /// The step's process group.
    package var pgid: Int32?
    /// The argv as spawned (placeholders bound).
    package var argv: [String]?
    package var cell: String?
    /// The group key, for group setup and teardown steps.
    package var group: String?
    /// Unique id of a step execution (`<runner pid>.<n>`), pairing `step-started` with `step-finished`.
    package var step: String?
    /// The step kind (`workload`, `collector`, …).
    package var kind: String?
    package var exit: Int32?
    package var signal: Int32?
    package var seconds: Double?
    /// `ok` / `failed` for cells; `stale` / `failed` for moved cells.
    package var status: String?
    package var reason: String?
    package var fingerprint: String?
    /// Where a moved cell went, relative to the results directory.
    package var path: String?
    /// Cells in the plan / cells failed (run events).
    package var cells: Int?
    package var failed: Int?
    /// The host (a name of the plan's `hosts`) a step or server ran on; absent on the controller.
    package var host: String?
    /// A remote step's stderr log, whose first line names the step's pid on its host (`step-started`).
    package var stderr: String?

    package init(
        event: Name, resource: JournalResource? = nil, pid: Int32? = nil, pgid: Int32? = nil, argv: [String]? = nil
    ) {
        self.event = event
        self.resource = resource
        self.pid = pid
        self.pgid = pgid
        self.argv = argv
    }

    /// An event stamped with `time` (now by default).
    package init(_ event: Name, time: Timestamp = .now()) {
        self.init(event: event)
        self.time = time.iso8601
    }
}
