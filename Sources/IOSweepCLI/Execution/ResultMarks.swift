import SweepPlanner
import SweepRunner

/// Marks for `plan --results DIR`: each cell's state in an existing results directory, computed by the
/// runner (`RunDirectory.states(of:)`) so that `plan`, `run` and `status` agree on done / stale / failed / pending.
enum ResultMarks {
    /// The marks, and why an adaptive rule skipped each skipped cell.
    static func states(plan: Plan, resultsDirectory: String) -> (marks: [String: CellMark], skipReasons: [String: String]) {
        var marks: [String: CellMark] = [:]
        var reasons: [String: String] = [:]
        for status in RunDirectory(root: resultsDirectory).states(of: plan) {
            marks[status.cell.id] = status.state
            if let reason = status.skipReason { reasons[status.cell.id] = reason }
        }
        return (marks, reasons)
    }
}
