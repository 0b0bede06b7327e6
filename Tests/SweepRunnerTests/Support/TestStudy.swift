import Foundation
import SweepModel
import SweepPlanner
import SweepRunner

/// Small hand-built plans of the "directory" kind (no pool): real fio jobs in a temporary directory with real
/// iostat and the built-in diskstats sampler around them. Stands in for the planner in runner tests.
struct TestStudy {
    var name = "runner-test"
    /// Scratch directory of the test: results, fio data.
    var root: String
    var numjobs: [Int] = [1, 2]
    var runtime = 1
    /// Cells (by numjobs) whose fio job errors out.
    var failing: Set<Int> = []
    /// Adds a required collector that exits at once with an error.
    var brokenRequiredCollector = false
    /// Adds the diskstats sampler (an `iosweep` child process).
    var diskstats = true

    var results: String { root + "/results" }
    var data: String { root + "/data" }

    static let jobFile = "[w]\nrw=write\nbs=4k\ntime_based=1\nioengine=psync\n"

    func cell(_ jobs: Int) -> Cell {
        var steps = [
            Step(
                .collector, argv: ["iostat", "-d", "-x", "-t", "1"], stdout: "iostat.txt",
                collector: CollectorRole(name: "iostat", required: true))
        ]
        if diskstats {
            steps.append(
                Step(
                    .collector, argv: ["iosweep", "sample-diskstats", "--interval", "0.2"], stdout: "diskstats.txt",
                    collector: CollectorRole(name: "diskstats", required: false)))
        }
        if brokenRequiredCollector {
            steps.append(
                Step(
                    .collector, argv: ["iostat", "--no-such-option"], stdout: "broken.txt",
                    collector: CollectorRole(name: "broken", required: true)))
        }
        let directory = failing.contains(jobs) ? "/proc/iosweep-nonexistent" : data
        steps.append(
            Step(
                .workload,
                argv: [
                    "fio", "--directory=\(directory)", "--numjobs=\(jobs)", "--size=1M", "--runtime=\(runtime)",
                    "--output=\(Placeholder.cell)/fio.json", "--output-format=json+", "\(Placeholder.files)/job.fio",
                ], timeout: Double(runtime) + 60))
        steps.append(Step(.publish, argv: []))
        return Cell(
            id: "numjobs=\(jobs)", values: ["numjobs": .int(jobs)], resultPath: "\(jobs)-jobs",
            fingerprint: "runtime=\(runtime),numjobs=\(jobs)", estimatedSeconds: Double(runtime), steps: steps)
    }

    /// One group: its setup creates the fio directory and its teardown removes it, so a cell run without
    /// its group's setup fails.
    var plan: Plan {
        let group = CellGroup(
            key: "data", setup: [Step(.hook, argv: ["mkdir", "-p", data])],
            teardown: [Step(.hook, argv: ["rm", "-rf", data])], cells: numjobs.map(cell))
        return Plan(
            experiment: name, fingerprint: "runtime=\(runtime)", scratch: [], destroys: [],
            files: [PlanFile(name: "job.fio", content: Self.jobFile)], setup: [], teardown: [], groups: [group])
    }

    /// Writes the plan as JSON (what `iosweep plan --format json` prints) and returns its path.
    func writePlan(named file: String = "plan.json") throws -> String {
        let path = root + "/" + file
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        try encoder.encode(plan).write(to: URL(fileURLWithPath: path))
        return path
    }
}
