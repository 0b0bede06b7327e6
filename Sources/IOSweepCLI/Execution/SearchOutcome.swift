import Foundation
import SweepAnalysis
import SweepModel
import SweepPlanner
import SweepRecords
import SweepRunner

/// Where a plan's `search` stands, from the published results only: for each combination of the other axes, the
/// probes run, their feasibility, and the next probe or the answer (``LadderSearch``). The runner's decider, `status`
/// and `report` all read it, so they cannot disagree.
///
/// A probe is a point (``PointResults``): with `repeat` its repeats (with `steady-state` its rounds) all belong to it;
/// its verdict is taken on the means over its counted repeats once it is settled.
struct SearchOutcome {
    /// One search: the probes of one combination of the other axes.
    struct Series {
        /// The other axes' values (`ndisks=2`), empty for a study with no other axis.
        var label: String
        /// Ladder index → the probe's point label.
        var probes: [Int: String]
        /// Ladder index → whether the settled probe met every constraint.
        var feasible: [Int: Bool]
        var step: LadderSearch.Step
    }

    let search: SearchRule
    /// The metrics of the answer in words: the constraints' metrics, then `maximize` when it is another one.
    let metrics: [Metric]
    /// Per constraint: its metric, its comparison and its limit in the metric's unit.
    let limits: [(metric: Metric, comparison: SearchConstraint.Comparison, limit: Double)]
    let rungs: [Value]
    let points: PointResults
    var series: [Series] = []
    /// Series label → its position in ``series``.
    var positions: [String: Int] = [:]

    /// The outcome of `plan`'s search over `points`; `nil` without a search, or when a metric is unknown or a limit
    /// cannot be compared (both are load-time errors).
    init?(plan: Plan, points: PointResults) {
        guard let search = plan.rules?.search else { return nil }
        var metrics: [Metric] = []
        var limits: [(Metric, SearchConstraint.Comparison, Double)] = []
        for constraint in search.constraints {
            guard let metric = try? MetricCatalog.metric(named: constraint.metric),
                let limit = constraint.limit.value(inUnit: metric.unit)
            else { return nil }
            if !metrics.contains(metric) { metrics.append(metric) }
            limits.append((metric, constraint.comparison, limit))
        }
        if let name = search.maximize, let metric = try? MetricCatalog.metric(named: name), !metrics.contains(metric) {
            metrics.append(metric)
        }
        self.search = search
        self.metrics = metrics
        self.limits = limits
        self.points = points
        rungs = search.rungs.map { .int($0) }
        var order: [String] = []
        var probes: [String: [Int: String]] = [:]
        for cell in plan.cells {
            guard let index = rungIndex(cell.values) else { continue }
            let label = RepeatSeries.label(cell.values, without: search.parameter)
            if probes[label] == nil { order.append(label) }
            probes[label, default: [:]][index] = RepeatSeries.label(cell.values)
        }
        for label in order {
            positions[label] = series.count
            let probes = probes[label] ?? [:]
            var feasible: [Int: Bool] = [:]
            for (index, point) in probes {
                if let verdict = verdict(point) { feasible[index] = verdict }
            }
            series.append(
                Series(label: label, probes: probes, feasible: feasible, step: LadderSearch.next(count: rungs.count, feasible: feasible)))
        }
    }

    func rungIndex(_ values: Settings) -> Int? {
        values[search.parameter].flatMap { rungs.firstIndex(of: $0) }
    }

    /// The search of the cell with `values`.
    func series(of values: Settings) -> Series? {
        let label = RepeatSeries.label(values, without: search.parameter)
        return positions[label].map { series[$0] }
    }

    /// Whether a settled probe met every constraint; `nil` when it is not settled (or lacks a metric's value).
    func verdict(_ point: String) -> Bool? {
        guard points.isSettled(point) else { return nil }
        var holds = true
        for limit in limits {
            guard let value = points.mean(point, limit.metric) else { return nil }
            holds = holds && limit.comparison.holds(value, limit.limit)
        }
        return holds
    }

    /// The runner's decision for a pending probe cell: run it when its probe is its search's next (journalled as
    /// chosen with the probe's first cell), wait otherwise, skip it once its search has answered. The other repeats
    /// of a probe run, or are skipped by the repeat rule that settles the probe.
    func decide(_ cell: Cell) -> CellDecision {
        guard let index = rungIndex(cell.values), let series = series(of: cell.values) else { return .run }
        let point = RepeatSeries.label(cell.values)
        switch series.step {
        case .probe(let next):
            // A settled probe's remaining repeats are its repeat rule's to skip.
            if points.isSettled(point) { return .run }
            guard next == index else { return .wait }
            if points.hasPublished(point) { return .run }
            return .probe(rule: "search", reason: "probe \(series.feasible.count + 1) of at most \(search.probeLimit): " + bracket(series))
        case .answer:
            return .skip(rule: "search", reason: "not needed: " + answer(series))
        }
    }

    /// `rate_iops 790–1000` (the bracket the next probe narrows), or the end it probes first.
    func bracket(_ series: Series) -> String {
        let name = search.parameter
        let low = series.feasible.filter(\.value).keys.max()
        let high = series.feasible.filter { !$0.value }.keys.min()
        switch (low, high) {
        case (nil, nil): return "the lower end, \(name)=\(rungs[0].text)"
        case (_?, nil): return "the upper end, \(name)=\(rungs[rungs.count - 1].text)"
        case (let low, let high?): return "\(name) between \(low.map { rungs[$0].text } ?? "nothing") and \(rungs[high].text)"
        }
    }

    /// The answer in words with the numbers behind it; in progress, the bracket so far.
    func answer(_ series: Series) -> String {
        let name = search.parameter
        let constraints = search.constraints.map(\.description).joined(separator: " and ")
        let probes = series.feasible.count == 1 ? "1 probe" : "\(series.feasible.count) probes"
        switch series.step {
        case .probe:
            return "in progress after \(probes): next \(bracket(series))"
        case .answer(nil, let infeasible):
            let lowest = infeasible.map { "\(name)=\(rungs[$0].text) (\(numbers(series, $0)))" } ?? "none"
            return "no \(name) from \(search.lower) meets \(constraints): the lowest fails, \(lowest); \(probes)"
        case .answer(let feasible?, let infeasible):
            var text = "\(name)=\(rungs[feasible].text) is the highest that meets \(constraints) (\(numbers(series, feasible)))"
            if let infeasible {
                text += "; \(name)=\(rungs[infeasible].text) does not (\(numbers(series, infeasible)))"
            } else {
                text += "; it is the upper end of the range: the limit may be beyond it"
            }
            return text + "; \(probes)"
        }
    }

    /// `write.clat.p99 130us, write.iops 790` for the probe at ladder `index`, `; mean of 3 repeats` when more than
    /// one counts.
    func numbers(_ series: Series, _ index: Int) -> String {
        guard let point = series.probes[index], points.hasPublished(point) else { return "no values" }
        let text = metrics.map { metric in
            "\(metric.name) " + (points.mean(point, metric).map { Quantity.format($0, unit: metric.unit) } ?? "missing")
        }.joined(separator: ", ")
        let counted = points.countedCells(point).count
        return counted > 1 ? text + "; mean of \(counted) repeats" : text
    }

    /// One line per search for `status` and `report`: `search (ndisks=1): rate_iops=790 is the highest …`.
    var lines: [String] {
        series.map { series in "search" + (series.label.isEmpty ? "" : " (\(series.label))") + ": " + answer(series) }
    }
}
