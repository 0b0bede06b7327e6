import SweepAnalysis
import SweepModel
import SweepPlanner
import SweepRecords

/// Where a plan's steady-state rounds stand, from the published results only: for each cell, its published rounds
/// and the first window of them that is steady (``SteadyWindow``). The runner's decider, `status` and `report` read it.
struct SteadyOutcome {
    let rule: SteadyStateRule
    let metric: Metric
    let test: SteadyWindow
    var series: RepeatSeries.List

    init?(plan: Plan, published: PublishedMetrics) {
        guard let rule = plan.rules?.steadyState, let metric = try? MetricCatalog.metric(named: rule.metric) else { return nil }
        self.rule = rule
        self.metric = metric
        test = SteadyWindow(size: rule.window, range: rule.range.value / 100, slope: rule.slope.value / 100)
        series = RepeatSeries.of(plan: plan, metric: metric, published: published)
    }

    /// The rounds (1-based, inclusive) of the first steady window among the rounds published before `round`.
    func steadyRounds(_ series: RepeatSeries, before round: Int? = nil) -> ClosedRange<Int>? {
        let rounds = series.published(before: round)
        guard let end = test.firstSteadyEnd(rounds.map(\.value)) else { return nil }
        return rounds[end - rule.window].round...rounds[end - 1].round
    }

    /// `range 4.1 %, slope 1.2 % of the mean` over the rounds `window` of `series`.
    func numbers(_ series: RepeatSeries, _ window: ClosedRange<Int>) -> String {
        let values = window.compactMap { series.values[$0] }
        guard let measured = test.measure(values) else { return "no values" }
        return
            "range \(NumberFormat.human(measured.range * 100)) %, slope × window \(NumberFormat.human(measured.slope * 100)) % of the mean"
    }

    /// Skips the rest of a cell's rounds once a window of them is steady.
    func decide(_ cell: Cell) -> CellDecision {
        guard case .int(let round)? = cell.values["repeat"], round > rule.window,
            let series = series[RepeatSeries.label(cell.values)],
            let window = steadyRounds(series, before: round)
        else { return .run }
        return .skip(rule: "steady-state", reason: "steady at rounds \(window.lowerBound)–\(window.upperBound): \(numbers(series, window))")
    }

    /// The rounds `report` leaves out: of each cell that became steady, those outside its steady window (the
    /// measurement window is what is reported, as SNIA's PTS does). A cell never steady keeps every round.
    var outsideWindows: Set<String> {
        var result: Set<String> = []
        for series in series.all {
            guard let window = steadyRounds(series) else { continue }
            for (round, cell) in series.cells where !window.contains(round) { result.insert(cell.id) }
        }
        return result
    }

    /// One line per cell for `status` and `report`.
    var lines: [String] {
        series.all.compactMap { series in
            guard !series.values.isEmpty else { return nil }
            let head = "steady-state (\(series.label.isEmpty ? "cell" : series.label)): \(rule.metric) "
            if let window = steadyRounds(series) {
                return head
                    + "steady at rounds \(window.lowerBound)–\(window.upperBound) (\(numbers(series, window))); report uses these rounds"
            }
            let count = series.values.count
            let status =
                count >= rule.maxRounds ? "not steady after max-rounds (\(rule.maxRounds))" : "not steady yet after \(count) rounds"
            return head + status
        }
    }

    /// The rounds of every cell and their steady windows, as the HTML report's convergence chart draws them.
    var convergence: SteadyConvergence {
        SteadyConvergence(
            metric: rule.metric, unit: metric.unit, test: test, maxRounds: rule.maxRounds,
            cells: series.all.map { SteadyConvergence.Rounds(label: $0.label, values: $0.values, window: steadyRounds($0)) })
    }
}
