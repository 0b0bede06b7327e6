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
    /// Files the steps read (fio job files, inline jobs), frozen with their contents;
    /// argv refers to them as `@{files}/NAME`.
    public var files: [PlanFile]
    /// Steps before the first cell (before-run hooks; with `recreate: once`, nothing else: pools live in groups).
    public var setup: [Step]
    /// Steps after the last cell (after-run hooks).
    public var teardown: [Step]
    /// Cells grouped by pool lifetime: each group's setup runs before its first pending cell and its
    /// teardown after its last. With `recreate: per-cell` every group holds one cell.
    public var groups: [CellGroup]

    public init(
        schemaVersion: Int = 1, experiment: String, fingerprint: String, scratch: [ScratchDisk], destroys: [String],
        files: [PlanFile] = [], setup: [Step], teardown: [Step], groups: [CellGroup]
    ) {
        self.schemaVersion = schemaVersion
        self.experiment = experiment
        self.fingerprint = fingerprint
        self.scratch = scratch
        self.destroys = destroys
        self.files = files
        self.setup = setup
        self.teardown = teardown
        self.groups = groups
    }

    /// All cells in run order.
    public var cells: [Cell] { groups.flatMap(\.cells) }
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
