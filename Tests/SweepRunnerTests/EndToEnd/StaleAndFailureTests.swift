import Foundation
import SweepRecords
import SweepPlanner
import SweepRunner
import Testing

extension RunnerEndToEnd {
    @Suite struct StaleAndFailures {
        @Test("Changing the runtime makes every cell stale: old results moved aside, never mixed, all rerun")
        func staleFingerprints() async throws {
            let scratch = try Scratch("stale")
            defer { scratch.remove() }
            var study = TestStudy(root: scratch.root)
            let first = try await IOSweepBinary.run(
                ["run", "--plan", try study.writePlan(), "--results", study.results, "--quiet"], in: scratch.root)
            #expect(first.termination == .exited(0), "\(first.stderr)")
            let oldFingerprints = Set(study.plan.cells.map(\.fingerprint))

            study.runtime = 2
            let second = try await IOSweepBinary.run(
                ["run", "--plan", try study.writePlan(named: "plan2.json"), "--results", study.results], in: scratch.root)
            #expect(second.termination == .exited(0), "\(second.stderr)")
            #expect(second.stderr.contains("stale"))
            try await RunnerEndToEnd.expectCompleted(study)

            let moved = RunState.journal(study.results).filter { $0.event == .cellMoved }
            #expect(moved.count == 2 && moved.allSatisfy { $0.status == "stale" })
            for event in moved {
                let path = study.results + "/" + (event.path ?? "")
                #expect(path.contains("/.stale/"))
                let old = try #require(CellRecord.load(path: path + "/cell.json"), "moved-aside cell lost: \(path)")
                #expect(oldFingerprints.contains(old.fingerprint))
                #expect(FileManager.default.fileExists(atPath: path + "/fio.json"))
            }
            // A third run finds everything done and runs nothing.
            let third = try await IOSweepBinary.run(
                ["run", "--plan", study.root + "/plan2.json", "--results", study.results], in: scratch.root)
            #expect(third.termination == .exited(0))
            #expect(third.stderr.contains("2 already done, 0 ok"), "\(third.stderr)")
        }

        @Test("A failing fio job fails its cell; --on-failure continue runs the rest and exits 1")
        func failingWorkloadContinue() async throws {
            let scratch = try Scratch("fail-continue")
            defer { scratch.remove() }
            var study = TestStudy(root: scratch.root)
            study.numjobs = [1, 2, 4]
            study.failing = [2]
            let result = try await IOSweepBinary.run(
                ["run", "--plan", try study.writePlan(), "--results", study.results, "--on-failure", "continue"],
                in: scratch.root)
            #expect(result.termination == .exited(1), "\(result.stderr)")
            let cells = RunState.publishedCells(study.results, plan: study.plan)
            #expect(cells["1-jobs"]?.status == .ok && cells["4-jobs"]?.status == .ok)
            let failed = try #require(cells["2-jobs"])
            #expect(failed.status == .failed)
            #expect(failed.reason?.contains("fio") == true, "\(failed.reason ?? "")")
            #expect(failed.reason?.contains("exit 1") == true)
            #expect(IOSweepBinary.read(study.results + "/2-jobs/logs/03-workload.stderr").contains("fio:"))
            let status = try await IOSweepBinary.run(["status", "--json", study.results], in: scratch.root)
            #expect(try RunnerEndToEnd.statusCounts(status.stdout) == ["done": 2, "skipped": 0, "failed": 1, "stale": 0, "pending": 0])
            #expect(RunState.markedProcesses(under: scratch.root).isEmpty)
        }

        @Test("--on-failure stop tears down and stops after the first failed cell; --retries retries it")
        func failingWorkloadStop() async throws {
            let scratch = try Scratch("fail-stop")
            defer { scratch.remove() }
            var study = TestStudy(root: scratch.root)
            study.numjobs = [1, 2, 4]
            study.failing = [1]
            let result = try await IOSweepBinary.run(
                [
                    "run", "--plan", try study.writePlan(), "--results", study.results, "--on-failure", "stop",
                    "--retries", "1",
                ], in: scratch.root)
            #expect(result.termination == .exited(1), "\(result.stderr)")
            let cells = RunState.publishedCells(study.results, plan: study.plan)
            #expect(cells.count == 1)
            #expect(cells["1-jobs"]?.status == .failed)
            #expect(cells["1-jobs"]?.attempt == 2)
            // The first attempt is kept aside, and the group teardown ran after the failure.
            let asideRoot = study.results + "/.failed"
            let aside = try FileManager.default.subpathsOfDirectory(atPath: asideRoot)
            #expect(aside.contains { $0.hasSuffix("1-jobs/cell.json") })
            #expect(!FileManager.default.fileExists(atPath: study.data))
            let events = RunState.journal(study.results)
            #expect(events.count { $0.event == .cellStarted } == 2)
            #expect(events.last?.event == .runFinished)
            let status = try await IOSweepBinary.run(["status", "--json", study.results], in: scratch.root)
            #expect(try RunnerEndToEnd.statusCounts(status.stdout) == ["done": 0, "skipped": 0, "failed": 1, "stale": 0, "pending": 2])

            // Fixed workload: the failed cell is moved aside and rerun, the rest run.
            study.failing = []
            let fixed = try await IOSweepBinary.run(
                ["run", "--plan", try study.writePlan(named: "fixed.json"), "--results", study.results, "--quiet"],
                in: scratch.root)
            #expect(fixed.termination == .exited(0), "\(fixed.stderr)")
            try await RunnerEndToEnd.expectCompleted(study)
        }

        @Test("A required collector that fails fails the cell; the failure is recorded in cell.json")
        func requiredCollectorFails() async throws {
            let scratch = try Scratch("collector")
            defer { scratch.remove() }
            var study = TestStudy(root: scratch.root)
            study.numjobs = [1]
            study.diskstats = false
            study.brokenRequiredCollector = true
            let result = try await IOSweepBinary.run(
                ["run", "--plan", try study.writePlan(), "--results", study.results], in: scratch.root)
            #expect(result.termination == .exited(1))
            let record = try #require(RunState.publishedCells(study.results, plan: study.plan)["1-jobs"])
            #expect(record.status == .failed)
            #expect(record.reason?.contains("required collector broken") == true, "\(record.reason ?? "")")
            let broken = try #require(record.collectors.first { $0.name == "broken" })
            #expect(broken.status == .failed && broken.exit != 0)
            #expect(record.collectors.first { $0.name == "iostat" }?.status == .ok)
            #expect(record.metrics != nil)
        }
    }
}
