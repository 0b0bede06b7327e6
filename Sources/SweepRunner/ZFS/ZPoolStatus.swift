/// One pool's `zpool status` as far as iosweep needs it: its name, state and vdev tree leaves.
///
/// Parsed from the text both zfs-fuse 0.7 and OpenZFS print (`  pool: NAME`, ` state: …`, then a
/// `config:` table whose names are indented two spaces per level). Leaves are the lines not followed
/// by a deeper line, so group rows (`mirror-0`, `raidz1-0`, `logs`, `cache`, `spares`, `special`)
/// need no keyword list.
package struct ZPoolStatus: Hashable, Sendable {
    /// A device of the pool as `zpool status` names it (`loop0`, `/dev/loop0`, `sdb`, `ata-…`, a file path).
    package struct Leaf: Hashable, Sendable {
        package var name: String
        /// The top-level section: `data` for the pool's own vdevs, else `logs`, `cache`, `spares`, `special`, …
        package var section: String
        /// The enclosing group (`mirror-0`, `raidz1-0`), `nil` for a top-level device.
        package var group: String?

        package init(name: String, section: String, group: String?) {
            self.name = name
            self.section = section
            self.group = group
        }
    }

    package var name: String
    package var state: String?
    package var leaves: [Leaf]

    package init(name: String, state: String?, leaves: [Leaf]) {
        self.name = name
        self.state = state
        self.leaves = leaves
    }

    /// Parses the output of `zpool status [POOL…]`; pools are listed in output order.
    package static func parse(_ text: String) -> [ZPoolStatus] {
        var pools: [ZPoolStatus] = []
        var inConfig = false
        var rows: [(depth: Int, name: String)] = []

        func finishConfig() {
            guard inConfig, !pools.isEmpty else { return }
            pools[pools.count - 1].leaves = leaves(of: rows)
            rows = []
            inConfig = false
        }

        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmed = String(line).trimmingWhitespace
            if trimmed.hasPrefix("pool:"), !line.hasPrefix("\t") {
                finishConfig()
                let name = String(trimmed.dropFirst("pool:".count)).trimmingWhitespace
                pools.append(ZPoolStatus(name: name, state: nil, leaves: []))
            } else if trimmed.hasPrefix("state:"), !line.hasPrefix("\t"), !pools.isEmpty, !inConfig {
                pools[pools.count - 1].state = String(trimmed.dropFirst("state:".count)).trimmingWhitespace
            } else if trimmed == "config:" {
                inConfig = true
                rows = []
            } else if inConfig {
                guard line.hasPrefix("\t"), !trimmed.isEmpty else {
                    if trimmed.hasPrefix("errors:") { finishConfig() }
                    continue
                }
                let body = line.dropFirst()
                let spaces = body.prefix(while: { $0 == " " }).count
                guard let name = body.split(whereSeparator: { $0 == " " || $0 == "\t" }).first else { continue }
                if spaces == 0, name == "NAME" { continue }
                rows.append((spaces / 2, String(name)))
            }
        }
        finishConfig()
        return pools
    }

    private static func leaves(of rows: [(depth: Int, name: String)]) -> [Leaf] {
        var leaves: [Leaf] = []
        var section = "data"
        var group: String?
        for (index, row) in rows.enumerated() {
            let next = index + 1 < rows.count ? rows[index + 1].depth : -1
            if row.depth == 0 {
                // The pool's own row (first) or a section heading (`logs`, `cache`, …).
                section = index == 0 ? "data" : row.name
                group = nil
            } else if next > row.depth {
                group = row.name
            } else {
                if row.depth == 1 { group = nil }
                leaves.append(Leaf(name: row.name, section: section, group: group))
            }
        }
        return leaves
    }
}
