import SweepPlanner
import SweepRecords

/// The seam for what a run creates beyond processes: scratch loop devices, pools, datasets, mounts — and the
/// disk-safety checks before anything destructive. ``StorageResources`` plugs in here; a directory experiment
/// needs nothing (``NoResources``).
package protocol ResourceManager: Sendable {
    /// Before anything is asked or changed (the confirmation prompt included): the refusal of devices that
    /// are known now and may not be destroyed, or `nil`. ``prepareRun(plan:runID:directory:journal:)`` checks
    /// again with everything bound.
    func preflight(plan: Plan, directory: RunDirectory) async -> RunRefusal?

    /// Before the first step of an invocation: create run-level resources (scratch loop devices, each
    /// journalled as soon as it exists), check every device the plan destroys, and return the bindings for
    /// their placeholders (`scratch0` → `/dev/loop3`). Throw ``RunRefusal`` to stop before anything destructive.
    func prepareRun(
        plan: Plan, runID: String, directory: RunDirectory, journal: ResourceJournal
    ) async throws
        -> [String: String]

    /// Before a setup step that creates `resource` (argv bound): throw to refuse, with a message naming the
    /// device and the reason.
    func willCreate(_ resource: Resource, argv: [String], runID: String) async throws

    /// After a setup step created `resource`: its journal form with what identifies it beyond its name (a
    /// pool's GUID), journalled as a second `resource-created`; `nil` when there is nothing to add.
    func didCreate(_ resource: Resource, runID: String) async -> JournalResource?

    /// A resource an interrupted run created and never destroyed (journalled in `directory`): tear it down if it
    /// carries `runID`'s marker. Returns what was done, for the log; `nil` when nothing was done.
    func recover(_ resource: JournalResource, runID: String, plan: Plan, directory: RunDirectory) async throws -> String?

    /// After the last step of an invocation, also after an interruption or a refusal: release run-level
    /// resources (journalling each one destroyed).
    func finishRun(plan: Plan, runID: String, directory: RunDirectory, journal: ResourceJournal) async
}

/// How a ``ResourceManager`` records what it creates and destroys in the run's journal (durably, before it
/// goes on; each event is a fault-injection boundary like the runner's own) and tells the user.
package struct ResourceJournal {
    private let record: (JournalEvent) throws -> Void
    private let message: (String) -> Void

    package init(record: @escaping (JournalEvent) throws -> Void, note: @escaping (String) -> Void) {
        self.record = record
        self.message = note
    }

    /// Journals `resource-created`.
    package func created(_ resource: JournalResource) throws {
        var event = JournalEvent(.resourceCreated)
        event.resource = resource
        try record(event)
    }

    /// Journals `resource-destroyed`, with why (`end of run`, `left by an interrupted run`).
    package func destroyed(_ resource: JournalResource, reason: String?) throws {
        var event = JournalEvent(.resourceDestroyed)
        event.resource = resource
        event.reason = reason
        try record(event)
    }

    /// A line for the user (progress output).
    package func note(_ text: String) { message(text) }
}

/// For experiments without pools or scratch disks: nothing to create, check or recover.
package struct NoResources: ResourceManager {
    package init() {}

    package func preflight(plan: Plan, directory: RunDirectory) async -> RunRefusal? { nil }

    package func prepareRun(
        plan: Plan, runID: String, directory: RunDirectory, journal: ResourceJournal
    ) async throws
        -> [String: String]
    {
        [:]
    }

    package func willCreate(_ resource: Resource, argv: [String], runID: String) async throws {}

    package func didCreate(_ resource: Resource, runID: String) async -> JournalResource? { nil }

    package func recover(_ resource: JournalResource, runID: String, plan: Plan, directory: RunDirectory) async throws -> String? {
        nil
    }

    package func finishRun(plan: Plan, runID: String, directory: RunDirectory, journal: ResourceJournal) async {}
}

/// A refusal to go on (a disk safety check, the environment): the run stops before anything destructive.
package struct RunRefusal: Error, Hashable, Sendable, CustomStringConvertible {
    package var message: String

    package init(_ message: String) {
        self.message = message
    }

    package var description: String { message }
}
