import SweepPlanner
import SweepRunner

/// Marks for `plan --results DIR`: each cell's state in an existing results directory, computed by the
/// runner (`RunDirectory.states(of:)`) so that `plan`, `run` and `status` agree on done / stale / failed / pending.
enum ResultMarks {
    static func read(plan: Plan, resultsDirectory: String) -> [String: CellMark] {
        var marks: [String: CellMark] = [:]
        for status in RunDirectory(root: resultsDirectory).states(of: plan) {
            marks[status.cell.id] = status.state
        }
        return marks
    }
}
