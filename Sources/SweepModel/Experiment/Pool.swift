/// The ZFS pool built for a cell: `zpool create [-f] [-o …] [-O …] NAME VDEVS [log …] [cache …] [special …]`.
public struct Pool: Hashable, Sendable, Codable {
    /// Pool name; may be an expression.
    public var name: String
    /// Data vdevs: a stripe, or `mirror` / `raidz*` groups.
    public var vdevs: [Vdev]
    public var log: [Vdev]
    public var cache: [Vdev]
    public var special: [Vdev]
    /// `zpool create -f`.
    public var force: Bool
    /// Pool properties (`-o`).
    public var properties: Settings
    /// Root dataset properties (`-O`).
    public var filesystemProperties: Settings
    public var recreate: Recreate
    /// The cells that have the pool: `true`, `false`, or a `${…}` condition (`${fs == 'zfs'}`); `nil` is every cell.
    public var when: Value?
    /// The host (a name from `hosts`) whose disks the pool is built on, and where its `zpool`/`zfs` commands and
    /// its datasets' run; `nil` is the controller.
    public var host: String?

    public init(
        name: String, vdevs: [Vdev], log: [Vdev] = [], cache: [Vdev] = [], special: [Vdev] = [],
        force: Bool = false, properties: Settings = [:], filesystemProperties: Settings = [:],
        recreate: Recreate = .perCell, when: Value? = nil, host: String? = nil
    ) {
        self.when = when
        self.host = host
        self.name = name
        self.vdevs = vdevs
        self.log = log
        self.cache = cache
        self.special = special
        self.force = force
        self.properties = properties
        self.filesystemProperties = filesystemProperties
        self.recreate = recreate
    }

    /// When the pool is destroyed and created again.
    public enum Recreate: String, Hashable, Sendable, Codable, CaseIterable {
        /// Around every cell, as the seed did.
        case perCell = "per-cell"
        /// Once per run of consecutive cells sharing the pool-affecting values.
        case perGroup = "per-group"
        /// Once for the whole run.
        case once
    }
}

/// One vdev group: its layout and its devices (a list, or an expression such as `${disks[:ndisks]}`).
public struct Vdev: Hashable, Sendable, Codable {
    public var layout: Layout
    public var devices: Value

    public init(_ layout: Layout = .stripe, _ devices: Value) {
        self.layout = layout
        self.devices = devices
    }

    /// The vdev layout keyword of `zpool create` (`mirror`, `raidz2`, …).
    public enum Layout: String, Hashable, Sendable, Codable, CaseIterable {
        /// Plain devices, no redundancy keyword.
        case stripe
        case mirror
        case raidz
        case raidz2
        case raidz3
    }
}
