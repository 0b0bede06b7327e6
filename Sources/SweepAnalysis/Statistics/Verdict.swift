/// What a comparison says about one cell, given which way is better for the metric.
public enum Verdict: String, Sendable, Equatable, CaseIterable {
    case improved
    case regressed
    /// The confidence interval contains 0 %.
    case noSignificantChange = "no significant change"
    /// Single values per side (no test) and the change is smaller than the comparison's noise threshold
    /// (`compare --threshold`, 5 %): too small to call without repeats.
    case withinThreshold = "within threshold"
    /// Nothing can be said: the % change has no bounded interval (the baseline mean is not distinguishable
    /// from 0) or is not finite (a baseline mean of 0).
    case inconclusive

    /// The verdict for a change of `percentChange` whose confidence interval is `interval` (`nil` when
    /// there were no repeats to test: the sign alone decides). A change with repeats but no bounded interval
    /// is ``inconclusive`` (``ChangeEstimate/verdict(higherIsBetter:)`` sees to that).
    ///
    /// - Parameter higherIsBetter: `true` for IOPS and bandwidth, `false` for latency, `%util`, `await`.
    public init(percentChange: Double, interval: ClosedRange<Double>?, higherIsBetter: Bool) {
        if !percentChange.isFinite {
            self = .inconclusive
        } else if let interval, interval.contains(0) {
            self = .noSignificantChange
        } else if percentChange == 0 {
            self = .noSignificantChange
        } else {
            self = (percentChange > 0) == higherIsBetter ? .improved : .regressed
        }
    }
}
