import Foundation
import IOSweepTestSupport
import SweepModel
import SweepPlanner
import Testing

/// Test fixtures: the seed study as a Swift value, the fixture folder, golden-file comparison.
enum Fixtures {
    /// `Fixtures/` in the test bundle.
    static var directory: URL {
        get throws { try #require(Bundle.module.url(forResource: "Fixtures", withExtension: nil)) }
    }

    /// The package root (for the shipped `Experiments/`).
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// `Experiments/seed.yaml`, loaded by the YAML loader.
    static var seedFile: ExperimentFile {
        get throws { try ExperimentLoader.load(path: packageRoot.appendingPathComponent("Experiments/seed.yaml").path) }
    }

    /// The seed study as the YAML loader reads it.
    static var seed: Experiment { get throws { try seedFile.experiment } }

    /// The seed study of `Experiments/seed.yaml` (the ARCHITECTURE contract example), written as a Swift value.
    static let seedValue = Experiment(
        name: "zil-sync-writes",
        description: "8k O_SYNC writes, 1..1024 fio threads, pools of 1..3 disks",
        disks: .devices(["sdb", "sdc", "sdd"]),
        matrix: Matrix(axes: [
            Axis("ndisks", [1, 2, 3]),
            Axis("numjobs", [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024]),
        ]),
        pool: Pool(name: "tank", vdevs: [Vdev(.stripe, "${disks[:ndisks]}")], force: true, recreate: .perCell),
        datasets: [Dataset("tank/dozer", properties: ["recsize": "8k"])],
        workload: .fio(
            Fio(
                jobFile: "workload.fio", directory: "/tank/dozer", numjobs: "${numjobs}", size: "${1048576 / numjobs}M",
                runtime: 60)),
        collectors: [Collector(.iostat, devices: "${disks[:ndisks]}", interval: 1)],
        results: "${ndisks}-disks/${numjobs}-jobs"
    )

    /// A small study on scratch disks with no job file, for tests that need no fixture files.
    static func small(
        axes: [Axis] = [Axis("ndisks", [1, 2]), Axis("numjobs", [1, 4])], recreate: Pool.Recreate = .perCell,
        runtime: Value = 5
    ) -> Experiment {
        Experiment(
            name: "small",
            disks: .scratch(Scratch(count: 2, size: "128M")),
            matrix: Matrix(axes: axes),
            pool: Pool(name: "small", vdevs: [Vdev(.stripe, "${disks[:ndisks]}")], force: true, recreate: recreate),
            datasets: [Dataset("small/fs", properties: ["recsize": "8k"])],
            workload: .fio(
                Fio(
                    job: "[w]\nrw=write\nbs=8k\ntime_based\n", directory: "/small/fs", numjobs: "${numjobs}", size: "16M",
                    runtime: runtime)),
            collectors: [Collector(.iostat, interval: 1)],
            hooks: Hooks(beforeCell: [["sync"]], afterCell: [["true", "${numjobs}"]]),
            results: "${ndisks}/${numjobs}"
        )
    }

    /// Just a matrix: no pool, no collectors, a `true` workload; for expansion tests.
    static func bare(_ matrix: Matrix) -> Experiment {
        Experiment(name: "bare", matrix: matrix, workload: .command(CommandWorkload(argv: ["true"])))
    }

    /// Plans `experiment` (default: the loaded seed) with job files resolved beside `Experiments/seed.yaml`.
    static func planSeed(_ experiment: Experiment? = nil, only: [(axis: String, value: String)] = []) throws -> Plan {
        let file = try seedFile
        return try Planner(baseDirectory: file.directory).plan(experiment ?? file.experiment, only: only)
    }

    /// Compares `actual` with `Fixtures/golden/NAME` (``Golden``: `IOSWEEP_RECORD_GOLDEN=1` rewrites the source file and fails).
    static func expectGolden(_ actual: String, _ name: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
        let source = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/golden/\(name)")
        try Golden.expect(
            actual, golden: directory.appendingPathComponent("golden/\(name)").path, source: source.path, sourceLocation: sourceLocation)
    }
}

extension Plan {
    /// Every step in run order, with the cell it belongs to (nil for run- and group-level steps outside cells).
    var flatSteps: [Step] {
        setup + groups.flatMap { $0.setup + $0.cells.flatMap(\.steps) + $0.teardown } + teardown
    }
}
