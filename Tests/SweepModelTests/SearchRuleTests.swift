import Foundation
import Testing
@testable import SweepModel

/// `search`: decoding of both forms of `subject-to`, the ladder it plans, located errors, export and the builder.
@Suite struct SearchRuleTests {
    static func study(_ search: String, workload: String = "rw: randwrite", matrix: String = "") -> String {
        """
        experiment: slo
        \(matrix)
        search: \(search)
        workload:
          fio:
            job: "[w]"
            \(workload)
        """
    }

    static let plain =
        "{parameter: rate_iops, range: [500, 100000], maximize: write.iops, subject-to: \"write.clat.p99 <= 2ms\", tolerance: 5%}"

    @Test("a search: its constraint, its ladder of rungs at most 5 % apart, and its probe limit")
    func decoded() throws {
        let experiment = try ExperimentLoader.load(yaml: Self.study(Self.plain), file: "s.yaml", directory: "/nonexistent").experiment
        let search = try #require(experiment.search)
        #expect(search.parameter == "rate_iops" && search.lower == 500 && search.upper == 100_000 && search.maximize == "write.iops")
        #expect(
            search.constraints == [
                SearchConstraint(metric: "write.clat.p99", comparison: .atMost, limit: Quantity(kind: .duration, value: 2e6))
            ])
        let rungs = search.rungs
        #expect(rungs.first == 500 && rungs.last == 100_000)
        #expect(zip(rungs, rungs.dropFirst()).allSatisfy { Double($1) <= Double($0) * 1.05 && $1 > $0 })
        #expect(search.probeLimit == 2 + Int((log2(Double(rungs.count - 1))).rounded(.up)))
        #expect(search.probeLimit <= Int(log2(100_000.0 / 500 / 0.05).rounded(.up)) + 2, "the issue's bound")
        #expect(experiment.expressionNames.contains("rate_iops"))
    }

    @Test("the planned experiment has the parameter as its innermost axis and passes it to fio")
    func probes() throws {
        let experiment = try ExperimentLoader.load(
            yaml: Self.study(Self.plain, matrix: "matrix: {ndisks: [1, 2]}"), file: "s.yaml", directory: "/nonexistent"
        ).experiment
        let planned = experiment.withAdaptiveAxes
        #expect(planned.matrix.axes.map(\.name) == ["ndisks", "rate_iops"])
        #expect(planned.matrix.axes[1].values.count == experiment.search?.rungs.count)
        guard case .fio(let fio) = planned.workload else { Issue.record("fio"); return }
        #expect(fio.options["rate_iops"] == "${rate_iops}")
        let jobs = try ExperimentLoader.load(
            yaml: Self.study("{parameter: numjobs, range: [1, 64], subject-to: \"write.clat.p99 < 10ms\"}"), file: "s.yaml",
            directory: "/nonexistent"
        ).experiment.withAdaptiveAxes
        guard case .fio(let fio2) = jobs.workload else { Issue.record("fio"); return }
        #expect(fio2.numjobs == "${numjobs}")
    }

    @Test(
        "constraints: one text or a list; every comparison",
        arguments: [
            ("write.clat.p99 <= 2ms", SearchConstraint.Comparison.atMost), ("write.lat.mean<500us", .below),
            ("write.iops >= 1000", .atLeast),
            ("read.bw > 100MiB/s", .above),
        ])
    func constraints(text: String, comparison: SearchConstraint.Comparison) throws {
        let constraint = try #require(SearchConstraint(parsing: text))
        #expect(constraint.comparison == comparison)
        #expect(SearchConstraint(parsing: constraint.description) == constraint)
    }

    @Test(
        "not constraints",
        arguments: ["", "write.iops", "<= 2ms", "write.clat.p99 <= fast", "a b <= 2ms", "x <= 2ms <= 3ms", "x == 2", "x =< 2"])
    func notConstraints(text: String) {
        #expect(SearchConstraint(parsing: text) == nil, "\(text)")
    }

    @Test(
        "misuse is a located error with a hint",
        arguments: [
            (
                "{parameter: rate_iops, range: [500], subject-to: \"write.iops >= 1\"}", "", "",
                "'search.range' is [LOWER, UPPER], found 1 values"
            ),
            (
                "{parameter: rate_iops, range: [900, 500], subject-to: \"write.iops >= 1\"}", "", "",
                "'search.range' must be [LOWER, UPPER] with 1 <= LOWER < UPPER"
            ),
            (
                "{parameter: rate_iops, range: [1, 9], subject-to: \"write.iops >= 1\", tolerance: 2ms}", "", "",
                "'search.tolerance' is a percentage"
            ),
            ("{parameter: rate_iops, range: [1, 9], subject-to: \"write.iops is big\"}", "", "", "expected a constraint METRIC <= LIMIT"),
            ("{parameter: rate_iops, range: [1, 9], subject-to: []}", "", "", "'search.subject-to' needs a constraint"),
            (
                "{parameter: numjobs, range: [1, 9], subject-to: \"write.iops >= 1\"}", "", "matrix: {numjobs: [1, 2]}",
                "'numjobs' is searched and also an axis"
            ),
            (
                "{parameter: runtime, range: [1, 9], subject-to: \"write.iops >= 1\"}", "", "",
                "'runtime' cannot be searched: iosweep sets it itself"
            ),
            (
                "{parameter: rate_iops, range: [1, 9], subject-to: \"write.iops >= 1\"}", "rate_iops: 300", "",
                "the search sets 'rate_iops' for each probe"
            ),
        ])
    func misuse(search: String, workload: String, matrix: String, message: String) {
        let text = Self.study(search, workload: workload.isEmpty ? "rw: randwrite" : workload, matrix: matrix)
        let found = diagnostics(yaml: text, file: "s.yaml")
        let match = found.first { $0.message.hasPrefix(message) }
        #expect(match != nil, "\(found.map(\.message))")
        #expect(match?.location != nil, "located")
        #expect(match?.hint?.isEmpty == false, "\(message) has a hint")
    }

    @Test(
        "a search combines with repeats, repeat-until, a stop rule along another axis and steady-state rounds",
        arguments: [
            ("matrix: {x: [1, 2], repeat: 3}", ""),
            ("matrix: {x: [1, 2], repeat: {min: 2, max: 5, until: {metric: write.iops, ci-halfwidth: 5%}}}", ""),
            ("matrix: {x: [1, 2], stop: {axis: x, metric: write.iops, gain-below: 5%}}", ""),
            ("matrix: {x: [1, 2]}", "steady-state: {metric: write.iops, window: 3, range: 20%, slope: 10%, max-rounds: 6}"),
        ])
    func combinations(matrix: String, steady: String) throws {
        let text = Self.study(Self.plain, matrix: matrix) + "\n" + steady + "\n"
        #expect(diagnostics(yaml: text).isEmpty, "\(diagnostics(yaml: text).map(\.message))")
        let experiment = try ExperimentLoader.load(yaml: text, file: "s.yaml", directory: "/nonexistent").experiment
        let planned = experiment.withAdaptiveAxes.matrix
        #expect(planned.axes.map(\.name) == ["x", "rate_iops"], "the probes' axis innermost")
        #expect(planned.repeat?.count == (steady.isEmpty ? experiment.matrix.repeat?.count : 6), "each probe's repeats or rounds")
    }

    @Test("${rate_iops} in the workload is the search's own reference, not a conflict")
    func ownReference() {
        #expect(diagnostics(yaml: Self.study(Self.plain, workload: "rate_iops: ${rate_iops}")).isEmpty)
    }

    @Test("export writes the search back as it loads; the builder gives the same model")
    func exportAndBuilder() throws {
        for search in [Self.plain, "{parameter: iodepth, range: [1, 256], subject-to: [\"write.clat.p99 <= 2ms\", \"write.iops >= 100\"]}"]
        {
            let loaded = try ExperimentLoader.load(yaml: Self.study(search), file: "s.yaml", directory: "/nonexistent").experiment
            let exported = loaded.yaml()
            let reloaded = try ExperimentLoader.load(yaml: exported, file: "e.yaml", directory: "/nonexistent").experiment
            #expect(reloaded == loaded, "\(exported)")
            #expect(reloaded.yaml() == exported)
        }
        let built = Experiment("slo") {
            Fio(job: "[w]", options: ["rw": "randwrite"])
            SearchRule(
                parameter: "rate_iops", lower: 500, upper: 100_000, maximize: "write.iops",
                constraints: [SearchConstraint(parsing: "write.clat.p99 <= 2ms")!])
        }
        let loaded = try ExperimentLoader.load(yaml: Self.study(Self.plain), file: "s.yaml", directory: "/nonexistent").experiment
        #expect(built == loaded)
    }
}
