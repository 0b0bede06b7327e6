/// `matrix.stop`: saturation along one axis. For each combination of the other axes, the runner walks the axis's
/// values in declared order over the published results and skips the rest of the axis once the rule triggers:
///
/// ```yaml
/// stop:
///   axis: numjobs
///   metric: write.iops
///   gain-below: 5%        # no better than the best so far by 5 % …
///   for: 2                # … for 2 values in a row
///   # or: latency-above: {metric: write.clat.p99, value: 10ms}
/// ```
public struct StopRule: Hashable, Sendable, Codable {
    /// What makes a value count towards stopping.
    public enum Condition: String, Hashable, Sendable, Codable, CaseIterable {
        /// The metric is no better than the best of the earlier values by ``StopRule/threshold`` (a percentage).
        case gainBelow = "gain-below"
        /// The metric is above ``StopRule/threshold`` (a duration, or a number in the metric's unit).
        case latencyAbove = "latency-above"
    }

    /// The axis walked; every other axis but `repeat` picks a series.
    public var axis: String
    /// A metric `report` knows (`write.iops`, `write.clat.p99`).
    public var metric: String
    public var condition: Condition
    public var threshold: Quantity
    /// Values in a row that must count (`for:`).
    public var consecutive: Int

    public init(axis: String, metric: String, condition: Condition, threshold: Quantity, consecutive: Int = 1) {
        self.axis = axis
        self.metric = metric
        self.condition = condition
        self.threshold = threshold
        self.consecutive = consecutive
    }

    /// `gain-below: 5%` of `metric` for `consecutive` values of `axis` in a row.
    public static func gainBelow(_ threshold: Quantity, axis: String, metric: String, for consecutive: Int = 1) -> StopRule {
        StopRule(axis: axis, metric: metric, condition: .gainBelow, threshold: threshold, consecutive: consecutive)
    }

    /// `latency-above: {metric: M, value: 10ms}` for `consecutive` values of `axis` in a row.
    public static func latencyAbove(_ threshold: Quantity, axis: String, metric: String, for consecutive: Int = 1) -> StopRule {
        StopRule(axis: axis, metric: metric, condition: .latencyAbove, threshold: threshold, consecutive: consecutive)
    }
}
