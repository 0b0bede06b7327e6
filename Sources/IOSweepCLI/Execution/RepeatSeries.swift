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

    /// `numjobs=4,bs=8k`: the values but `repeat` (and but `axis`, when given).
    static func label(_ values: Settings, without axis: String? = nil) -> String {
        values.entries.filter { $0.name != "repeat" && $0.name != axis }.map { "\($0.name)=\($0.value.text)" }.joined(separator: ",")
    }

    /// A plan's series in plan order, found by label.
    struct List {
        var all: [RepeatSeries] = []
        var positions: [String: Int] = [:]

        /// The series of the cell whose values but `repeat` are `label`.
        subscript(label: String) -> RepeatSeries? { positions[label].map { all[$0] } }
    }

    /// Every repeated cell of `plan`, in plan order, with its published values of `metric`.
    static func of(plan: Plan, metric: Metric, published: PublishedMetrics) -> List {
        var list = List()
        for cell in plan.cells {
            guard case .int(let index)? = cell.values["repeat"] else { continue }
            let label = label(cell.values)
            let position = list.positions[label] ?? list.all.count
            if position == list.all.count {
                list.positions[label] = position
                list.all.append(RepeatSeries(label: label, cells: [:], values: [:]))
            }
            list.all[position].cells[index] = cell
            if let value = published.value(cell.id, metric) { list.all[position].values[index] = value }
        }
        return list
    }
}
