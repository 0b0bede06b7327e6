import SweepAnalysis
import SweepModel
import SweepPlanner
import SweepRecords
import SweepRunner

/// The runner's ``CellDecider`` for a plan's adaptive rules. Before a pending cell it reads the cells published in
/// the results directory once (``AdaptiveOutcome``: the report's own reader and metrics, never the runner's memory),
/// and the first rule that does not simply run the cell decides:
/// - a stop rule walks ``AxisStop`` along the cell's series — the points with the same values on every other axis,
///   each value of the axis the mean of the metric over its point's counted repeats (``PointResults``) or, with a
///   search, the metric of the search's answer at that value (waiting until the search has answered);
/// - a search runs the next probe of the cell's search, waits with the others, and skips the rest once it has
///   answered (``SearchOutcome``);
/// - a repeat-until rule skips the rest of a cell's repeats once its metric's mean is precise (``RepeatOutcome``);
/// - steady-state rounds skip the rest of a cell's rounds once a window of them is steady (``SteadyOutcome``).
enum AdaptiveDecider {
    static func make(plan: Plan, directory: RunDirectory) -> CellDecider {
        guard let rules = plan.rules else { return .everyCell }
        let root = directory.root
        let stop = stopWalk(rules)
        return CellDecider { cell in
            decide(cell, stop: stop, outcome: AdaptiveOutcome(plan: plan, root: root))
        }
    }

    /// The decision about `cell` of the rules, given what they have found so far (`outcome`; the stop rule's walk).
    static func decide(_ cell: Cell, stop: StopWalk?, outcome: AdaptiveOutcome) -> CellDecision {
        if let stop, case let decision = stop.decide(cell, outcome: outcome), decision != .run { return decision }
        if let decision = outcome.search?.decide(cell), decision != .run { return decision }
        if let decision = outcome.points.repeatOutcome?.decide(cell), decision != .run { return decision }
        if let decision = outcome.points.steadyOutcome?.decide(cell) { return decision }
        return .run
    }

    /// A stop rule with its walk and metric.
    struct StopWalk: Sendable {
        var rule: StopRule
        var values: [Value]
        var walk: AxisStop
        var metric: Metric

        /// Skips `cell` when the rule stopped its series at an earlier value of the axis; waits while the search at an
        /// earlier value has not answered.
        func decide(_ cell: Cell, outcome: AdaptiveOutcome) -> CellDecision {
            let axis = rule.axis
            guard let value = cell.values[axis], let position = values.firstIndex(of: value), position > 0 else { return .run }
            var points: [AxisStop.Point] = []
            for earlier in values[..<position] {
                var settings = cell.values
                settings[axis] = earlier
                if let search = outcome.search, let series = search.series(of: settings) {
                    guard case .answer(let feasible, _) = series.step else { return .wait }
                    let answer = feasible.flatMap { series.probes[$0] }.flatMap { outcome.points.mean($0, metric) }
                    points.append(AxisStop.Point(value: earlier, metric: answer))
                } else {
                    points.append(AxisStop.Point(value: earlier, metric: outcome.points.mean(RepeatSeries.label(settings), metric)))
                }
            }
            guard let stopped = walk.stop(points), stopped.index < position else { return .run }
            return .skip(rule: "stop", reason: stopped.reason)
        }
    }

    /// The stop rule's walk, `nil` without a stop rule.
    static func stopWalk(_ rules: AdaptiveRules) -> StopWalk? {
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
        return StopWalk(rule: stop, values: rules.stopValues, walk: walk, metric: metric)
    }
}
