import Foundation
import SweepPlanner
import SweepRunner

/// What an adaptive study's rules have found so far, in words: each search's answer and each repeated cell's
/// precision, from the published results (``SearchOutcome``, ``RepeatOutcome``). `status` and `report` print them.
enum AdaptiveOutcome {
    static func lines(plan: Plan, root: String) -> [String] {
        (SearchOutcome(plan: plan, root: root)?.lines ?? []) + (RepeatOutcome(plan: plan, root: root)?.lines ?? [])
            + (SteadyOutcome(plan: plan, root: root)?.lines ?? [])
    }

    /// The lines of the plan frozen in `directory`; none for a directory without one (a foreign tree) or a plan with
    /// neither rule. Only a plan whose bytes name one of them is decoded.
    static func lines(frozenIn directory: RunDirectory) -> [String] {
        frozenPlan(in: directory).map { lines(plan: $0, root: directory.root) } ?? []
    }

    /// The cells `report` leaves out of a steady-state study: the rounds outside each cell's steady window.
    static func outsideSteadyWindows(frozenIn directory: RunDirectory) -> Set<String> {
        frozenPlan(in: directory).flatMap { SteadyOutcome(plan: $0, root: directory.root)?.outsideWindows } ?? []
    }

    private static func frozenPlan(in directory: RunDirectory) -> Plan? {
        guard let data = FileManager.default.contents(atPath: directory.plan),
            ["\"search\":{", "\"repeatUntil\":{", "\"steadyState\":{"].contains(where: { data.range(of: Data($0.utf8)) != nil }),
            let plan = try? JSONDecoder().decode(Plan.self, from: data)
        else { return nil }
        return plan
    }
}
