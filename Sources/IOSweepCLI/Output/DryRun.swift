import Foundation
import SweepPlanner
import SweepRunner

/// `run --dry-run`: the plan's text rendering (the same as `iosweep plan --results DIR`), with cells left out
/// by `--only` dropped, done cells counted but not shown, the others marked stale, failed or pending.
enum DryRun {
    static func print(plan: Plan, directory: RunDirectory, selected: Set<String>?) {
        var shown = plan
        if let selected {
            shown.groups = plan.groups.compactMap { group in
                var group = group
                group.cells.removeAll { !selected.contains($0.id) }
                return group.cells.isEmpty ? nil : group
            }
        }
        let (marks, skipReasons) = ResultMarks.states(plan: shown, resultsDirectory: directory.root)
        var sink = RenderSink { StandardOutput.write($0) }
        TextRenderer(states: marks, skipReasons: skipReasons).render(shown, to: &sink)
        sink.finish()
    }
}
