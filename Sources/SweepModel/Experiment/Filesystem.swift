/// A file system made fresh on `disks` for each cell (or group of cells), as a pool is: `mkfs.TYPE` (labelled with
/// the run's marker), `mount`, the cell, `umount`. The workload reaches it through the name `mountpoint`
/// (`directory: ${mountpoint}`).
public struct Filesystem: Hashable, Sendable, Codable {
    /// The file systems iosweep makes; a cell's `type` must give one of them.
    public enum Kind: String, Hashable, Sendable, Codable, CaseIterable {
        case ext4
        case xfs
        case btrfs

        /// Whether one file system of the type may span several devices.
        public var takesSeveralDevices: Bool { self == .btrfs }
    }

    /// `ext4`, `xfs`, `btrfs`, or an expression giving one (`${fs}`).
    public var type: Value
    /// The devices, names from `disks`: one for ext4 and xfs, one or more for btrfs.
    public var devices: Value
    /// More `mkfs.TYPE` arguments, an argv list (`[-m, crc=1]`, btrfs `[-d, raid0, -m, raid1]`).
    public var mkfsOptions: [Value]
    /// `mount -o` options, joined with commas (`[noatime]`).
    public var mountOptions: [Value]
    /// Where it is mounted; `nil` is `.mnt` in the results directory.
    public var mountpoint: Value?
    public var recreate: Pool.Recreate
    /// The cells that have the file system (as ``Pool/when``).
    public var when: Value?
    /// The host (a name from `hosts`) whose disks the file system is made on, where `mkfs`, `mount` and `umount`
    /// run; `nil` is the controller.
    public var host: String?

    /// Where the file system of the default mount point is, inside the results directory (`@{results}` in a plan).
    public static let defaultMountpoint = ".mnt"

    /// The mount point as steps name it: the one written, else `@{results}/.mnt` (the results directory is bound
    /// at run time, as the cell directory is).
    public var mountpointPath: String { mountpoint?.text ?? "@{results}/" + Self.defaultMountpoint }

    /// System directories no file system is mounted over (nor anything under the system's own trees).
    static let systemDirectories: Set<String> = [
        "/", "/bin", "/boot", "/dev", "/etc", "/home", "/lib", "/lib32", "/lib64", "/libx32", "/media", "/mnt", "/opt",
        "/proc", "/root", "/run", "/sbin", "/srv", "/sys", "/tmp", "/usr", "/var",
    ]

    /// Why a file system may not be mounted at `mountpoint` (`is a system directory`), or `nil`: a mount point is
    /// under the results directory (`@{results}/…`) or an absolute path with no empty, `.` or `..` component, not a
    /// system directory, not under `/proc`, `/sys`, `/dev`, `/boot`, `/etc`, `/usr`, `/bin`, `/sbin`, `/lib`, `/run`.
    public static func mountpointProblem(_ mountpoint: String) -> String? {
        let results = "@{results}/"
        let inResults = mountpoint.hasPrefix(results)
        let path = inResults ? String(mountpoint.dropFirst(results.count - 1)) : mountpoint
        let parts = path.split(separator: "/", omittingEmptySubsequences: false).dropFirst()
        guard path.hasPrefix("/"), !parts.isEmpty, !path.utf8.contains(0),
            !parts.contains(where: { $0.isEmpty || $0 == "." || $0 == ".." || $0.contains("@{") })
        else { return "is not a plain absolute path" }
        if inResults { return nil }
        let trees = ["/proc", "/sys", "/dev", "/boot", "/etc", "/usr", "/bin", "/sbin", "/lib", "/lib64", "/run"]
        if systemDirectories.contains(path) || trees.contains(where: { path.hasPrefix($0 + "/") }) { return "is a system directory" }
        return nil
    }

    public init(
        type: Value, devices: Value, mkfsOptions: [Value] = [], mountOptions: [Value] = [], mountpoint: Value? = nil,
        recreate: Pool.Recreate = .perCell, when: Value? = nil, host: String? = nil
    ) {
        self.host = host
        self.type = type
        self.devices = devices
        self.mkfsOptions = mkfsOptions
        self.mountOptions = mountOptions
        self.mountpoint = mountpoint
        self.recreate = recreate
        self.when = when
    }
}
