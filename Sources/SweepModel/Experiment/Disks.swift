/// The devices an experiment may use.
public enum Disks: Hashable, Sendable, Codable {
    /// Existing block devices by name (`sdb`, `nvme0n1`, `/dev/disk/by-id/…`): the allowlist.
    case devices([String])
    /// File-backed loop devices created for the run and removed afterwards.
    case scratch(Scratch)

    /// The names expressions see as `disks`: the device names, or the symbolic scratch names.
    public var names: [String] {
        switch self {
        case .devices(let names): return names
        case .scratch(let scratch): return scratch.names
        }
    }
}

/// Sparse files bound to loop devices for the run.
public struct Scratch: Hashable, Sendable, Codable {
    /// How many devices.
    public var count: Int
    /// Size of each backing file (`1G`, `512M`).
    public var size: String
    /// Where the backing files go; `nil` is the run directory's `.scratch/`.
    public var dir: String?

    public init(count: Int, size: String, dir: String? = nil) {
        self.count = count
        self.size = size
        self.dir = dir
    }

    /// Symbolic names of the scratch devices (`scratch0`, `scratch1`, …), bound to loop devices at run time.
    /// At most ``ExperimentLimits/scratchDisks`` of them: a larger `count` is an error of its own
    /// (``ExperimentLimits/scratchCountProblem(_:)``), and no check on the way to it makes 10⁸ names.
    public var names: [String] { (0..<min(max(count, 0), ExperimentLimits.scratchDisks)).map { "scratch\($0)" } }
}

extension Disks {
    /// `sdb` for `/dev/sdb`: the spelling-independent name of a listed device.
    package static func bareName(_ name: String) -> String {
        name.hasPrefix("/dev/") ? String(name.dropFirst("/dev/".count)) : name
    }

    /// Whether `device` (`sdb` or `/dev/sdb`) is one of the listed devices, spelled either way.
    /// Scratch disks are loop devices bound at run time: no `/dev` path names one in the experiment.
    package func lists(_ device: String) -> Bool {
        guard case .devices(let names) = self else { return false }
        let bare = Self.bareName(device)
        return names.contains { Self.bareName($0) == bare }
    }
}
