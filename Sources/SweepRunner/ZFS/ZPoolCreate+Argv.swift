extension ZPoolCreate {
    /// What a `zpool create` argv (possibly behind `sudo`) names: the pool, every device it writes to, and
    /// the run id of its `-O iosweep:run=<id>` marker. `nil` when `argv` is not a `zpool create`.
    package struct Parsed: Hashable, Sendable {
        package var name: String
        /// Devices in argv order (vdevs, log, cache, special, spare), vdev keywords left out.
        package var devices: [String]
        package var marker: String?
    }

    /// Words of a vdev specification that are layouts or sections, not devices.
    static let vdevKeywords: Set<String> = [
        "mirror", "raidz", "raidz1", "raidz2", "raidz3", "log", "cache", "spare", "special", "dedup",
    ]

    /// Options of `zpool create` that take a value.
    private static let optionsWithValue: Set<String> = ["-o", "-O", "-m", "-R", "-t"]

    /// Reads a bound `zpool create` argv, as the runner is about to spawn it.
    package static func parse(argv: [String]) -> Parsed? {
        guard let zpool = argv.firstIndex(where: { ($0.split(separator: "/").last.map(String.init) ?? $0) == "zpool" }),
            zpool + 1 < argv.count, argv[zpool + 1] == "create"
        else { return nil }
        var index = zpool + 2
        var marker: String?
        while index < argv.count, argv[index].hasPrefix("-") {
            let option = argv[index]
            if optionsWithValue.contains(option), index + 1 < argv.count {
                let value = argv[index + 1]
                if option == "-O", value.hasPrefix(PoolMarker.property + "=") {
                    marker = String(value.dropFirst(PoolMarker.property.count + 1))
                }
                index += 2
            } else {
                index += 1
            }
        }
        guard index < argv.count else { return nil }
        let devices = argv[(index + 1)...].filter { !vdevKeywords.contains($0) && !$0.hasPrefix("draid") }
        return Parsed(name: argv[index], devices: Array(devices), marker: marker)
    }
}
