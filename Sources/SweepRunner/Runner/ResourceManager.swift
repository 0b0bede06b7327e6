import SweepPlanner

/// The seam for what a run creates beyond processes: scratch loop devices, pools, datasets — and the
/// disk-safety checks before anything destructive. The ZFS work plugs in here; a directory experiment
/// needs nothing (``NoResources``).
public protocol ResourceManager: Sendable {
    /// Before the first step of an invocation: create run-level resources (scratch loop devices) and return
    /// the bindings for their placeholders (`scratch0` → `/dev/loop3`).
    func prepareRun(plan: Plan, runID: String, directory: RunDirectory) async throws -> [String: String]

    /// Before a setup step that creates `resource` (argv bound): throw to refuse, with a message naming the
    /// device and the reason.
    func willCreate(_ resource: Resource, argv: [String], runID: String) async throws

    /// A resource an interrupted run created and never destroyed: tear it down if it carries `runID`'s marker.
    /// Returns what was done, for the log; `nil` when nothing was done.
    func recover(_ resource: JournalResource, runID: String, plan: Plan) async throws -> String?

    /// After the last step of an invocation, also after an interruption: release run-level resources.
    func finishRun(plan: Plan, runID: String, directory: RunDirectory) async
}

/// For experiments without pools or scratch disks: nothing to create, check or recover.
public struct NoResources: ResourceManager {
    public init() {}

    public func prepareRun(plan: Plan, runID: String, directory: RunDirectory) async throws -> [String: String] {
        [:]
    }

    public func willCreate(_ resource: Resource, argv: [String], runID: String) async throws {}

    public func recover(_ resource: JournalResource, runID: String, plan: Plan) async throws -> String? { nil }

    public func finishRun(plan: Plan, runID: String, directory: RunDirectory) async {}
}

extension JournalResource {
    /// `pool tank`, `loop /dev/loop3`.
    public var description: String { "\(kind.rawValue) \(name)" }
}

/// A refusal to go on (a disk safety check, the environment): the run stops before anything destructive.
public struct RunRefusal: Error, Hashable, Sendable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}
