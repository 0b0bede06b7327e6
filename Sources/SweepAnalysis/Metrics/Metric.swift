import SweepModel
import SweepRecords
/// Which way a metric is better, so comparisons can say improved or regressed.
public enum MetricDirection: String, Sendable, Hashable, Codable, CaseIterable {
    /// More is better (IOPS, bandwidth).
    case higherIsBetter = "higher"
    /// Less is better (latency, `%util`, `await`).
    case lowerIsBetter = "lower"
    /// Neither (counts, sizes, CPU shares).
    case neutral = "none"
}

/// A metric a report can show: where its value comes from, its unit and its direction.
public struct Metric: Sendable, Hashable, CustomStringConvertible {
    /// Where a cell's value comes from.
    public enum Source: Sendable, Hashable {
        /// A number at a dotted path below a fio job (normalised, see `FioReport`): `write.lat_ns.mean`.
        case fio(path: String)
        /// A collector column (`iostat`, `mpstat`, `vmstat`, `zpool`, `diskstats`): mean over samples after the
        /// warmup, then mean over devices (or one value per device).
        case collector(name: Collector.Kind, column: String)
    }

    /// The name as the user wrote it (`write.lat.mean`, `iostat.%util`): the column title.
    public var name: String
    public var source: Source
    /// Unit of the values (`IO/s`, `KiB/s`, `ns`, `%`, `ms`, …), empty when it has none.
    public var unit: String
    public var direction: MetricDirection

    public init(name: String, source: Source, unit: String, direction: MetricDirection) {
        self.name = name
        self.source = source
        self.unit = unit
        self.direction = direction
    }

    public var description: String { name }

    /// The metric for a name: an alias from `MetricCatalog`, a fio JSON path, or `collector.column`.
    public init(parsing name: String) throws(MetricError) {
        self = try MetricCatalog.metric(named: name)
    }
}

/// A metric name that cannot be used.
public struct MetricError: Error, Sendable, Hashable, CustomStringConvertible {
    public var name: String
    public var message: String

    public var description: String { "unknown metric \"\(name)\": \(message)" }
}

/// One cell's value of one metric.
public struct MetricValue: Sendable, Hashable {
    public var value: Double
    /// Derived from averaged percentiles (jobs merged without json+ bins).
    public var isApproximate: Bool

    public init(_ value: Double, isApproximate: Bool = false) {
        self.value = value
        self.isApproximate = isApproximate
    }
}
