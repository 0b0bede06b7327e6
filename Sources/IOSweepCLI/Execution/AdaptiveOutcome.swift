import Foundation
import SweepPlanner
import SweepRunner

/// What an adaptive study's rules have found so far, in words: each search's answer and each repeated cell's
/// precision, from the published results (``SearchOutcome``, ``RepeatOutcome``). `status` and `report` print them.
enum AdaptiveOutcome {
    static func lines(plan: Plan, root: String) -> [String] {
        (SearchOutcome(plan: plan, root: root)?.lines ?? []) + (RepeatOutcome(plan: plan, root: root)?.lines ?? [])
    }

    /// The lines of the plan frozen in `directory`; none for a directory without one (a foreign tree) or a plan with
    /// neither rule. Only a plan whose bytes name one of them is decoded.
    static func lines(frozenIn directory: RunDirectory) -> [String] {
        guard let data = FileManager.default.contents(atPath: directory.plan),
            data.range(of: Data("\"search\":{".utf8)) != nil || data.range(of: Data("\"repeatUntil\":{".utf8)) != nil,
            let plan = try? JSONDecoder().decode(Plan.self, from: data)
        else { return [] }
        return lines(plan: plan, root: directory.root)
    }
}
