import SweepAnalysis
import SweepModel
import SweepPlanner
import SweepRecords
import SweepRunner

/// The runner's ``CellDecider`` for a plan's adaptive rules. Before a pending cell it reads the cells published in
/// the results directory — the report's own reader and metric, never the runner's memory — and walks the stop rule
/// (``AxisStop``) along the cell's series: the cells with the same values on every other axis but `repeat`, each
/// value of the axis the mean of the metric over its published repeats.
enum AdaptiveDecider {
    static func make(plan: Plan, directory: RunDirectory) -> CellDecider {
        guard let rules = plan.rules, let stop = rules.stop, let metric = try? MetricCatalog.metric(named: stop.metric) else {
            return .everyCell
        }
        let condition: AxisStop.Condition
        switch stop.condition {
        case .gainBelow:
            condition = .gainBelow(percent: stop.threshold.value)
        case .latencyAbove:
            guard let limit = stop.threshold.value(inUnit: metric.unit) else { return .everyCell }
            condition = .above(limit: limit, limitText: stop.threshold.description)
        }
        let walk = AxisStop(
            axis: stop.axis, metric: stop.metric, direction: metric.direction, condition: condition, consecutive: stop.consecutive,
            format: { value in Quantity.format(value, unit: metric.unit) })
        let cells = plan.cells
        let root = directory.root
        return CellDecider { cell in
            decide(cell, cells: cells, axis: stop.axis, values: rules.stopValues, walk: walk, metric: metric, root: root)
        }
    }

    /// Skips `cell` when the rule stopped its series at an earlier value of the axis.
    static func decide(
        _ cell: Cell, cells: [Cell], axis: String, values: [Value], walk: AxisStop, metric: Metric, root: String
    ) -> CellDecision {
        guard let value = cell.values[axis], let position = values.firstIndex(of: value), position > 0 else { return .run }
        let series = seriesKey(cell.values, axis: axis)
        let earlier = Set(values[..<position])
        var valueOf: [String: Value] = [:]
        for other in cells where seriesKey(other.values, axis: axis) == series {
            if let v = other.values[axis], earlier.contains(v) { valueOf[other.id] = v }
        }
        guard !valueOf.isEmpty, let tree = try? ResultsLoader().load(root) else { return .run }
        let table = ResultTableBuilder(query: ReportQuery(metrics: [metric])).build(tree)
        var measured: [Value: [Double]] = [:]
        for record in table.records {
            guard let v = valueOf[record.cellID], let number = record.values.first??.value, number.isFinite else { continue }
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
