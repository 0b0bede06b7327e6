import SweepModel

/// A `zpool create` command: `zpool create [-f] [-o P=V]… -O iosweep:run=<id> [-O P=V]… NAME VDEVS [log …] [cache …] [special …]`.
package struct ZPoolCreate: Hashable, Sendable {
    /// One vdev group of resolved device names.
    package struct Group: Hashable, Sendable {
        package var layout: Vdev.Layout
        package var devices: [String]

        package init(_ layout: Vdev.Layout = .stripe, _ devices: [String]) {
            self.layout = layout
            self.devices = devices
        }

        var argv: [String] { (layout == .stripe ? [] : [layout.rawValue]) + devices }
    }

    package var name: String
    package var vdevs: [Group]
    package var log: [Group]
    package var cache: [Group]
    package var special: [Group]
    package var force: Bool
    /// Pool properties (`-o`), in order.
    package var properties: [(String, String)]
    /// Root dataset properties (`-O`), in order, after the marker.
    package var filesystemProperties: [(String, String)]
    /// The run id written as `-O iosweep:run=<id>`.
    package var marker: String

    package init(
        name: String, vdevs: [Group], log: [Group] = [], cache: [Group] = [], special: [Group] = [],
        force: Bool = false, properties: [(String, String)] = [], filesystemProperties: [(String, String)] = [],
        marker: String
    ) {
        self.name = name
        self.vdevs = vdevs
        self.log = log
        self.cache = cache
        self.special = special
        self.force = force
        self.properties = properties
        self.filesystemProperties = filesystemProperties
        self.marker = marker
    }

    /// Every device the command writes to (vdevs, log, cache, special), in argv order.
    package var devices: [String] { (vdevs + log + cache + special).flatMap(\.devices) }

    package var argv: [String] {
        var argv = ["zpool", "create"]
        if force { argv.append("-f") }
        for (key, value) in properties { argv += ["-o", "\(key)=\(value)"] }
        argv += PoolMarker.createOptions(runID: marker)
        for (key, value) in filesystemProperties { argv += ["-O", "\(key)=\(value)"] }
        argv.append(name)
        argv += vdevs.flatMap(\.argv)
        for (keyword, groups) in [("log", log), ("cache", cache), ("special", special)] where !groups.isEmpty {
            argv.append(keyword)
            argv += groups.flatMap(\.argv)
        }
        return argv
    }

    package static func == (lhs: ZPoolCreate, rhs: ZPoolCreate) -> Bool { lhs.argv == rhs.argv }
    package func hash(into hasher: inout Hasher) { hasher.combine(argv) }
}
