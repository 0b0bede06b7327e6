import SweepModel

/// A stop rule's walk along one series of its axis (one combination of the other axes), in the axis's declared
/// order: where it stops, and why, from the metric values published so far. Pure: the same values give the same
/// answer, so a resumed run decides as an uninterrupted one did.
///
/// - `gain-below P for N`: a value whose metric is no better than the best of the earlier values by P percent
///   (better in the metric's direction: more IO/s, less latency) counts; N counting values in a row stop the axis.
///   The knee is the value before the first of them.
/// - `above L for N`: a value whose metric is above L (in the metric's unit) counts; N in a row stop the axis.
///
/// A value with no published metric (not run yet, failed) neither counts nor breaks a streak.
public struct AxisStop: Sendable {
    /// When a value counts towards stopping.
    public enum Condition: Sendable, Hashable {
        /// No better than the best so far by `percent` percent.
        case gainBelow(percent: Double)
        /// Above `limit` (in the metric's unit); `limitText` is the limit as written (`10ms`).
        case above(limit: Double, limitText: String)
    }

    /// One value of the axis and the metric's mean over its published cells (`nil`: none published).
    public struct Point: Sendable, Hashable {
        public var value: Value
        public var metric: Double?

        public init(value: Value, metric: Double?) {
            self.value = value
            self.metric = metric
        }
    }

    /// Where the walk stopped: every value after `index` is skipped, for `reason`.
    public struct Stop: Sendable, Hashable {
        /// The index of the value that completed the streak.
        public var index: Int
        /// The knee (`gain-below`: the last value that still gained) or the first value above the limit.
        public var at: Value
        /// `saturated at numjobs=128 (+1.2 %, +0.8 %)`, `write.clat.p99 above 10ms from numjobs=256 (12.3ms)`.
        public var reason: String

        public init(index: Int, at: Value, reason: String) {
            self.index = index
            self.at = at
            self.reason = reason
        }
    }

    public var axis: String
    /// The metric's name, for the reason.
    public var metric: String
    public var direction: MetricDirection
    public var condition: Condition
    /// Values in a row that must count (`for:`), at least 1.
    public var consecutive: Int
    /// How a metric value is written in a reason (`12.3ms` for a latency in ns).
    public var format: @Sendable (Double) -> String

    public init(
        axis: String, metric: String, direction: MetricDirection, condition: Condition, consecutive: Int,
        format: @escaping @Sendable (Double) -> String = { NumberFormat.human($0) }
    ) {
        self.axis = axis
        self.metric = metric
        self.direction = direction
        self.condition = condition
        self.consecutive = max(1, consecutive)
        self.format = format
    }

    /// The first stop along `points` (in the axis's order), `nil` while the rule has not triggered.
    public func stop(_ points: [Point]) -> Stop? {
        var best: Double?
        var streak: [(index: Int, text: String)] = []
        var lastCounted: Int?
        for (index, point) in points.enumerated() {
            guard let value = point.metric, value.isFinite else { continue }
            switch condition {
            case .gainBelow(let percent):
                guard let reference = best else {
                    best = value
                    lastCounted = index
                    continue
                }
                let gain = Self.gain(of: value, over: reference, direction: direction)
                if gain < percent {
                    streak.append((index, Self.percentText(gain)))
                } else {
                    streak = []
                }
                if isBetter(value, than: reference) { best = value }
                if streak.isEmpty { lastCounted = index }
                if streak.count >= consecutive {
                    let knee = lastCounted.map { points[$0].value } ?? points[index].value
                    return Stop(
                        index: index, at: knee,
                        reason: "saturated at \(axis)=\(knee.text) (\(streak.map(\.text).joined(separator: ", ")))")
                }
            case .above(let limit, let limitText):
                if value > limit {
                    streak.append((index, format(value)))
                } else {
                    streak = []
                }
                if streak.count >= consecutive, let first = streak.first {
                    let from = points[first.index].value
                    return Stop(
                        index: index, at: from,
                        reason: "\(metric) above \(limitText) from \(axis)=\(from.text) (\(streak.map(\.text).joined(separator: ", ")))")
                }
            }
        }
        return nil
    }

    private func isBetter(_ value: Double, than reference: Double) -> Bool {
        direction == .lowerIsBetter ? value < reference : value > reference
    }

    /// The gain of `value` over `reference` in percent, positive when better in `direction` (neutral metrics count
    /// more as better); a zero reference gains nothing from zero and everything from more.
    static func gain(of value: Double, over reference: Double, direction: MetricDirection) -> Double {
        let change = direction == .lowerIsBetter ? reference - value : value - reference
        guard reference != 0 else { return change > 0 ? .infinity : 0 }
        return change / abs(reference) * 100
    }

    /// `+1.2 %`, `-0.8 %`.
    static func percentText(_ percent: Double) -> String {
        guard percent.isFinite else { return percent > 0 ? "+inf %" : "-inf %" }
        let rounded = (percent * 10).rounded() / 10
        let text = rounded == rounded.rounded() ? String(Int(rounded)) + ".0" : String(rounded)
        return (rounded >= 0 ? "+" : "") + (rounded == 0 ? "0.0" : text) + " %"
    }
}
