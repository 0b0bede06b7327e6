/// What a comparison says about one cell, given which way is better for the metric.
public enum Verdict: String, Sendable, Equatable, CaseIterable {
    case improved
    case regressed
    case noSignificantChange = "no significant change"

    /// The verdict for a change of `percentChange` whose confidence interval is `interval` (`nil` when
    /// there were no repeats to test: the sign alone decides).
    ///
    /// - Parameter higherIsBetter: `true` for IOPS and bandwidth, `false` for latency, `%util`, `await`.
    public init(percentChange: Double, interval: ClosedRange<Double>?, higherIsBetter: Bool) {
        if let interval, interval.contains(0) {
            self = .noSignificantChange
        } else if percentChange == 0 || !percentChange.isFinite {
            self = .noSignificantChange
        } else {
            self = (percentChange > 0) == higherIsBetter ? .improved : .regressed
        }
    }
}
