import Foundation
import SweepPlanner
import SweepRunner

/// The seed's study, scaled down and built by hand the way the planner lays it out (see the golden
/// `seed.txt`): scratch loop disks, `zpool create -f -O iosweep:run=@{run} POOL @{scratch0}…`,
/// `zfs create -o recsize=8k POOL/dozer`, iostat on every pool disk, fio with the seed's job file, the
/// pool's `zpool status` and `zfs get all` recorded, then `zpool destroy`.
struct ZFSStudy {
    enum Lifecycle: String {
        case perCell = "per-cell"
        case perGroup = "per-group"
        case once
    }

    var name = "zfs-test"
    /// The test's directory: results live in `root/results`, scratch files in `results/.scratch`.
    var root: String
    var pool: String
    var scratchCount = 3
    var scratchBytes: Int64 = 128 << 20
    var ndisks = [1, 2, 3]
    var numjobs = [1, 8]
    var runtime = 2
    var lifecycle = Lifecycle.perCell
    /// Real devices to build the pool from instead of scratch disks (`/dev/loop7`).
    var realDevices: [String] = []
    /// The experiment's `wipe: true`, carried by the plan.
    var wipe = false

    var results: String { root + "/results" }
    /// The scratch files the run will create, for cleanup.
    var scratchFiles: [String] { (0..<scratchCount).map { results + "/.scratch/scratch\($0).img" } }
    var dataset: String { pool + "/dozer" }

    /// The seed's job file (`Experiments/workload.fio`).
    static var jobFile: String {
        get throws {
            try String(contentsOfFile: IOSweepBinary.packageRoot + "/Experiments/workload.fio", encoding: .utf8)
        }
    }

    private func devices(_ count: Int) -> [String] {
        realDevices.isEmpty ? (0..<count).map { Placeholder.scratch("scratch\($0)") } : Array(realDevices.prefix(count))
    }

    private func names(_ count: Int) -> [String] {
        realDevices.isEmpty ? (0..<count).map { "scratch\($0)" } : realDevices.prefix(count).map(BlockDeviceName.kernelName)
    }

    private func poolSetup(_ disks: Int) -> [Step] {
        [
            Step(
                .setup, argv: ["zpool", "create", "-f", "-O", "iosweep:run=@{run}", pool] + devices(disks),
                resource: .pool(pool), timeout: 120),
            Step(.setup, argv: ["zfs", "create", "-o", "recsize=8k", dataset], resource: .dataset(dataset), timeout: 120),
        ]
    }

    private var poolTeardown: [Step] {
        // As the planner: the datasets go with their pool.
        [Step(.teardown, argv: ["zpool", "destroy", pool], resource: .pool(pool), timeout: 120)]
    }

    private func cell(disks: Int, jobs: Int) -> Cell {
        var steps = zip(names(disks), devices(disks)).map { name, device in
            Step(
                .collector, argv: ["env", "LC_ALL=C", "S_TIME_FORMAT=ISO", "iostat", "-dxyt", device, "1"],
                stdout: "iostat-\(name).txt", collector: CollectorRole(name: "iostat-\(name)", required: true))
        }
        steps.append(
            Step(
                .workload,
                argv: [
                    "fio", "--directory=/\(dataset)", "--numjobs=\(jobs)", "--size=\(64 / jobs)M", "--runtime=\(runtime)",
                    "--output=\(Placeholder.cell)/fio.json", "--output-format=json+", "\(Placeholder.files)/workload.fio",
                ], timeout: Double(runtime) + 60))
        steps.append(Step(.record, argv: ["zpool", "status", pool], stdout: "zpool-status.txt", timeout: 60))
        steps.append(Step(.record, argv: ["zfs", "get", "all", dataset], stdout: "zfs-get.txt", timeout: 60))
        steps.append(Step(.publish, argv: []))
        let id = "ndisks=\(disks),numjobs=\(jobs)"
        return Cell(
            id: id, values: ["ndisks": .int(disks), "numjobs": .int(jobs)], resultPath: "\(disks)-disks/\(jobs)-jobs",
            fingerprint: "\(lifecycle.rawValue),runtime=\(runtime),\(id)", estimatedSeconds: Double(runtime), steps: steps)
    }

    var cells: [Cell] { ndisks.flatMap { disks in numjobs.map { cell(disks: disks, jobs: $0) } } }

    var plan: Plan {
        get throws {
            let groups: [CellGroup]
            switch lifecycle {
            case .perCell:
                groups = ndisks.flatMap { disks in
                    numjobs.map { jobs in
                        let cell = cell(disks: disks, jobs: jobs)
                        return CellGroup(key: cell.id, setup: poolSetup(disks), teardown: poolTeardown, cells: [cell])
                    }
                }
            case .perGroup:
                groups = ndisks.map { disks in
                    CellGroup(
                        key: "ndisks=\(disks)", setup: poolSetup(disks), teardown: poolTeardown,
                        cells: numjobs.map { cell(disks: disks, jobs: $0) })
                }
            case .once:
                let widest = ndisks.max() ?? 1
                groups = [CellGroup(key: "once", setup: poolSetup(widest), teardown: poolTeardown, cells: cells)]
            }
            let used = realDevices.isEmpty ? (0..<(ndisks.max() ?? 1)).map { Placeholder.scratch("scratch\($0)") } : realDevices
            let scratch =
                realDevices.isEmpty
                ? (0..<scratchCount).map {
                    SweepPlanner.ScratchDisk(name: "scratch\($0)", file: ".scratch/scratch\($0).img", bytes: scratchBytes)
                }
                : []
            return Plan(
                experiment: name, fingerprint: "\(lifecycle.rawValue),runtime=\(runtime)", scratch: scratch, destroys: used,
                wipe: wipe, files: [PlanFile(name: "workload.fio", content: try Self.jobFile)], setup: [], teardown: [], groups: groups)
        }
    }

    /// Writes the same study as an experiment file (scratch disks, `recreate: per-cell`) with the seed's job
    /// file beside it, for `iosweep run FILE`; returns its path.
    func writeExperiment(named file: String = "experiment.yaml") throws -> String {
        let yaml = """
            experiment: \(name)
            disks:
              scratch: { count: \(scratchCount), size: \(scratchBytes >> 20)M }
            matrix:
              ndisks: [\(ndisks.map(String.init).joined(separator: ", "))]
              numjobs: [\(numjobs.map(String.init).joined(separator: ", "))]
            pool:
              name: \(pool)
              vdevs: ${disks[:ndisks]}
              force: true
              recreate: \(lifecycle.rawValue)
            datasets:
              - name: \(dataset)
                properties: { recsize: 8k }
            workload:
              fio:
                job-file: workload.fio
                directory: /\(dataset)
                numjobs: ${numjobs}
                size: ${64 / numjobs}M
                runtime: \(runtime)
            collectors:
              - iostat: { devices: ${disks[:ndisks]}, interval: 1 }
            results: ${ndisks}-disks/${numjobs}-jobs

            """
        try Data(try Self.jobFile.utf8).write(to: URL(fileURLWithPath: root + "/workload.fio"))
        let path = root + "/" + file
        try Data(yaml.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// Writes the plan as JSON (what `iosweep plan --format json` prints) and returns its path.
    func writePlan(named file: String = "plan.json") throws -> String {
        let path = root + "/" + file
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        try encoder.encode(try plan).write(to: URL(fileURLWithPath: path))
        return path
    }
}

extension TestScope {
    /// Registers the teardown of everything a run of `study` may leave: processes carrying its run marker,
    /// its pool (whatever its marker: it has this test's unique name), loop devices over its scratch files.
    func cleansUp(after study: ZFSStudy) {
        let files = study.scratchFiles
        let pool = study.pool
        let root = study.root
        let host = self.host
        onTeardown("loop devices of \(root)") { _ = try await LoopDevice.release(files, on: host) }
        onTeardown(run: ["zpool", "destroy", "-f", pool])
        onTeardown("processes of \(root)") {
            for process in RunState.markedProcesses(under: root) { kill(process.pid, SIGKILL) }
        }
    }
}

/// What a test checks is gone after a run.
enum Leftovers {
    static func pools(named names: [String]) async throws -> [String] {
        try await ZFS().importedPools().filter(names.contains)
    }

    static func loops(backing files: [String]) async throws -> [LoopDevice] {
        try await LoopDevice.backing(files, on: LocalHost())
    }
}
