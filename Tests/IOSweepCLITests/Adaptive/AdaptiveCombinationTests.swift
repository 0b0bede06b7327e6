import Foundation
import SweepModel
import SweepPlanner
import SweepRunner
import Testing
@testable import IOSweepCLI

/// Adaptive rules combined — a search with repeats, repeat-until or steady-state rounds, a stop rule over a search's
/// answers or over steady windows — decided by the runner's own ``AdaptiveDecider`` on result series the test
/// controls: a simulated run publishes each cell it runs with values the test computes from the cell, pass after pass
/// as the runner walks the plan.
@Suite struct AdaptiveCombinationTests {
    /// What a simulated run did: the cells run in order, those skipped with their reasons, the probes chosen, and
    /// the rules' standing at the end.
    struct Run {
        var ran: [String] = []
        var skipped: [String: String] = [:]
        var skippedBy: [String: String] = [:]
        var probes: [String] = []
        var outcome: AdaptiveOutcome
    }

    static func plan(_ yaml: String) throws -> Plan {
        let experiment = try ExperimentLoader.load(yaml: yaml, file: "s.yaml", directory: "/nonexistent").experiment
        return try Planner(baseDirectory: "/nonexistent").plan(experiment)
    }

    /// Runs `plan` as the runner does: passes over the open cells in plan order until one decides nothing new; a
    /// cell run publishes `measure(cell)` (metric name → value) at once.
    static func simulate(_ plan: Plan, measure: (Cell) -> [String: Double]) -> Run {
        let rules = plan.rules!
        let stop = AdaptiveDecider.stopWalk(rules)
        let metrics = PublishedMetrics.metrics(of: rules)
        var published = PublishedMetrics(metrics: metrics, values: [:])
        var run = Run(outcome: AdaptiveOutcome(plan: plan, published: published))
        var open = Set(plan.cells.map(\.id))
        for _ in 0..<plan.cells.count {
            let before = open.count
            var outcome = AdaptiveOutcome(plan: plan, published: published)
            for cell in plan.cells where open.contains(cell.id) {
                switch AdaptiveDecider.decide(cell, stop: stop, outcome: outcome) {
                case .wait:
                    continue
                case .skip(let rule, let reason):
                    run.skipped[cell.id] = reason
                    run.skippedBy[cell.id] = rule
                case .probe:
                    run.probes.append(cell.id)
                    fallthrough
                case .run:
                    run.ran.append(cell.id)
                    let values = measure(cell)
                    published.values[cell.id] = metrics.map { values[$0.name] }
                    outcome = AdaptiveOutcome(plan: plan, published: published)
                }
                open.remove(cell.id)
            }
            if open.count == before { break }
        }
        run.outcome = AdaptiveOutcome(plan: plan, published: published)
        return run
    }

    static func int(_ cell: Cell, _ name: String) -> Int {
        guard case .int(let value)? = cell.values[name] else { return 0 }
        return value
    }

    /// A device that gives `capacity` write IOPS: a rate above it breaks the latency limit (20 ms against 0.2 ms).
    static func device(capacity: Double, rate: Int) -> [String: Double] {
        let r = Double(rate)
        return ["write.iops": min(r, capacity), "write.clat.p99": r <= capacity ? 200_000 : 20_000_000]
    }

    static func search(matrix: String = "", steady: String = "") -> String {
        """
        experiment: combined
        \(matrix)
        search: {parameter: rate_iops, range: [100, 2000], maximize: write.iops, subject-to: "write.clat.p99 <= 5ms", tolerance: 5%}
        \(steady)
        workload:
          fio:
            job: "[w]"
            directory: /tmp

        """
    }

    /// The rate_iops of a `status` answer line (`search: rate_iops=790 is the highest …`).
    static func answer(_ run: Run) -> Int? {
        guard let line = run.outcome.lines.first(where: { $0.hasPrefix("search") }),
            let word = line.split(separator: " ").first(where: { $0.hasPrefix("rate_iops=") })
        else { return nil }
        return Int(word.dropFirst("rate_iops=".count))
    }

    @Test("search with repeat: 3 — every probe runs its 3 repeats, is judged on their means, and the answer is the capacity's")
    func searchWithRepeats() throws {
        let plan = try Self.plan(Self.search(matrix: "matrix: {repeat: 3}"))
        let limit = try #require(plan.rules?.search?.probeLimit)
        // Every first repeat has a 6 ms hiccup: alone it would fail every rung; the mean of three is 2.1 ms.
        let run = Self.simulate(plan) { cell in
            var values = Self.device(capacity: 800, rate: Self.int(cell, "rate_iops"))
            if Self.int(cell, "repeat") == 1 { values["write.clat.p99"] = max(values["write.clat.p99"] ?? 0, 6_000_000) }
            return values
        }
        let probed = Set(run.ran.map { $0.replacingOccurrences(of: #",repeat=\d+"#, with: "", options: .regularExpression) })
        #expect(probed.count == run.probes.count && run.probes.count <= limit, "\(run.probes)")
        #expect(run.ran.count == 3 * run.probes.count, "every probe with its 3 repeats: \(run.ran)")
        #expect(run.probes.allSatisfy { $0.hasSuffix(",repeat=1") }, "a probe is chosen once, at its first repeat")
        #expect(run.skipped.values.allSatisfy { $0.hasPrefix("not needed: rate_iops=") })
        let answer = try #require(Self.answer(run), "\(run.outcome.lines)")
        #expect(Double(answer) >= 800 / 1.05 && answer <= 800, "\(run.outcome.lines)")
        #expect(run.outcome.lines.first?.contains("; mean of 3 repeats)") == true, "\(run.outcome.lines)")
    }

    @Test("search with repeat-until: a quiet probe stops at min repeats, and the search goes on from its mean")
    func searchWithRepeatUntil() throws {
        let plan = try Self.plan(
            Self.search(matrix: "matrix: {repeat: {min: 2, max: 6, until: {metric: write.iops, ci-halfwidth: 2%}}}"))
        let run = Self.simulate(plan) { cell in Self.device(capacity: 800, rate: Self.int(cell, "rate_iops")) }
        #expect(run.ran.count == 2 * run.probes.count, "two repeats per probe: \(run.ran)")
        #expect(run.skippedBy.values.contains("repeat") && run.skippedBy.values.contains("search"), "\(run.skippedBy)")
        let answer = try #require(Self.answer(run))
        #expect(Double(answer) >= 800 / 1.05 && answer <= 800)
    }

    @Test("search with steady-state rounds: each probe runs until steady and is judged on its steady window")
    func searchWithSteadyState() throws {
        let plan = try Self.plan(
            Self.search(
                matrix: "matrix: {ndisks: [1]}",
                steady: "steady-state: {metric: write.iops, window: 2, range: 5%, slope: 5%, max-rounds: 6}"))
        // Round 1 is a warm-up at a tenth of the capacity (its p99 fails everything), then the device settles.
        let run = Self.simulate(plan) { cell in
            let rate = Self.int(cell, "rate_iops")
            guard Self.int(cell, "repeat") > 1 else { return ["write.iops": 80, "write.clat.p99": 50_000_000] }
            return Self.device(capacity: 800, rate: rate)
        }
        #expect(run.ran.count == 3 * run.probes.count, "rounds 1–3 per probe, steady at 2–3: \(run.ran)")
        let answer = try #require(Self.answer(run), "\(run.outcome.lines)")
        #expect(Double(answer) >= 800 / 1.05 && answer <= 800, "judged on rounds 2–3, not the warm-up: \(run.outcome.lines)")
        #expect(run.outcome.lines.contains { $0.hasPrefix("steady-state (ndisks=1,rate_iops=") && $0.contains("steady at rounds 2–3") })
    }

    @Test(
        "stop over a search: each numjobs searches its rate, later numjobs wait for it, and numjobs stops once the answer's IOPS stop growing"
    )
    func stopOverSearch() throws {
        let plan = try Self.plan(
            Self.search(matrix: "matrix:\n  numjobs: [1, 2, 4, 8, 16]\n  stop: {axis: numjobs, metric: write.iops, gain-below: 5%, for: 1}")
                .replacingOccurrences(of: "job: \"[w]\"", with: "job: \"[w]\"\n    numjobs: ${numjobs}"))
        // 200 IOPS per job up to a device limit of 800.
        let run = Self.simulate(plan) { cell in
            Self.device(capacity: min(200 * Double(Self.int(cell, "numjobs")), 800), rate: Self.int(cell, "rate_iops"))
        }
        #expect(
            plan.rules?.descriptions.last?.contains(
                "gains less than 5% over the best so far; each value's write.iops is that of its search's answer (the next value waits for it)"
            ) == true, "\(plan.rules?.descriptions ?? [])")
        let order = run.ran.map { id in Self.int(plan.cells.first { $0.id == id }!, "numjobs") }
        #expect(order == order.sorted(), "a numjobs's search ends before the next one's begins: \(run.ran)")
        #expect(Set(order) == [1, 2, 4, 8], "\(run.ran)")
        let stopped = run.skippedBy.filter { $0.value == "stop" }.keys
        #expect(!stopped.isEmpty && stopped.allSatisfy { $0.hasPrefix("numjobs=16,") }, "\(run.skippedBy)")
        #expect(run.skipped.first { $0.key.hasPrefix("numjobs=16,") }?.value.hasPrefix("saturated at numjobs=4") == true, "\(run.skipped)")
        let answers = run.outcome.lines.filter { $0.hasPrefix("search (numjobs=") }
        #expect(answers.count == 5, "\(answers)")
        #expect(answers.prefix(4).allSatisfy { $0.contains(" is the highest that meets write.clat.p99 <= 5ms") }, "\(answers)")
    }

    @Test("stop over steady-state rounds compares steady windows, not every round: a warm-up burst does not pass for a gain")
    func stopOverSteadyWindows() throws {
        let plan = try Self.plan(
            """
            experiment: combined
            matrix:
              numjobs: [1, 2, 4, 8, 16, 32]
              stop: {axis: numjobs, metric: write.iops, gain-below: 5%, for: 1}
            steady-state: {metric: write.iops, window: 2, range: 5%, slope: 5%, max-rounds: 4}
            workload:
              fio:
                job: "[w]"
                directory: /tmp
                numjobs: ${numjobs}

            """)
        // Steady at 100 IOPS per job up to 400; from 8 jobs on a first round of 500 (a cache absorbing the burst).
        let run = Self.simulate(plan) { cell in
            let jobs = Self.int(cell, "numjobs")
            let steady = Double(min(100 * jobs, 400))
            let first = jobs >= 8 ? 500 : steady / 2
            return ["write.iops": Self.int(cell, "repeat") == 1 ? first : steady]
        }
        #expect(plan.rules?.descriptions.last?.contains("; each value's write.iops is its mean over its steady window (decided") == true)
        let ran = Set(run.ran.map { $0.split(separator: ",")[0] })
        #expect(ran == ["numjobs=1", "numjobs=2", "numjobs=4", "numjobs=8"], "\(run.ran)")
        #expect(run.ran.count == 4 * 3, "rounds 1–3 each, steady at 2–3: \(run.ran)")
        #expect(run.skipped["numjobs=16,repeat=1"]?.hasPrefix("saturated at numjobs=4") == true, "\(run.skipped)")
    }
}
