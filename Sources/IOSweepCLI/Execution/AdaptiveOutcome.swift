import Foundation
import SweepPlanner
import SweepRunner

/// What an adaptive study's rules have found so far, from the published results (``SearchOutcome``,
/// ``RepeatOutcome``, ``SteadyOutcome``), each read once: the lines `status` and `report` print, and the rounds
/// `report` leaves out of a steady-state study.
struct AdaptiveOutcome {
    /// Each search's answer, each repeated cell's precision, each cell's steady window, in words.
    var lines: [String]
    /// The rounds outside each steady cell's steady window (its measurement window is what is reported).
    var outsideSteadyWindows: Set<String>

    init(plan: Plan, root: String) {
        let steady = SteadyOutcome(plan: plan, root: root)
        lines =
            (SearchOutcome(plan: plan, root: root)?.lines ?? []) + (RepeatOutcome(plan: plan, root: root)?.lines ?? [])
            + (steady?.lines ?? [])
        outsideSteadyWindows = steady?.outsideWindows ?? []
    }

    /// The outcome of the plan frozen in `directory`; `nil` for a directory without one (a foreign tree) or a plan
    /// without these rules. Only a plan whose bytes name one of them is decoded.
    init?(frozenIn directory: RunDirectory) {
        guard let data = FileManager.default.contents(atPath: directory.plan),
            ["\"search\":{", "\"repeatUntil\":{", "\"steadyState\":{"].contains(where: { data.range(of: Data($0.utf8)) != nil }),
            let plan = try? JSONDecoder().decode(Plan.self, from: data)
        else { return nil }
        self.init(plan: plan, root: directory.root)
    }
}
