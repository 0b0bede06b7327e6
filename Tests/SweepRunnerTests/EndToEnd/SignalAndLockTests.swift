import Foundation
import SweepPlanner
import SweepRunner
import SweepRecords
import Testing

extension RunnerEndToEnd {
    @Suite struct SignalsAndLock {
        @Test("SIGINT stops the workload and collectors, tears down, journals `interrupted`, exits 130; resume completes")
        func sigint() async throws {
            let scratch = try Scratch("sigint")
            defer { scratch.remove() }
            var study = TestStudy(root: scratch.root)
            study.runtime = 4
            let plan = try study.writePlan()
            let (process, stdout, stderr) = try await IOSweepBinary.start(
                ["run", "--plan", plan, "--results", study.results], in: scratch.root)
            try await RunnerEndToEnd.waitForJournal(study.results) { $0.event == .stepStarted && $0.kind == "workload" }
            try await Task.sleep(for: .milliseconds(500))
            kill(process.pid, SIGINT)
            let result = await IOSweepBinary.finish(process, stdout: stdout, stderr: stderr, timeout: 120)
            #expect(result.termination == .exited(130), "\(result.stderr)")
            let events = RunState.journal(study.results)
            #expect(events.last?.event == .interrupted)
            #expect(events.last?.signal == SIGINT)
            // The group teardown (rm -rf of the fio directory) ran after the interruption.
            let teardown = events.last(where: { $0.event == .stepStarted && $0.argv?.first == "rm" })
            #expect(teardown != nil)
            #expect(!FileManager.default.fileExists(atPath: study.data))
            // Nothing published, nothing left running.
            #expect(RunState.publishedCells(study.results, plan: study.plan).isEmpty)
            #expect(RunState.markedProcesses(under: scratch.root).isEmpty)

            let resumed = try await IOSweepBinary.run(["resume", study.results, "--quiet"], in: scratch.root)
            #expect(resumed.termination == .exited(0), "\(resumed.stderr)")
            try await RunnerEndToEnd.expectCompleted(study)
        }

        @Test("A second SIGINT exits at once, killing what runs; the run stays resumable")
        func secondSigint() async throws {
            let scratch = try Scratch("sigint2")
            defer { scratch.remove() }
            var study = TestStudy(root: scratch.root)
            study.numjobs = [1]
            study.runtime = 5
            let plan = try study.writePlan()
            let (process, stdout, stderr) = try await IOSweepBinary.start(
                ["run", "--plan", plan, "--results", study.results], in: scratch.root)
            try await RunnerEndToEnd.waitForJournal(study.results) { $0.event == .stepStarted && $0.kind == "workload" }
            kill(process.pid, SIGINT)
            kill(process.pid, SIGINT)
            let result = await IOSweepBinary.finish(process, stdout: stdout, stderr: stderr, timeout: 60)
            #expect(result.termination == .exited(130), "\(result.stderr)")
            #expect(RunState.journal(study.results).last?.event != .runFinished)
            try await Task.sleep(for: .milliseconds(300))
            #expect(RunState.markedProcesses(under: scratch.root).isEmpty)

            let resumed = try await IOSweepBinary.run(["resume", study.results, "--quiet"], in: scratch.root)
            #expect(resumed.termination == .exited(0), "\(resumed.stderr)")
            try await RunnerEndToEnd.expectCompleted(study)
        }

        @Test("A second run on the same results directory refuses with exit 4, naming the first run's pid")
        func lockConflict() async throws {
            let scratch = try Scratch("lock")
            defer { scratch.remove() }
            var study = TestStudy(root: scratch.root)
            study.numjobs = [1]
            study.runtime = 3
            let plan = try study.writePlan()
            let (first, stdout, stderr) = try await IOSweepBinary.start(
                ["run", "--plan", plan, "--results", study.results, "--quiet"], in: scratch.root)
            try await RunnerEndToEnd.waitForJournal(study.results) { $0.event == .runStarted }
            let second = try await IOSweepBinary.run(["run", "--plan", plan, "--results", study.results], in: scratch.root)
            #expect(second.termination == .exited(4))
            #expect(second.stderr.contains("pid \(first.pid)"), "\(second.stderr)")
            let restart = try await IOSweepBinary.run(
                ["run", "--plan", plan, "--results", study.results, "--restart"], in: scratch.root)
            #expect(restart.termination == .exited(4), "--restart must not move a directory in use")
            let finished = await IOSweepBinary.finish(first, stdout: stdout, stderr: stderr)
            #expect(finished.termination == .exited(0), "\(finished.stderr)")
            try await RunnerEndToEnd.expectCompleted(study)
        }

        @Test("`clean` on a directory whose run is alive refuses with exit 4 and touches nothing; after the run it cleans")
        func cleanWhileRunning() async throws {
            let scratch = try Scratch("clean-live")
            defer { scratch.remove() }
            var study = TestStudy(root: scratch.root)
            study.runtime = 3
            let plan = try study.writePlan()
            let (run, stdout, stderr) = try await IOSweepBinary.start(
                ["run", "--plan", plan, "--results", study.results, "--quiet"], in: scratch.root)
            try await RunnerEndToEnd.waitForJournal(study.results) { $0.event == .stepStarted && $0.kind == "workload" }
            let clean = try await IOSweepBinary.run(["clean", study.results], in: scratch.root)
            #expect(clean.termination == .exited(4), "\(clean.stdout)\(clean.stderr)")
            #expect(clean.stderr.contains("pid \(run.pid)"), "\(clean.stderr)")
            let finished = await IOSweepBinary.finish(run, stdout: stdout, stderr: stderr)
            #expect(finished.termination == .exited(0), "the run was disturbed: \(finished.stderr)")
            try await RunnerEndToEnd.expectCompleted(study)
            let after = try await IOSweepBinary.run(["clean", study.results], in: scratch.root)
            #expect(after.termination == .exited(0), "\(after.stdout)\(after.stderr)")
            #expect(after.stdout.contains("nothing to clean"), "\(after.stdout)")
        }
    }
}
