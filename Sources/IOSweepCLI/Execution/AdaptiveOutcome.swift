import Foundation
import SweepAnalysis
import SweepPlanner
import SweepRunner

/// What an adaptive study's rules have found so far: one reading of the published results with every metric the
/// rules read (``PointResults``), and each rule's standing in it (``SearchOutcome``, ``RepeatOutcome``,
/// ``SteadyOutcome``). The runner's decider reads one before each pending cell; `status` and `report` print its lines,
/// and `report` leaves out the rounds outside steady windows.
struct AdaptiveOutcome {
    let points: PointResults
    let search: SearchOutcome?

    init(plan: Plan, root: String) {
        let metrics = plan.rules.map(PublishedMetrics.metrics(of:)) ?? []
        self.init(plan: plan, published: PublishedMetrics(plan: plan, metrics: metrics, root: root))
    }

    init(plan: Plan, published: PublishedMetrics) {
        points = PointResults(plan: plan, published: published)
        search = SearchOutcome(plan: plan, points: points)
    }

    /// Each search's answer, each repeated cell's precision, each cell's steady window, in words.
    var lines: [String] {
        (search?.lines ?? []) + (points.repeatOutcome?.lines ?? []) + (points.steadyOutcome?.lines ?? [])
    }

    /// Each steady-state cell's rounds and steady window, for the HTML report's convergence chart.
    var convergence: SteadyConvergence? { points.steadyOutcome?.convergence }

    /// The rounds outside each steady cell's steady window (its measurement window is what is reported).
    var outsideSteadyWindows: Set<String> { points.steadyOutcome?.outsideWindows ?? [] }

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
