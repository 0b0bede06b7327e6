import Foundation
import SweepModel
import Testing

@testable import SweepPlanner

/// Planning splits the cells into runs planned concurrently, and rendering renders blocks of groups
/// concurrently: neither shows in the plan, its renderings or its problems, wherever the seams fall.
@Suite("Concurrent planning and rendering")
struct ConcurrentPlanningTests {
    /// Splits into 1 (one pass over the cells, as without concurrency), 2, 3 and 7 runs, each of any size.
    static let runCounts = [1, 2, 3, 7]

    /// The plan of `experiment` (or its problems) planned in `runs` runs.
    static func planned(_ experiment: Experiment, runs: Int) -> Result<Plan, DiagnosticList> {
        var planner = Planner(baseDirectory: "/")
        planner.runs = runs
        planner.cellsPerRun = 1
        return Result { () throws(DiagnosticList) in try planner.plan(experiment) }
    }

    /// The problems `validate` reports for `experiment`, found in `runs` runs.
    static func problems(_ experiment: Experiment, runs: Int) -> [Diagnostic] {
        var planner = Planner(baseDirectory: "/")
        planner.runs = runs
        planner.cellsPerRun = 1
        return planner.problems(experiment)
    }

    /// Per-group pools (ndisks 1…3, the repeats of each numjobs in one group), hooks around every cell.
    static func perGroup(results: String = "${ndisks}/${numjobs}/${repeat}") -> Experiment {
        var experiment = Fixtures.small(
            axes: [Axis("ndisks", [1, 2, 3]), Axis("numjobs", [1, 2, 4, 8, 16])], recreate: .perGroup)
        experiment.disks = .scratch(Scratch(count: 3, size: "128M"))
        experiment.matrix.repeat = Repeat(count: 3)
        experiment.results = results
        return experiment
    }

    @Test("A plan made in runs is the plan made in one", arguments: [Pool.Recreate.perCell, .perGroup, .once])
    func runsMakeTheSamePlan(recreate: Pool.Recreate) throws {
        var experiment = Self.perGroup()
        experiment.pool?.recreate = recreate
        if recreate == .once { experiment.pool?.vdevs = [Vdev(.stripe, "${disks[:2]}")] }
        let one = try Self.planned(experiment, runs: 1).get()
        #expect(one.cells.count == 45)
        for runs in Self.runCounts.dropFirst() {
            let plan = try Self.planned(experiment, runs: runs).get()
            #expect(plan == one, "\(runs) runs")
            #expect(plan.groups.map(\.key) == one.groups.map(\.key), "\(runs) runs")
        }
    }

    @Test("A file system's group is not cut where planning splits the cells (one group per type)", arguments: [1, 2, 3, 7])
    func fileSystemGroupsAcrossRuns(runs: Int) throws {
        let yaml = """
            experiment: fs
            disks: [sdb]
            matrix:
              fs: [ext4, xfs, btrfs]
              repeat: 5
            filesystem: { type: "${fs}", devices: "${disks}", recreate: per-group }
            workload:
              fio: { job: "[j]", directory: "${mountpoint}", rw: write, runtime: 1 }
            results: ${fs}/${repeat}
            """
        let experiment = try ExperimentLoader.load(yaml: yaml, file: "fs.yaml", directory: "/").experiment
        let plan = try Self.planned(experiment, runs: runs).get()
        #expect(plan.groups.map(\.key) == ["fs=ext4", "fs=xfs", "fs=btrfs"])
        #expect(plan.groups.map(\.cells.count) == [5, 5, 5])
        #expect(plan == (try Self.planned(experiment, runs: 1).get()))
    }

    @Test("Problems found in runs are those found in one pass, in its order")
    func runsFindTheSameProblems() {
        // ndisks 3 repeats ndisks 1's paths (first at cell 31 of 45, a seam for 3 runs); numjobs 4 divides by
        // zero; the other sizes are negative for some cells.
        var experiment = Self.perGroup(results: "${ndisks % 2}/${numjobs}/${repeat}")
        if case .fio(var fio) = experiment.workload {
            fio.size = "${64 / (numjobs - 4)}M"
            experiment.workload = .fio(fio)
        }
        guard case .failure(let one) = Self.planned(experiment, runs: 1) else {
            Issue.record("planned without problems")
            return
        }
        #expect(one.diagnostics.contains { $0.message.contains("have the same result path '1/1/1'") })
        for runs in Self.runCounts {
            guard case .failure(let found) = Self.planned(experiment, runs: runs) else {
                Issue.record("planned without problems in \(runs) runs")
                continue
            }
            #expect(found.diagnostics == one.diagnostics, "\(runs) runs")
            #expect(Self.problems(experiment, runs: runs) == one.diagnostics, "validate, \(runs) runs")
        }
    }

    @Test("The first of several repeated result paths is reported, with both cells", arguments: [1, 2, 3, 7])
    func firstRepeatedPath(runs: Int) {
        // Cells 16… (ndisks 2, numjobs 1) repeat cells 1… (ndisks 1); ndisks 3 repeats them too.
        let experiment = Self.perGroup(results: "${numjobs}/${repeat}")
        let found = Self.problems(experiment, runs: runs)
        #expect(
            found.map(\.message) == [
                "cells ndisks=1,numjobs=1,repeat=1 and ndisks=2,numjobs=1,repeat=1 have the same result path '1/1'"
            ])
    }

    @Test("A path inside another's is the first such cell's, however the cells are split", arguments: [1, 2, 3, 7])
    func nestedPaths(runs: Int) {
        let experiment = Fixtures.bare(Matrix(axes: [Axis("a", [1, 2, 3]), Axis("b", ["x", "x/y", "x/y/z"])]))
        var withResults = experiment
        withResults.results = "${a}/${b}"
        #expect(
            Self.problems(withResults, runs: runs).map(\.message) == [
                "result path '1/x/y' lies inside the result path '1/x' of another cell"
            ])
    }

    @Test("Renderings made in blocks are those made at once", arguments: [Pool.Recreate.perCell, .perGroup])
    func blocksRenderTheSameBytes(recreate: Pool.Recreate) throws {
        var experiment = Self.perGroup()
        experiment.pool?.recreate = recreate
        let plan = try Self.planned(experiment, runs: 3).get()
        for cellsPerBlock in [1, 2, 7] {
            var text = TextRenderer()
            var json = JSONRenderer()
            var script = ShellScriptRenderer()
            let wholeText = text.render(plan)
            let wholeJSON = json.render(plan)
            let wholeScript = script.render(plan)
            text.cellsPerBlock = cellsPerBlock
            json.cellsPerBlock = cellsPerBlock
            script.cellsPerBlock = cellsPerBlock
            #expect(text.render(plan) == wholeText, "\(cellsPerBlock) cells per block")
            #expect(json.render(plan) == wholeJSON, "\(cellsPerBlock) cells per block")
            #expect(script.render(plan) == wholeScript, "\(cellsPerBlock) cells per block")
            // Also with results marked (a plan with done cells left out, numbered by the full plan).
            let states = Dictionary(uniqueKeysWithValues: plan.cells.enumerated().map { ($1.id, $0 % 3 == 0 ? CellMark.done : .stale) })
            var marked = TextRenderer(states: states)
            let wholeMarked = marked.render(plan)
            marked.cellsPerBlock = cellsPerBlock
            #expect(marked.render(plan) == wholeMarked, "\(cellsPerBlock) cells per block, marked")
        }
    }

    @Test(
        "Groups made where they are read are those made at once: renderings, counts, numbers",
        arguments: [Pool.Recreate.perCell, .perGroup, .once])
    func groupsMadeWhereRead(recreate: Pool.Recreate) throws {
        var experiment = Self.perGroup()
        experiment.pool?.recreate = recreate
        if recreate == .once { experiment.pool?.vdevs = [Vdev(.stripe, "${disks[:2]}")] }
        // A list of points too (an include with a cell of its own), not only a product.
        var listed = experiment
        listed.matrix.include = [["ndisks": 3, "numjobs": 32]]
        // Per group, the pool reading every axis: a cell per group, keyed as its id, is shown as a cell of its own.
        var keyedByID = Fixtures.small(recreate: recreate)
        keyedByID.datasets = [Dataset("small/fs", properties: ["recsize": "${numjobs * 8}k"])]
        for experiment in [experiment, listed] + (recreate == .perGroup ? [keyedByID] : []) {
            for runs in Self.runCounts {
                let planned = try Self.planned(experiment, runs: runs).get()
                // Counted from planning's table, before anything made its groups.
                let counts = (
                    steps: planned.stepCount, seconds: planned.estimatedSeconds, cells: planned.groupStorage.cellCount,
                    groups: planned.groupStorage.count, oneEach: planned.groupStorage.isOneCellEach,
                    repeats: planned.groupStorage.idRepeats
                )
                // The same plan with its groups made at once, as a decoded or changed plan holds them.
                var made = planned
                made.groups = planned.groups
                #expect(planned.groupStorage !== made.groupStorage)
                #expect(counts.steps == made.stepCount, "\(runs) runs")
                #expect(counts.seconds == made.estimatedSeconds, "\(runs) runs")
                #expect(counts.cells == made.cells.count, "\(runs) runs")
                #expect(counts.groups == made.groups.count, "\(runs) runs")
                #expect(counts.oneEach == made.groupStorage.isOneCellEach, "\(runs) runs")
                if experiment != keyedByID { #expect(counts.oneEach == (recreate == .perCell), "\(runs) runs") }
                #expect(counts.repeats == made.groupStorage.idRepeats, "\(runs) runs")
                for cellsPerBlock in [1, 4, 1000] {
                    var text = TextRenderer()
                    var json = JSONRenderer()
                    var script = ShellScriptRenderer()
                    text.cellsPerBlock = cellsPerBlock
                    json.cellsPerBlock = cellsPerBlock
                    script.cellsPerBlock = cellsPerBlock
                    // Rendered from planning's table first, before anything made its groups.
                    let fresh = try Self.planned(experiment, runs: runs).get()
                    let streamedText = text.render(fresh)
                    let streamedJSON = json.render(fresh)
                    #expect(streamedText == text.render(made), "\(runs) runs, \(cellsPerBlock) cells per block")
                    #expect(streamedJSON == json.render(made), "\(runs) runs, \(cellsPerBlock) cells per block")
                    #expect(script.render(fresh) == ShellScriptRenderer().render(made), "\(runs) runs, \(cellsPerBlock) cells per block")
                    let decoded = try JSONDecoder().decode(Plan.self, from: Data(streamedJSON.utf8))
                    #expect(decoded == made, "\(runs) runs, \(cellsPerBlock) cells per block")
                }
            }
        }
    }
}
