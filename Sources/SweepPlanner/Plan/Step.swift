/// One command of the plan, with its exact argv.
public struct Step: Hashable, Sendable, Codable {
    /// What the step does; it decides when the runner runs it and how it is rendered.
    public enum Kind: String, Hashable, Sendable, Codable, CaseIterable {
        case hook
        /// Creates a resource (pool, dataset); paired with a teardown.
        case setup
        /// Started in the background before the workload, stopped (SIGINT, SIGTERM, SIGKILL) after it.
        case collector
        case workload
        /// Saves configuration beside the results (`zpool status`, `zfs get all`), stdout to a file.
        case record
        /// Moves the finished cell into place. Carries no argv: the runner renames `.partial/<id>` atomically.
        case publish
        case teardown
    }

    public var kind: Kind
    /// Exact argv; `sudo` already prefixed where the experiment asked for it. May hold ``Placeholder`` tokens.
    public var argv: [String]
    /// The resource a setup creates or a teardown destroys.
    public var resource: Resource?
    /// File (relative to the cell directory) that receives stdout: collector output, records.
    public var stdout: String?
    /// Seconds before the step is killed; `nil` for collectors (stopped by the runner) and hooks without limit.
    public var timeout: Double?
    /// For collectors: whether failure fails the cell, and which signal stops it first.
    public var collector: CollectorRole?
    /// The host (a name of ``Plan/hosts``) the step runs on, over ssh; `nil` is the controller.
    public var host: String?
    /// Files the runner writes into the step's directory before it starts (placeholders bound), named in argv as
    /// `@{cell}/NAME`: the per-client job files of an fio client/server workload.
    public var inputs: [PlanFile]?

    public init(
        _ kind: Kind, argv: [String], resource: Resource? = nil, stdout: String? = nil,
        timeout: Double? = nil, collector: CollectorRole? = nil, host: String? = nil, inputs: [PlanFile]? = nil
    ) {
        self.host = host
        self.inputs = inputs
        self.kind = kind
        self.argv = argv
        self.resource = resource
        self.stdout = stdout
        self.timeout = timeout
        self.collector = collector
    }
}

/// A resource a setup step creates (and its teardown destroys), journalled for crash recovery.
public enum Resource: Hashable, Sendable, Codable {
    case pool(String)
    case dataset(String)
    /// A file system mounted at this mount point (made by the `mkfs` step before its `mount`).
    case filesystem(String)
}

/// How a collector step is treated.
public struct CollectorRole: Hashable, Sendable, Codable {
    /// Output name (`iostat-sdb`, `mpstat`, `diskstats`).
    public var name: String
    public var required: Bool
    /// First stop signal: `INT` (iostat/mpstat JSON close their document on SIGINT).
    public var stopSignal: String

    public init(name: String, required: Bool, stopSignal: String = "INT") {
        self.name = name
        self.required = required
        self.stopSignal = stopSignal
    }
}
