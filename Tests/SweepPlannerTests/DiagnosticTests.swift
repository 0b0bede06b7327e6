import SweepModel
import SweepPlanner
import Testing

@Suite("Planning problems are diagnostics with a field path")
struct DiagnosticTests {
    private func problems(_ experiment: Experiment, only: [(axis: String, value: String)] = [], base: String = "/") -> [Diagnostic] {
        do {
            _ = try Planner(baseDirectory: base).plan(experiment, only: only)
            return []
        } catch {
            return error.diagnostics
        }
    }

    @Test("Two cells with the same result path")
    func duplicateResultPath() {
        var experiment = Fixtures.small()
        experiment.results = "${ndisks}"
        let found = problems(experiment)
        #expect(found.count == 1)
        #expect(found.first?.path == FieldPath("results"))
        #expect(found.first?.message.contains("'1'") == true)
    }

    @Test("A slice beyond the disk list names the field and the cell")
    func sliceBeyondDisks() {
        let experiment = Fixtures.small(axes: [Axis("ndisks", [1, 3]), Axis("numjobs", [1, 4])])
        let found = problems(experiment)
        #expect(
            found.contains { $0.path == FieldPath("pool.vdevs[0]") && $0.message.contains("ndisks=3") && $0.message.contains("beyond") })
        // Reported once per field, not once per cell.
        #expect(found.filter { $0.path == FieldPath("pool.vdevs[0]") }.count == 1)
    }

    @Test("A device outside the disks allowlist")
    func notAllowed() {
        var experiment = Fixtures.small()
        experiment.pool?.log = [Vdev(.stripe, "nvme0n1")]
        let found = problems(experiment)
        #expect(found.contains { $0.path == FieldPath("pool.log[0]") && $0.message.contains("nvme0n1") })
    }

    @Test("Unknown names and syntax errors in expressions")
    func expressionErrors() {
        var experiment = Fixtures.small()
        experiment.results = "${ndisks}/${numjob}"
        guard case .fio(var fio) = experiment.workload else { return }
        fio.size = "${numjobs *}M"
        experiment.workload = .fio(fio)
        let found = problems(experiment)
        #expect(found.contains { $0.path == FieldPath("results") && $0.hint == "did you mean 'numjobs'?" })
        #expect(found.contains { $0.path == FieldPath("workload.fio.size") })
    }

    @Test("An --only that matches nothing, or names no axis")
    func onlyMatchesNothing() {
        let found = problems(Fixtures.small(), only: [("numjobs", "3")])
        #expect(found.map(\.message) == ["--only numjobs=3 matches no cell"])
        let typo = problems(Fixtures.small(), only: [("numjob", "1")])
        #expect(typo.first?.hint == "did you mean 'numjobs'?")
    }

    @Test("A missing job file, a bad scratch size, an axis named like a reserved name")
    func inputs() {
        var experiment = Fixtures.seedValue
        experiment.matrix.axes.append(Axis("disks", [1]))
        let found = problems(experiment, base: "/nonexistent")
        #expect(found.contains { $0.path == FieldPath("workload.fio.job-file") && $0.message.contains("/nonexistent/workload.fio") })
        #expect(found.contains { $0.path == FieldPath("matrix.disks") })
        var small = Fixtures.small()
        small.disks = .scratch(Scratch(count: 2, size: "lots"))
        #expect(problems(small).contains { $0.path == FieldPath("disks.scratch.size") })
    }

    @Test("exclude and repeat.after naming no axis")
    func matrixNames() {
        var experiment = Fixtures.small()
        experiment.matrix.exclude = [["numjob": 1]]
        experiment.matrix.repeat = Repeat(count: 2, after: "ndisk")
        let found = problems(experiment)
        #expect(found.contains { $0.path == FieldPath("matrix.repeat.after") && $0.hint == "did you mean 'ndisks'?" })
        experiment.matrix.repeat = nil
        #expect(problems(experiment).contains { $0.path == FieldPath("matrix.exclude[0].numjob") })
    }
}

@Suite("Result path checks")
struct ResultPathTests {
    @Test("A result path inside another cell's, absolute paths and '..' are errors")
    func nesting() {
        func messages(_ results: String, axes: [Axis]) -> [String] {
            var experiment = Fixtures.bare(Matrix(axes: axes))
            experiment.results = results
            do {
                _ = try Planner(baseDirectory: "/").plan(experiment)
                return []
            } catch {
                return error.diagnostics.map(\.message)
            }
        }
        #expect(messages("${a}", axes: [Axis("a", ["x", "x/y"])]) == ["result path 'x/y' lies inside the result path 'x' of another cell"])
        #expect(messages("/abs/${a}", axes: [Axis("a", [1])]).first?.contains("is absolute") == true)
        #expect(messages("${a}/../up", axes: [Axis("a", [1])]).first?.contains("has a '..' component") == true)
        #expect(messages("${a}/b", axes: [Axis("a", [1, 2])]).isEmpty)
    }
}
