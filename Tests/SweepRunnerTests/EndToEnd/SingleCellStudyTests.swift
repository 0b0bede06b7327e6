import Foundation
import SweepRunner
import Testing

extension RunnerEndToEnd {
    /// A study without `matrix` and without `results`: its one cell gets the result path `cell` (an empty
    /// default made `run` and every `resume` fail "Invalid argument").
    @Suite struct SingleCellStudy {
        static let experiment = """
            experiment: single-cell
            workload:
              fio:
                job: |
                  [w]
                  rw=write
                  bs=4k
                  ioengine=psync
                directory: DATA
                size: 1M
            hooks:
              before-run: [[mkdir, -p, DATA]]
              after-run: [[rm, -rf, DATA]]
            """

        @Test("run publishes the one cell under 'cell'; resume finds it done and exits 0")
        func runAndResume() async throws {
            let scratch = try Scratch("single")
            defer { scratch.remove() }
            let file = try RunnerEndToEnd.writeStudy(Self.experiment, in: scratch)
            let results = scratch.root + "/results"
            let run = try await IOSweepBinary.run(["run", file, "--results", results, "--quiet"], in: scratch.root)
            #expect(run.termination == .exited(0), "\(run.stderr)")
            #expect(FileManager.default.fileExists(atPath: results + "/cell/fio.json"))
            #expect(FileManager.default.fileExists(atPath: results + "/cell/cell.json"))
            let resume = try await IOSweepBinary.run(["resume", results, "--quiet"], in: scratch.root)
            #expect(resume.termination == .exited(0), "\(resume.stderr)")
            let status = try await IOSweepBinary.run(["status", "--json", results], in: scratch.root)
            #expect(try RunnerEndToEnd.statusCounts(status.stdout) == ["done": 1, "skipped": 0, "stale": 0, "failed": 0, "pending": 0])
        }
    }
}
