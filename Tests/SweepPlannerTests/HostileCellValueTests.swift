import SweepModel
import SweepPlanner
import Testing

/// Each cell's rendered values are checked before they reach argv or a path: fio option types, devices
/// named to fio, pool and dataset names, result paths. The error names the cell.
@Suite("Hostile values per cell")
struct HostileCellValueTests {
    private func messages(_ experiment: Experiment) -> [String] {
        do {
            _ = try Planner(baseDirectory: "/").plan(experiment)
            return []
        } catch {
            return error.diagnostics.map { "\($0.path?.description ?? ""): \($0.message)" }
        }
    }

    private func fio(_ options: Settings, numjobs: Value? = nil, matrix: Matrix, disks: [String] = []) -> Experiment {
        Experiment(
            name: "x", disks: .devices(disks), matrix: matrix,
            workload: .fio(Fio(job: "[w]\nrw=write\n", numjobs: numjobs, options: options)))
    }

    @Test("A study without matrix and results has one cell named 'cell', written to 'cell'")
    func singleCell() throws {
        let plan = try Planner(baseDirectory: "/").plan(Fixtures.bare(Matrix()))
        #expect(plan.cells.map(\.id) == ["cell"])
        #expect(plan.cells.map(\.resultPath) == ["cell"])
    }

    @Test("numjobs: ${0 - n} renders -1: an error naming the cell")
    func negativeNumjobs() {
        let experiment = fio([:], numjobs: "${0 - n}", matrix: Matrix(axes: [Axis("n", [1])]))
        #expect(messages(experiment) == ["workload.fio.numjobs: 'workload.fio.numjobs' must be at least 1, found -1 (cell n=1)"])
    }

    @Test("A text axis in iodepth and a list in size are errors naming the cell")
    func textAndListValues() {
        let experiment = fio(
            ["iodepth": "${d}", "size": "${disks}"], matrix: Matrix(axes: [Axis("d", [4, "a-b"])]), disks: ["sdb", "sdc"])
        #expect(
            messages(experiment) == [
                "workload.fio.size: 'workload.fio.size' must be a size, found 'sdb sdc' (cell d=4)",
                "workload.fio.iodepth: 'workload.fio.iodepth' must be an integer, found 'a-b' (cell d=a-b)",
            ])
    }

    @Test("A rendered fio filename naming an unlisted device is refused; a listed one is planned")
    func renderedDevice() throws {
        let experiment = fio(
            ["filename": "${target}"], matrix: Matrix(axes: [Axis("target", ["/dev/sdb", "sdc", "/dev/loop7"])]), disks: ["sdb"])
        #expect(
            messages(experiment) == [
                "workload.fio.filename: fio filename '/dev/loop7' is a device not listed in 'disks' (cell target=_dev_loop7)"
            ])
    }

    @Test("A device in the inline job is refused when the experiment was not loaded from YAML (the Swift builder)")
    func inlineJobDevice() {
        var experiment = fio([:], matrix: Matrix())
        experiment.workload = .fio(Fio(job: "[w]\nfilename=/dev/sdq\n"))
        #expect(
            messages(experiment) == [
                "workload.fio.job: fio filename '/dev/sdq' is a device not listed in 'disks' (cell cell) (line 2 of the job file)"
            ])
    }

    @Test("iosweep's own fio options are refused in rendered options")
    func reservedOption() {
        let experiment = fio(["output": "${where}"], matrix: Matrix(axes: [Axis("where", ["/tmp/x"])]))
        #expect(messages(experiment) == ["workload.fio.output: fio option 'output' is set by iosweep"])
    }

    @Test("A rendered pool name that would be an option of zpool create is refused, naming the cell")
    func renderedPoolName() {
        var experiment = Fixtures.bare(Matrix(axes: [Axis("p", ["-o evil", "tank"])]))
        experiment.disks = .devices(["sdb"])
        experiment.pool = Pool(name: "${p}", vdevs: [Vdev(.stripe, ["sdb"])])
        experiment.results = "${p}"
        #expect(messages(experiment) == ["pool.name: pool name '-o evil' of cell p=-o_evil does not start with a letter"])
    }

    @Test(
        "Rendered result paths: run-directory names, '..', absolute paths are refused, naming the cell",
        arguments: [
            ("journal.jsonl", "starts with 'journal.jsonl', a name the run directory keeps for itself"),
            ("..", "has a '..' component"), ("/etc", "is absolute"),
            (".lock", "starts with '.lock', a hidden name the run directory keeps for itself"),
        ])
    func renderedResultPath(value: String, problem: String) {
        var experiment = Fixtures.bare(Matrix(axes: [Axis("r", ["ok", .string(value)])]))
        experiment.results = "${r}"
        let id = "r=" + String(value.map { $0.isLetter || $0 == "." ? $0 : "_" })
        #expect(messages(experiment) == ["results: result path '\(value)' of cell \(id) \(problem)"])
    }
}
