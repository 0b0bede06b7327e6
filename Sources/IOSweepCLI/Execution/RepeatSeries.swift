import SweepAnalysis
import SweepModel
import SweepPlanner

/// The repeats of one cell of a plan (its values but `repeat`) and the metric's published value of each: what a
/// repeat-until rule and steady-state rounds decide from.
struct RepeatSeries {
    /// The cell's values but `repeat` (`numjobs=4`).
    var label: String
    /// Repeat index → its cell, in the plan.
    var cells: [Int: Cell]
    /// Repeat index → the metric's published value.
    var values: [Int: Double]

    /// The published (repeat, value) pairs in repeat order, those before `round` only when it is given.
    func published(before round: Int? = nil) -> [(round: Int, value: Double)] {
        values.filter { round == nil || $0.key < round! }.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }

    static func label(_ values: Settings) -> String {
        values.entries.filter { $0.name != "repeat" }.map { "\($0.name)=\($0.value.text)" }.joined(separator: ",")
    }

    /// Every repeated cell of `plan`, in plan order, with its published values of `metric`.
    static func of(plan: Plan, metric: Metric, root: String) -> [RepeatSeries] {
        let published = PublishedMetrics(plan: plan, metrics: [metric], root: root)
        var order: [String] = []
        var byLabel: [String: RepeatSeries] = [:]
        for cell in plan.cells {
            guard case .int(let index)? = cell.values["repeat"] else { continue }
            let label = label(cell.values)
            if byLabel[label] == nil {
                order.append(label)
                byLabel[label] = RepeatSeries(label: label, cells: [:], values: [:])
            }
            byLabel[label]?.cells[index] = cell
            if let value = published.values[cell.id]?.first ?? nil { byLabel[label]?.values[index] = value }
        }
        return order.compactMap { byLabel[$0] }
    }
}
