import SweepAnalysis
import SweepModel
import SweepPlanner
import SweepRecords
import SweepRunner

/// The runner's ``CellDecider`` for a plan's adaptive rules. Before a pending cell it reads the cells published in
/// the results directory (``PublishedMetrics``: the report's own reader and metric, never the runner's memory):
/// - a stop rule walks ``AxisStop`` along the cell's series — the cells with the same values on every other axis but
///   `repeat`, each value of the axis the mean of the metric over its published repeats;
/// - a repeat-until rule skips the rest of a cell's repeats once its metric's mean is precise (``RepeatOutcome``);
/// - a search runs the next probe of the cell's search, waits with the others, and skips the rest once it has
///   answered (``SearchOutcome``).
enum AdaptiveDecider {
    static func make(plan: Plan, directory: RunDirectory) -> CellDecider {
        guard let rules = plan.rules else { return .everyCell }
        let root = directory.root
        let stop = stopDecider(plan: plan, rules: rules, root: root)
        // The first rule that does not simply run the cell decides.
        return CellDecider { cell in
            if let stop, case let decision = stop(cell), decision != .run { return decision }
            if rules.search != nil, let decision = SearchOutcome(plan: plan, root: root)?.decide(cell), decision != .run { return decision }
            if rules.repeatUntil != nil, let decision = RepeatOutcome(plan: plan, root: root)?.decide(cell), decision != .run {
                return decision
            }
            if rules.steadyState != nil, let decision = SteadyOutcome(plan: plan, root: root)?.decide(cell) { return decision }
            return .run
        }
    }

    /// The stop rule's decision for a cell, `nil` without a stop rule.
    static func stopDecider(plan: Plan, rules: AdaptiveRules, root: String) -> (@Sendable (Cell) -> CellDecision)? {
        guard let stop = rules.stop, let metric = try? MetricCatalog.metric(named: stop.metric) else { return nil }
        let condition: AxisStop.Condition
        switch stop.condition {
        case .gainBelow:
            condition = .gainBelow(percent: stop.threshold.value)
        case .latencyAbove:
            guard let limit = stop.threshold.value(inUnit: metric.unit) else { return nil }
            condition = .above(limit: limit, limitText: stop.threshold.description)
        }
        let walk = AxisStop(
            axis: stop.axis, metric: stop.metric, direction: metric.direction, condition: condition, consecutive: stop.consecutive,
            format: { value in Quantity.format(value, unit: metric.unit) })
        return { cell in
            decide(cell, plan: plan, axis: stop.axis, values: rules.stopValues, walk: walk, metric: metric, root: root)
        }
    }

    /// Skips `cell` when the rule stopped its series at an earlier value of the axis.
    static func decide(
        _ cell: Cell, plan: Plan, axis: String, values: [Value], walk: AxisStop, metric: Metric, root: String
    ) -> CellDecision {
        guard let value = cell.values[axis], let position = values.firstIndex(of: value), position > 0 else { return .run }
        let series = seriesKey(cell.values, axis: axis)
        let earlier = Set(values[..<position])
        var valueOf: [String: Value] = [:]
        for other in plan.cells where seriesKey(other.values, axis: axis) == series {
            if let v = other.values[axis], earlier.contains(v) { valueOf[other.id] = v }
        }
        guard !valueOf.isEmpty else { return .run }
        let published = PublishedMetrics(plan: plan, metrics: [metric], root: root)
        var measured: [Value: [Double]] = [:]
        for (id, v) in valueOf {
            guard let number = published.values[id]?.first ?? nil else { continue }
            measured[v, default: []].append(number)
        }
        let points = values[..<position].map { v in
            AxisStop.Point(value: v, metric: measured[v].map { $0.reduce(0, +) / Double($0.count) })
        }
        guard let stopped = walk.stop(points), stopped.index < position else { return .run }
        return .skip(rule: "stop", reason: stopped.reason)
    }

    /// What identifies a cell's series: its values on every axis but the stop axis and `repeat`.
    static func seriesKey(_ values: Settings, axis: String) -> [Settings.Entry] {
        values.entries.filter { $0.name != axis && $0.name != "repeat" }
    }
}
