import SweepModel

/// Compares fio's own client/server `"All clients"` entry with the aggregate iosweep computes from the
/// client entries.
///
/// Compared, per direction present in both (`read`, `write`, `trim`, `mixed`, `sync`): `iops`, `bw_bytes`
/// (`bw` when either lacks it), `io_bytes` (`io_kbytes` when either lacks it), `total_ios`, and the
/// `mean` of `clat_ns` and `lat_ns`. Two values agree when they differ by at most 0.5 % of the larger
/// or by at most 1 in the metric's unit (IOPS, B/s, KiB/s, bytes, I/Os, ns), whichever is more: that
/// covers fio's rounding and its IOPS, which are the summed I/O count over the longest client runtime
/// rather than the sum of the clients' IOPS. A metric iosweep could not compute as a finite number is
/// not compared.
package struct FioAllClientsCheck {
    /// The relative tolerance: 0.5 %.
    package static let relativeTolerance = 0.005
    /// The absolute tolerance, in the metric's own unit.
    package static let absoluteTolerance = 1.0

    /// One metric on which the two aggregates disagree.
    package struct Disagreement: Equatable {
        /// The dotted path below the job (`write.iops`, `read.clat_ns.mean`).
        package var path: String
        /// The value in fio's `All clients` entry.
        package var fio: Double
        /// The value iosweep computed.
        package var computed: Double
    }

    package init() {}

    /// Whether `fio` and `computed` agree within the tolerances.
    package static func agree(_ fio: Double, _ computed: Double) -> Bool {
        let scale = max(abs(fio), abs(computed))
        return abs(fio - computed) <= max(relativeTolerance * scale, absoluteTolerance)
    }

    /// The metrics on which fio's entry (`fio`) and iosweep's aggregate (`computed`) disagree, in
    /// direction order.
    package func disagreements(fio: FioGroup, computed: FioGroup) -> [Disagreement] {
        var found: [Disagreement] = []
        for direction in FioNormalizer.directions {
            guard let theirs = fio.stats[direction]?.objectValue, let ours = computed.stats[direction]?.objectValue else { continue }
            func both(_ key: String) -> Bool { theirs[key] != nil && ours[key] != nil }
            let bandwidth = both("bw_bytes") ? "bw_bytes" : "bw", bytes = both("io_bytes") ? "io_bytes" : "io_kbytes"
            for key in ["iops", bandwidth, bytes, "total_ios", "clat_ns.mean", "lat_ns.mean"] {
                guard let value = JSONValue.object(ours).value(atPath: Substring(key))?.doubleValue, value.isFinite,
                    let fioValue = JSONValue.object(theirs).value(atPath: Substring(key))?.doubleValue
                else { continue }
                if !Self.agree(fioValue, value) {
                    found.append(Disagreement(path: direction + "." + key, fio: fioValue, computed: value))
                }
            }
        }
        return found
    }

    /// The problem to report for the file, naming every metric that disagrees with both values, or `nil`
    /// when the two agree.
    package func problem(fio: FioGroup, computed: FioGroup) -> String? {
        let found = disagreements(fio: fio, computed: computed)
        guard !found.isEmpty else { return nil }
        let list = found.map { "\($0.path) \(Self.format($0.fio)) in fio's, \(Self.format($0.computed)) computed by iosweep" }
        return "fio's \"All clients\" entry disagrees with the sum of the client entries (beyond 0.5 % or 1 unit): "
            + list.joined(separator: ", ") + "; the report uses iosweep's sum"
    }

    private static func format(_ value: Double) -> String {
        guard value.isFinite else { return value.isNaN ? "nan" : (value < 0 ? "-inf" : "inf") }
        if value.rounded() == value, abs(value) < 0x1p63 { return String(Int64(value)) }
        return String((value * 1000).rounded() / 1000)
    }
}
