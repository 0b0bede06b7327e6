import SweepModel
import SweepRecords
/// The metric names `report` understands: short aliases, fio JSON paths, collector columns.
///
/// | metric | meaning | unit | better |
/// |---|---|---|---|
/// | `D.iops` | I/O operations per second (D = `read`, `write`, `trim`, `mixed`) | IO/s | higher |
/// | `D.bw` | bandwidth | KiB/s | higher |
/// | `D.bw_bytes` | bandwidth | B/s | higher |
/// | `D.io_bytes` / `D.io_kbytes` | data transferred | bytes / KiB | — |
/// | `D.total_ios` | I/Os completed | count | — |
/// | `D.runtime` | runtime | ms | — |
/// | `D.lat.mean` (`.min` `.max` `.stddev`) | total latency, `D.lat_ns.mean` | ns | lower |
/// | `D.clat.mean`, `D.slat.mean` | completion / submission latency | ns | lower |
/// | `D.clat.p99` (`p50`, `p99.9`, …), `D.lat.p99` | percentile, `D.clat_ns.percentile.99.000000` | ns | lower |
/// | `sync.lat.mean` | fsync latency | ns | lower |
/// | `usr_cpu`, `sys_cpu` | CPU use of the job | % | lower |
/// | any other fio path (`write.lat_ns.mean`, `write.clat_ns.percentile.99.000000`) | as in the JSON | by name | by name |
/// | `iostat.<column>` (`iostat.%util`, `iostat.w/s`, `iostat.w_await`) | iostat column, as its header spells it | by column | by column |
/// | `mpstat.<column>` (`mpstat.%usr`, `mpstat.%iowait`; `mpstat.usr` = `mpstat.%usr`) | CPU `all` row (text or JSON) | % | `%idle` higher, `%iowait` —, others lower |
/// | `vmstat.<column>` (`vmstat.us`, `vmstat.wa`, `vmstat.bi`, `vmstat.cs`) | vmstat column, since-boot line dropped | see `vmstatUnits` | see `vmstatUnits` |
/// | `zpool.<column>` (`zpool.write-ops`, `zpool.write-bw`) | `zpool iostat` pool rows | 1/s, B/s | higher |
/// | `diskstats.<column>` (iostat names: `diskstats.%util`, `diskstats.w/s`) | rates from iosweep's diskstats sampler | by column | by column |
public enum MetricCatalog {
    /// The directions of fio results.
    public static let fioDirections = ["read", "write", "trim", "mixed", "sync"]
    /// mpstat's CPU columns as JSON names them; the text header (and every metric) adds `%`.
    private static let mpstatCPUKeys: Set<String> = ["usr", "nice", "sys", "iowait", "irq", "soft", "steal", "guest", "gnice", "idle"]
    /// Units and directions of vmstat's columns (procps: memory in KiB, `bi`/`bo` in 1 KiB blocks).
    static let vmstatUnits: [String: (unit: String, direction: MetricDirection)] = [
        "r": ("processes", .neutral), "b": ("processes", .neutral),
        "swpd": ("KiB", .neutral), "free": ("KiB", .neutral), "buff": ("KiB", .neutral), "cache": ("KiB", .neutral),
        "inact": ("KiB", .neutral), "active": ("KiB", .neutral),
        "si": ("KiB/s", .lowerIsBetter), "so": ("KiB/s", .lowerIsBetter),
        "bi": ("KiB/s", .higherIsBetter), "bo": ("KiB/s", .higherIsBetter),
        "in": ("1/s", .neutral), "cs": ("1/s", .neutral),
        "us": ("%", .lowerIsBetter), "sy": ("%", .lowerIsBetter), "st": ("%", .lowerIsBetter), "gu": ("%", .lowerIsBetter),
        "id": ("%", .higherIsBetter), "wa": ("%", .neutral),
    ]
    /// fio's own steady-state detection (`ss`, `ss_dur`, `ss_ramp`): the job's `steadystate` object as `ss.*` —
    /// `attained` (1 when fio found steady state and stopped, 0 when it gave up at the runtime), the criterion's
    /// `slope` and `max_deviation`, and the window `duration` in seconds.
    private static let steadyStateKeys: [String: String] = ["attained": "", "slope": "", "max_deviation": "", "duration": "s"]

    /// Job-level fio keys that are metrics.
    private static let jobKeys: [String: (unit: String, direction: MetricDirection)] = [
        "usr_cpu": ("%", .lowerIsBetter), "sys_cpu": ("%", .lowerIsBetter), "job_runtime": ("ms", .neutral),
        "ctx": ("", .neutral), "majf": ("", .neutral), "minf": ("", .neutral), "elapsed": ("s", .neutral),
    ]

    /// Resolves `name`.
    public static func metric(named name: String) throws(MetricError) -> Metric {
        let parts = name.split(separator: ".", maxSplits: 1).map(String.init)
        guard let head = parts.first, !name.isEmpty else { throw MetricError(name: name, message: "empty name") }
        if let collector = Collector.Kind(metricPrefix: head) {
            guard parts.count == 2, !parts[1].isEmpty else {
                throw MetricError(name: name, message: "give a column: \(head).<column>, e.g. iostat.%util")
            }
            let column = collector == .mpstat && mpstatCPUKeys.contains(parts[1]) ? "%" + parts[1] : parts[1]
            let (unit, direction) = collectorUnit(collector, column)
            return Metric(name: name, source: .collector(name: collector, column: column), unit: unit, direction: direction)
        }
        if let job = jobKeys[name] {
            return Metric(name: name, source: .fio(path: name), unit: job.unit, direction: job.direction)
        }
        if head == "ss" {
            guard parts.count == 2, let unit = steadyStateKeys[parts[1]] else {
                throw MetricError(
                    name: name, message: "fio's steady state (the ss option): ss.attained, ss.slope, ss.max_deviation or ss.duration")
            }
            return Metric(name: name, source: .fio(path: "steadystate." + parts[1]), unit: unit, direction: .neutral)
        }
        guard fioDirections.contains(head), parts.count == 2 else {
            throw MetricError(
                name: name,
                message:
                    "use a fio path below the job (write.iops, write.lat_ns.mean), an alias (write.lat.mean, write.clat.p99), or a collector column (iostat.%util)"
            )
        }
        let path = try expandAlias(direction: head, rest: parts[1], name: name)
        let (unit, direction) = fioUnit(path)
        return Metric(name: name, source: .fio(path: path), unit: unit, direction: direction)
    }

    /// `lat.mean` → `lat_ns.mean`, `clat.p99.9` → `clat_ns.percentile.99.900000`; paths pass through.
    private static func expandAlias(direction: String, rest: String, name: String) throws(MetricError) -> String {
        let pieces = rest.split(separator: ".", maxSplits: 1).map(String.init)
        guard ["lat", "clat", "slat"].contains(pieces[0]) else { return direction + "." + rest }
        guard pieces.count == 2 else {
            throw MetricError(name: name, message: "give a statistic: \(direction).\(pieces[0]).mean, .min, .max, .stddev or .p99")
        }
        let statistic = pieces[1]
        let base = direction + "." + pieces[0] + "_ns"
        if statistic.hasPrefix("p"), let percent = NumberParser.parse(statistic.dropFirst()), percent > 0, percent <= 100 {
            return base + ".percentile." + FioNormalizer.percentKey(percent)
        }
        guard ["mean", "min", "max", "stddev", "N"].contains(statistic) else {
            throw MetricError(name: name, message: "unknown statistic \"\(statistic)\": use mean, min, max, stddev, N or pNN (p99, p99.9)")
        }
        return base + "." + statistic
    }

    /// Unit and direction of a fio path, from its last keys.
    static func fioUnit(_ path: String) -> (String, MetricDirection) {
        let key = path.split(separator: ".").dropFirst().first.map(String.init) ?? path
        if path.contains("_ns.") {
            return path.hasSuffix(".N") ? ("count", .neutral) : ("ns", .lowerIsBetter)
        }
        switch key {
        case "iops", "iops_mean", "iops_min", "iops_max": return ("IO/s", .higherIsBetter)
        case "bw", "bw_mean", "bw_min", "bw_max", "bw_dev": return ("KiB/s", key == "bw_dev" ? .neutral : .higherIsBetter)
        case "bw_bytes": return ("B/s", .higherIsBetter)
        case "io_bytes": return ("bytes", .neutral)
        case "io_kbytes": return ("KiB", .neutral)
        case "runtime": return ("ms", .neutral)
        case "bw_agg": return ("%", .neutral)
        case "total_ios", "short_ios", "drop_ios": return ("count", .neutral)
        default: return ("", .neutral)
        }
    }

    /// Unit and direction of a collector column.
    static func collectorUnit(_ collector: Collector.Kind, _ column: String) -> (String, MetricDirection) {
        switch collector {
        case .mpstat:
            // CPU time: the share used is a cost, idle is headroom; iowait is idle time with I/O outstanding.
            guard column.hasPrefix("%") else { return ("1/s", .neutral) }
            switch column {
            case "%idle": return ("%", .higherIsBetter)
            case "%iowait": return ("%", .neutral)
            default: return ("%", .lowerIsBetter)
            }
        case .vmstat:
            guard let known = vmstatUnits[column] else { return ("", .neutral) }
            return known
        case .zpoolIostat:
            if column.hasSuffix("-ops") { return ("1/s", .higherIsBetter) }
            if column.hasSuffix("-bw") { return ("B/s", .higherIsBetter) }
            return ("bytes", .neutral)
        default: break
        }
        if column.hasPrefix("%") { return ("%", column == "%util" ? .lowerIsBetter : .neutral) }
        if column.contains("await") || column == "svctm" { return ("ms", .lowerIsBetter) }
        if column.hasSuffix("kB/s") { return ("kB/s", .higherIsBetter) }
        if column.hasSuffix("MB/s") { return ("MB/s", .higherIsBetter) }
        if column.hasSuffix("sec/s") { return ("sectors/s", .higherIsBetter) }
        if column.hasSuffix("/s") { return ("1/s", column.contains("rqm") ? .neutral : .higherIsBetter) }
        if column.hasSuffix("areq-sz") { return ("kB", .neutral) }
        if column == "avgrq-sz" { return ("sectors", .neutral) }
        if column == "aqu-sz" || column == "avgqu-sz" { return ("requests", .neutral) }
        return ("", .neutral)
    }
}
