import SweepModel
import SweepPlanner
import Testing

@Suite("Pool lifecycles: per-cell, per-group, once")
struct LifecycleTests {
    private let planner = Planner(baseDirectory: "/")

    @Test("per-cell: one group per cell; hooks wrap the pool; teardown mirrors setup")
    func perCell() throws {
        let plan = try planner.plan(Fixtures.small())
        #expect(plan.groups.count == 4)
        for group in plan.groups {
            #expect(group.cells.count == 1 && group.key == group.cells[0].id)
            #expect(group.setup.map(\.kind) == [.hook, .setup, .setup])
            #expect(group.setup.map { $0.argv.prefix(2) } == [["sync"], ["zpool", "create"], ["zfs", "create"]])
            // The dataset goes with its pool: no separate `zfs destroy` (zfs-fuse calls it busy after fio).
            #expect(
                group.teardown.map(\.argv) == [["zpool", "destroy", "small"], ["true", group.cells[0].values["numjobs"]?.text ?? ""]])
            #expect(group.teardown.compactMap(\.resource) == [.pool("small")])
            #expect(
                group.cells[0].steps.map(\.kind)
                    == [.collector, .collector, .workload, .record, .record, .publish].suffix(group.cells[0].steps.count))
        }
        #expect(plan.destroys == ["@{scratch0}", "@{scratch1}"])
        #expect(plan.groups[2].setup[1].argv.suffix(3) == ["small", "@{scratch0}", "@{scratch1}"])
        #expect(plan.scratch.map(\.file) == [".scratch/scratch0.img", ".scratch/scratch1.img"])
        #expect(plan.scratch.allSatisfy { $0.bytes == 128 << 20 })
    }

    @Test("per-group: the pool is built once per run of cells sharing the values it reads")
    func perGroup() throws {
        let plan = try planner.plan(Fixtures.small(recreate: .perGroup))
        #expect(plan.groups.map(\.key) == ["ndisks=1", "ndisks=2"])
        #expect(
            plan.groups.map { $0.cells.map(\.id) } == [
                ["ndisks=1,numjobs=1", "ndisks=1,numjobs=4"], ["ndisks=2,numjobs=1", "ndisks=2,numjobs=4"],
            ])
        for group in plan.groups {
            #expect(group.setup.map(\.kind) == [.setup, .setup])
            #expect(group.teardown.map(\.argv) == [["zpool", "destroy", "small"]])
            for cell in group.cells {
                #expect(cell.steps.first?.argv == ["sync"])
                #expect(cell.steps.last?.argv.first == "true")
                #expect(cell.steps.contains { $0.kind == .workload })
            }
        }
        // Interleaved values split groups: a shuffled matrix rebuilds the pool whenever ndisks changes.
        var shuffled = Fixtures.small(axes: [Axis("numjobs", [1, 4]), Axis("ndisks", [1, 2])], recreate: .perGroup)
        shuffled.matrix.order = .sequential
        #expect(try planner.plan(shuffled).groups.map(\.key) == ["ndisks=1", "ndisks=2", "ndisks=1", "ndisks=2"])
    }

    @Test("once: a single group holding every cell; a pool that varies per cell is an error")
    func once() throws {
        var experiment = Fixtures.small(axes: [Axis("numjobs", [1, 2, 4])], recreate: .once)
        experiment.pool?.vdevs = [Vdev(.mirror, "${disks}")]
        experiment.results = "${numjobs}"
        let plan = try planner.plan(experiment)
        #expect(plan.groups.count == 1)
        #expect(plan.groups[0].key == "once")
        #expect(plan.groups[0].cells.count == 3)
        #expect(plan.groups[0].setup[0].argv.suffix(4) == ["small", "mirror", "@{scratch0}", "@{scratch1}"])

        let varying = Fixtures.small(recreate: .once)
        #expect {
            try planner.plan(varying)
        } throws: { error in
            let list = error as? DiagnosticList
            return list?.diagnostics.contains { $0.path == FieldPath("pool.recreate") && $0.message.contains("ndisks") } == true
        }
    }

    @Test("Without a pool, datasets are created in an existing pool and destroyed one by one")
    func datasetsWithoutPool() throws {
        var experiment = Fixtures.small()
        experiment.pool = nil
        experiment.disks = .devices([])
        experiment.collectors = [Collector(.mpstat)]
        experiment.datasets = [Dataset("existing/a"), Dataset("existing/b")]
        let group = try planner.plan(experiment).groups[0]
        #expect(group.setup.map(\.argv) == [["sync"], ["zfs", "create", "existing/a"], ["zfs", "create", "existing/b"]])
        #expect(
            group.teardown.map { Array($0.argv.prefix(4)) } == [
                ["zfs", "destroy", "-f", "existing/b"], ["zfs", "destroy", "-f", "existing/a"], ["true", "1"],
            ])
    }

    @Test("Before-run and after-run hooks are the plan's own setup and teardown")
    func runHooks() throws {
        var experiment = Fixtures.small()
        experiment.hooks.beforeRun = [["echo", "start ${experiment}"]]
        experiment.hooks.afterRun = [["echo", "end"]]
        let plan = try planner.plan(experiment)
        #expect(plan.setup.map(\.argv) == [["echo", "start small"]])
        #expect(plan.teardown.map(\.argv) == [["echo", "end"]])
    }

    @Test("sudo prefixes zpool, zfs and fio, not hooks or iostat")
    func sudo() throws {
        var experiment = Fixtures.small()
        experiment.sudo = true
        let steps = try planner.plan(experiment).flatSteps
        for step in steps where ["zpool", "zfs", "fio"].contains(step.argv.dropFirst().first ?? "") {
            #expect(step.argv.first == "sudo")
        }
        #expect(steps.filter { $0.argv.first == "sudo" }.count == 4 * 6)
        #expect(!steps.contains { $0.argv.first == "sudo" && ($0.kind == .hook || $0.kind == .collector) })
    }
}
