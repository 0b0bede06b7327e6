import SweepModel
import SweepPlanner
import Testing

/// `when:` on the pool, a dataset and a collector: the cells that have it.
@Suite struct ConditionTests {
    static func load(_ yaml: String) throws(DiagnosticList) -> Experiment {
        try ExperimentLoader.load(yaml: yaml, file: "when.yaml", directory: "/").experiment
    }

    static let study = """
        experiment: when
        disks: [sdb, sdc]
        matrix:
          target: [zfs, raw]
          ndisks: [1, 2]
        pool:
          name: tank
          vdevs: ${disks[:ndisks]}
          when: ${target == 'zfs'}
        datasets:
          - name: tank/fs
          - name: tank/big
            when: ${target == 'zfs' and ndisks > 1}
        workload:
          command: [true]
        collectors:
          - zpool-iostat: { when: "${target == 'zfs'}" }
          - vmstat: { when: false }
          - mpstat
        results: ${target}/${ndisks}
        """

    @Test("a cell outside the pool's when has no pool, no datasets, no pool collector")
    func conditionsChooseWhatEachCellHas() throws {
        let experiment = try Self.load(Self.study)
        #expect(experiment.pool?.when == "${target == 'zfs'}")
        let plan = try Planner(baseDirectory: "/").plan(experiment)
        func setup(_ id: String) -> [String] {
            plan.groups.first { $0.cells.contains { $0.id == id } }?.setup.map {
                $0.argv.prefix(2).joined(separator: " ") + " " + ($0.argv.last ?? "")
            } ?? []
        }
        func collectors(_ id: String) -> [String] {
            plan.cells.first { $0.id == id }?.steps.compactMap(\.collector?.name) ?? []
        }
        #expect(setup("target=zfs,ndisks=1") == ["zpool create sdb", "zfs create tank/fs"])
        #expect(setup("target=zfs,ndisks=2") == ["zpool create sdc", "zfs create tank/fs", "zfs create tank/big"])
        #expect(setup("target=raw,ndisks=2") == [])
        #expect(collectors("target=zfs,ndisks=1") == ["zpool-iostat", "mpstat"])
        #expect(collectors("target=raw,ndisks=1") == ["mpstat"])
        #expect(plan.destroys == ["sdb", "sdc"])
        // Exported and loaded back: the same experiment.
        #expect(try Self.load(experiment.yaml()) == experiment)
    }

    @Test("a condition that gives no boolean is an error naming the cell; a when that is no condition is an error at load time")
    func badConditions() throws {
        let experiment = try Self.load(Self.study.replacingOccurrences(of: "when: ${target == 'zfs'}", with: "when: ${ndisks}"))
        do {
            _ = try Planner(baseDirectory: "/").plan(experiment)
            Issue.record("planned")
        } catch {
            #expect(
                error.diagnostics.contains {
                    $0.message == "'when' must give true or false, not an integer '1' (cell target=zfs,ndisks=1)"
                },
                "\(error.diagnostics.map(\.message))")
            #expect(error.diagnostics.first?.path == FieldPath("pool.when"))
        }
        do {
            _ = try Self.load(Self.study.replacingOccurrences(of: "when: ${target == 'zfs'}", with: "when: sometimes"))
            Issue.record("loaded")
        } catch {
            #expect(error.diagnostics.contains { $0.message.hasPrefix("'when' needs true, false or a ${…} condition") })
        }
        do {
            _ = try Self.load(Self.study.replacingOccurrences(of: "when: ${target == 'zfs'}", with: "when: ${target = 'zfs'}"))
            Issue.record("loaded")
        } catch {
            #expect(error.diagnostics.contains { $0.hint == "compare with ==" }, "a syntax error is found at load time")
        }
    }
}
