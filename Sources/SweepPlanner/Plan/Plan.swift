import SweepModel

/// Everything a run will do, in order: the output of the planner, the input of the runner and of every dry-run renderer.
///
/// Strings in step argv may hold ``Placeholder`` tokens for what is only known at run time
/// (the run id, the cell's working directory, the loop device behind a scratch disk).
public struct Plan: Hashable, Sendable, Codable {
    /// Version of this JSON schema.
    public var schemaVersion: Int
    public var experiment: String
    /// SHA-256 over every cell fingerprint and the run-level steps, in order.
    public var fingerprint: String
    /// Scratch loop devices to create for the run (empty for real disks).
    public var scratch: [ScratchDisk]
    /// Devices whose contents the run destroys (real names, or scratch placeholders).
    public var destroys: [String]
    /// The experiment's `wipe: true`: a partition table or file system signature on a device in
    /// ``destroys`` is not a refusal. Carried by the plan so that `run --plan` checks as `run` does.
    public var wipe: Bool
    /// Files the steps read (fio job files, inline jobs), frozen with their contents;
    /// argv refers to them as `@{files}/NAME`.
    public var files: [PlanFile]
    /// The machines steps run on besides the controller (``Step/host`` names one), as the experiment declares them.
    public var hosts: [StudyHost]
    /// The host whose disks ``destroys`` names and where pools and file systems are built; `nil` is the controller.
    public var storageHost: String?
    /// The load-generating hosts of an fio client/server workload, and who runs their servers.
    public var fioClients: FioClients?
    /// The study's adaptive rules (`matrix.stop`), asked by the runner before each pending cell; `nil` for a grid.
    public var rules: AdaptiveRules?
    /// Steps before the first cell (before-run hooks; with `recreate: once`, nothing else: pools live in groups).
    public var setup: [Step]
    /// Steps after the last cell (after-run hooks).
    public var teardown: [Step]
    /// Cells grouped by pool lifetime: each group's setup runs before its first pending cell and its
    /// teardown after its last. With `recreate: per-cell` every group holds one cell.
    public var groups: [CellGroup] {
        get { groupStorage.all }
        set { groupStorage = PlanGroups(newValue) }
    }
    /// The groups, kept as planning left them until they are read (see ``PlanGroups``).
    private(set) var groupStorage: PlanGroups

    public init(
        schemaVersion: Int = RunLayout.SchemaVersion.plan, experiment: String, fingerprint: String, scratch: [ScratchDisk],
        destroys: [String],
        wipe: Bool = false, files: [PlanFile] = [], hosts: [StudyHost] = [], storageHost: String? = nil,
        fioClients: FioClients? = nil, rules: AdaptiveRules? = nil, setup: [Step], teardown: [Step], groups: [CellGroup]
    ) {
        self.rules = rules
        self.hosts = hosts
        self.storageHost = storageHost
        self.fioClients = fioClients
        self.schemaVersion = schemaVersion
        self.experiment = experiment
        self.fingerprint = fingerprint
        self.scratch = scratch
        self.destroys = destroys
        self.wipe = wipe
        self.files = files
        self.setup = setup
        self.teardown = teardown
        groupStorage = PlanGroups(groups)
    }

    /// The plan whose groups are `table`'s, made when read.
    init(_ plan: Plan, cells table: CellTable) {
        self = plan
        groupStorage = PlanGroups(table)
    }

    /// All cells in run order.
    public var cells: [Cell] { groups.flatMap(\.cells) }

    private enum CodingKeys: String, CodingKey {
        case schemaVersion, experiment, fingerprint, scratch, destroys, wipe, files, hosts, storageHost, fioClients, rules, setup, teardown
        case groups
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(schemaVersion, forKey: .schemaVersion)
        try c.encode(experiment, forKey: .experiment)
        try c.encode(fingerprint, forKey: .fingerprint)
        try c.encode(scratch, forKey: .scratch)
        try c.encode(destroys, forKey: .destroys)
        try c.encode(wipe, forKey: .wipe)
        try c.encode(files, forKey: .files)
        try c.encode(hosts, forKey: .hosts)
        try c.encodeIfPresent(storageHost, forKey: .storageHost)
        try c.encodeIfPresent(fioClients, forKey: .fioClients)
        try c.encodeIfPresent(rules, forKey: .rules)
        try c.encode(setup, forKey: .setup)
        try c.encode(teardown, forKey: .teardown)
        try c.encode(groups, forKey: .groups)
    }

    /// Decodes a plan; `wipe`, `files`, `hosts`, `storageHost`, `fioClients` and `rules` may be absent (plans written before
    /// they existed, or without them).
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            schemaVersion: try c.decode(Int.self, forKey: .schemaVersion),
            experiment: try c.decode(String.self, forKey: .experiment),
            fingerprint: try c.decode(String.self, forKey: .fingerprint),
            scratch: try c.decode([ScratchDisk].self, forKey: .scratch),
            destroys: try c.decode([String].self, forKey: .destroys),
            wipe: try c.decodeIfPresent(Bool.self, forKey: .wipe) ?? false,
            files: try c.decodeIfPresent([PlanFile].self, forKey: .files) ?? [],
            hosts: try c.decodeIfPresent([StudyHost].self, forKey: .hosts) ?? [],
            storageHost: try c.decodeIfPresent(String.self, forKey: .storageHost),
            fioClients: try c.decodeIfPresent(FioClients.self, forKey: .fioClients),
            rules: try c.decodeIfPresent(AdaptiveRules.self, forKey: .rules),
            setup: try c.decode([Step].self, forKey: .setup),
            teardown: try c.decode([Step].self, forKey: .teardown),
            groups: try c.decode([CellGroup].self, forKey: .groups))
    }
}

/// A scratch disk: its symbolic name, the sparse file behind it and its size in bytes.
public struct ScratchDisk: Hashable, Sendable, Codable {
    public var name: String
    public var file: String
    public var bytes: Int64

    public init(name: String, file: String, bytes: Int64) {
        self.name = name
        self.file = file
        self.bytes = bytes
    }
}

/// A file a step reads, with its content: written under the run directory so a resumed run needs no source tree.
public struct PlanFile: Hashable, Sendable, Codable {
    public var name: String
    public var content: String

    public init(name: String, content: String) {
        self.name = name
        self.content = content
    }
}

/// The load generators of an fio client/server workload: every host any cell names in `workload.fio.clients`.
public struct FioClients: Hashable, Sendable, Codable {
    /// Host names, in the order of `hosts`.
    public var hosts: [String]
    public var servers: FioServers

    public init(hosts: [String], servers: FioServers) {
        self.hosts = hosts
        self.servers = servers
    }

    /// `ip:10.20.0.3,8765` (`ip6:` for an IPv6 address): fio's form for `--server=` and `--client=`.
    public static func endpoint(address: String, port: Int) -> String {
        "\(address.contains(":") ? "ip6" : "ip"):\(address),\(port)"
    }
}

extension Plan {
    /// The declared host named `name`.
    public func host(named name: String) -> StudyHost? { hosts.first { $0.name == name } }
}
