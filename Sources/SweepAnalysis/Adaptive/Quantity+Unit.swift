import SweepModel

extension Quantity {
    /// The quantity in a metric's unit (``Metric/unit``: `ns`, `ms`, `KiB/s`, `%`, `IO/s`…); `nil` when the two do not
    /// measure the same thing (a duration against IO/s). A plain number is taken as already in the metric's unit.
    public func value(inUnit unit: String) -> Double? {
        switch kind {
        case .number: return value
        case .percent: return unit == "%" ? value : nil
        case .duration:
            let nanoseconds: [String: Double] = ["ns": 1, "us": 1e3, "ms": 1e6, "s": 1e9]
            return nanoseconds[unit].map { value / $0 }
        case .bandwidth:
            let bytes: [String: Double] = ["B/s": 1, "KiB/s": 1024, "kB/s": 1024, "MiB/s": 1_048_576, "MB/s": 1_048_576]
            return bytes[unit].map { value / $0 }
        }
    }

    /// A metric value for people, a latency in a readable unit (`12.3ms` for 12,300,000 ns).
    public static func format(_ value: Double, unit: String) -> String {
        guard unit == "ns" else { return NumberFormat.human(value) + (unit.isEmpty ? "" : " " + unit) }
        for (suffix, factor) in [("s", 1e9), ("ms", 1e6), ("us", 1e3)] where abs(value) >= factor {
            return NumberFormat.human(value / factor) + suffix
        }
        return NumberFormat.human(value) + "ns"
    }
}
