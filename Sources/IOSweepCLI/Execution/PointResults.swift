import SweepAnalysis
import SweepModel
import SweepPlanner

/// A plan's points — a point is a cell's values but `repeat`, its cells its repeats (steady-state's rounds) — and,
/// from the published results only, which of its repeats count and whether it is settled: whether every repeat its
/// rules will run is published. A search judges a probe by its point's means once it is settled; a stop rule compares
/// the means of the points along its axis. Without `repeat` a point is one cell.
struct PointResults {
    let published: PublishedMetrics
    /// The plan's repeat-until rule and steady-state rounds, read from the same published results.
    let repeatOutcome: RepeatOutcome?
    let steadyOutcome: SteadyOutcome?
    /// Point label (``RepeatSeries/label(_:without:)``) → repeat index (1 without `repeat`) → its cell.
    var cells: [String: [Int: Cell]] = [:]
    /// Point label → the rounds of its first steady window (steady-state), found once.
    var steadyWindows: [String: ClosedRange<Int>] = [:]

    init(plan: Plan, published: PublishedMetrics) {
        self.published = published
        repeatOutcome = RepeatOutcome(plan: plan, published: published)
        steadyOutcome = SteadyOutcome(plan: plan, published: published)
        for cell in plan.cells {
            var index = 1
            if case .int(let repeatIndex)? = cell.values["repeat"] { index = repeatIndex }
            cells[RepeatSeries.label(cell.values), default: [:]][index] = cell
        }
        for series in steadyOutcome?.series.all ?? [] {
            if let window = steadyOutcome?.steadyRounds(series) { steadyWindows[series.label] = window }
        }
    }

    /// Whether every repeat of the point `label` that its rules run is published: all of them, or those up to a
    /// precise mean (repeat-until) or a steady window (steady-state).
    func isSettled(_ label: String) -> Bool {
        guard let repeats = cells[label] else { return false }
        if repeats.values.allSatisfy({ published.isPublished($0.id) }) || steadyWindows[label] != nil { return true }
        if let repeatOutcome, let series = repeatOutcome.series[label] {
            return repeatOutcome.isPrecise(series)
        }
        return false
    }

    /// The published cells of the point `label` that count, in repeat order: the rounds of its steady window once
    /// it has one, otherwise every published repeat.
    func countedCells(_ label: String) -> [Cell] {
        guard let repeats = cells[label] else { return [] }
        let window = steadyWindows[label]
        return repeats.keys.sorted().filter { window?.contains($0) ?? true }.compactMap { repeats[$0] }
            .filter { published.isPublished($0.id) }
    }

    /// The mean of `metric` over the counted cells of the point `label` that have a value; `nil` when none has.
    func mean(_ label: String, _ metric: Metric) -> Double? {
        let values = countedCells(label).compactMap { published.value($0.id, metric) }
        return values.isEmpty ? nil : values.reduce(0, +) / Double(values.count)
    }

    /// Whether the point `label` has a published cell.
    func hasPublished(_ label: String) -> Bool {
        cells[label]?.values.contains { published.isPublished($0.id) } ?? false
    }
}
