import Foundation
import SweepAnalysis
import SweepModel
import SweepPlanner
import SweepRecords
import SweepRunner

/// Where a plan's `search` stands, from the published results only: for each combination of the other axes, the
/// probes run, their feasibility, and the next probe or the answer (``LadderSearch``). The runner's decider, `status`
/// and `report` all read it, so they cannot disagree.
struct SearchOutcome {
    /// One search: the probes of one combination of the other axes.
    struct Series {
        /// The other axes' values (`ndisks=2`), empty for a study with no other axis.
        var label: String
        /// The probe cells in ladder order.
        var cells: [Cell]
        /// Ladder index → whether the published probe met every constraint.
        var feasible: [Int: Bool]
        var step: LadderSearch.Step
    }

    let search: SearchRule
    /// The constraints' metrics, then `maximize` when it is another one.
    let metrics: [Metric]
    /// Per constraint: its metric's index in ``metrics``, its comparison and its limit in the metric's unit.
    let limits: [(metric: Int, comparison: SearchConstraint.Comparison, limit: Double)]
    let rungs: [Value]
    let published: PublishedMetrics
    var series: [Series] = []

    /// The outcome of `plan`'s search in the results directory `root`; `nil` without a search, or when a metric is
    /// unknown or a limit cannot be compared (both are load-time errors).
    init?(plan: Plan, root: String) {
        guard let search = plan.rules?.search else { return nil }
        var metrics: [Metric] = []
        var limits: [(Int, SearchConstraint.Comparison, Double)] = []
        for constraint in search.constraints {
            guard let metric = try? MetricCatalog.metric(named: constraint.metric),
                let limit = constraint.limit.value(inUnit: metric.unit)
            else { return nil }
            let index = metrics.firstIndex(of: metric) ?? metrics.count
            if index == metrics.count { metrics.append(metric) }
            limits.append((index, constraint.comparison, limit))
        }
        if let name = search.maximize, let metric = try? MetricCatalog.metric(named: name), !metrics.contains(metric) {
            metrics.append(metric)
        }
        self.search = search
        self.metrics = metrics
        self.limits = limits
        rungs = search.rungs.map { .int($0) }
        published = PublishedMetrics(plan: plan, metrics: metrics, root: root)
        var order: [String] = []
        var byLabel: [String: [Cell]] = [:]
        for cell in plan.cells where cell.values[search.parameter] != nil {
            let label = Self.label(cell.values, parameter: search.parameter)
            if byLabel[label] == nil { order.append(label) }
            byLabel[label, default: []].append(cell)
        }
        for label in order {
            let cells = (byLabel[label] ?? []).sorted { (rungIndex($0) ?? 0) < (rungIndex($1) ?? 0) }
            var feasible: [Int: Bool] = [:]
            for cell in cells {
                guard let index = rungIndex(cell), let verdict = self.verdict(cell.id) else { continue }
                feasible[index] = verdict
            }
            series.append(
                Series(label: label, cells: cells, feasible: feasible, step: LadderSearch.next(count: rungs.count, feasible: feasible)))
        }
    }

    /// What identifies a cell's search: its values on every axis but the parameter and `repeat`.
    static func label(_ values: Settings, parameter: String) -> String {
        values.entries.filter { $0.name != parameter && $0.name != "repeat" }.map { "\($0.name)=\($0.value.text)" }.joined(separator: ",")
    }

    func rungIndex(_ cell: Cell) -> Int? {
        cell.values[search.parameter].flatMap { rungs.firstIndex(of: $0) }
    }

    /// Whether a published probe met every constraint; `nil` when it is not published (or lacks a metric's value).
    func verdict(_ cellID: String) -> Bool? {
        guard let values = published.values[cellID] else { return nil }
        var holds = true
        for limit in limits {
            guard let value = values[limit.metric] else { return nil }
            holds = holds && limit.comparison.holds(value, limit.limit)
        }
        return holds
    }

    /// The runner's decision for a pending probe: run it when it is its search's next probe, wait otherwise, skip
    /// it once its search has answered.
    func decide(_ cell: Cell) -> CellDecision {
        guard let index = rungIndex(cell),
            let series = series.first(where: { $0.label == Self.label(cell.values, parameter: search.parameter) })
        else { return .run }
        switch series.step {
        case .probe(let next):
            guard next == index else { return .wait }
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

    /// `write.clat.p99 130us, write.iops 790` for the probe at ladder `index`.
    func numbers(_ series: Series, _ index: Int) -> String {
        guard let cell = series.cells.first(where: { rungIndex($0) == index }), let values = published.values[cell.id] else {
            return "no values"
        }
        return zip(metrics, values).map { metric, value in
            "\(metric.name) " + (value.map { Quantity.format($0, unit: metric.unit) } ?? "missing")
        }.joined(separator: ", ")
    }

    /// One line per search for `status` and `report`: `search (ndisks=1): rate_iops=790 is the highest …`.
    var lines: [String] {
        series.map { series in "search" + (series.label.isEmpty ? "" : " (\(series.label))") + ": " + answer(series) }
    }
}
