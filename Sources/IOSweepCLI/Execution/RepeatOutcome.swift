import SweepAnalysis
import SweepModel
import SweepPlanner
import SweepRecords

/// Where a plan's repeat-until rule stands, from the published results only: for each cell (its values but
/// `repeat`), the repeats published, the mean of the metric and its 95 % confidence half-width. The runner's
/// decider, `status` and `report` all read it.
struct RepeatOutcome {
    let rule: Repeat
    let until: RepeatUntil
    let metric: Metric
    var series = RepeatSeries.List()

    init?(plan: Plan, published: PublishedMetrics) {
        guard let rule = plan.rules?.repeatUntil, let until = rule.until, let metric = try? MetricCatalog.metric(named: until.metric)
        else { return nil }
        self.rule = rule
        self.until = until
        self.metric = metric
        series = RepeatSeries.of(plan: plan, metric: metric, published: published)
    }

    /// The half-width as a percentage of the mean over the repeats published before `index` (all with `nil`).
    func halfWidth(_ series: RepeatSeries, before index: Int? = nil) -> (percent: Double, count: Int)? {
        guard let summary = SampleSummary(series.published(before: index).map(\.value)), let width = summary.relativeHalfWidth() else {
            return nil
        }
        return (width * 100, summary.count)
    }

    /// Whether the repeats of `series` published so far are `min` or more with a mean precise enough.
    func isPrecise(_ series: RepeatSeries) -> Bool {
        guard let (width, count) = halfWidth(series) else { return false }
        return isPrecise(width, count)
    }

    /// Whether `count` repeats whose half-width is `width` percent are enough: `min` of them, within `ci-halfwidth`.
    private func isPrecise(_ width: Double, _ count: Int) -> Bool {
        count >= rule.runsAtLeast && width <= until.ciHalfWidth.value
    }

    /// Skips a repeat once `min` earlier repeats are published and their mean is precise enough.
    func decide(_ cell: Cell) -> CellDecision {
        guard case .int(let index)? = cell.values["repeat"], index > rule.runsAtLeast,
            let series = series[RepeatSeries.label(cell.values)],
            let (width, count) = halfWidth(series, before: index), isPrecise(width, count)
        else { return .run }
        return .skip(rule: "repeat", reason: "precise: \(until.metric) ±\(Self.percent(width)) (95 % CI) after \(count) repeats")
    }

    static func percent(_ value: Double) -> String { NumberFormat.human(value) + " %" }

    /// One line per cell for `status` and `report`: the achieved half-width, or that `max` came first.
    var lines: [String] {
        series.all.compactMap { series in
            guard let (width, count) = halfWidth(series) else { return nil }
            let head =
                "repeat (\(series.label.isEmpty ? "cell" : series.label)): \(until.metric) ±\(Self.percent(width)) (95 % CI) after \(count) repeats"
            if width <= until.ciHalfWidth.value { return head + ", within ±\(until.ciHalfWidth)" }
            if count >= rule.count { return head + ": max (\(rule.count)) reached before ±\(until.ciHalfWidth)" }
            return head + ", not yet within ±\(until.ciHalfWidth)"
        }
    }
}
