import SweepRecords
import Foundation
import SweepPlanner
import SweepRunner
import Testing

extension RunnerEndToEnd {
    @Suite struct CrashRecovery {
        @Test("An uninterrupted run publishes every cell once, with valid outputs and a complete journal")
        func uninterruptedRun() async throws {
            let scratch = try Scratch("plain")
            defer { scratch.remove() }
            let study = TestStudy(root: scratch.root)
            let plan = try study.writePlan()
            let result = try await IOSweepBinary.run(["run", "--plan", plan, "--results", study.results], in: scratch.root)
            #expect(result.termination == .exited(0), "\(result.stderr)")
            try await RunnerEndToEnd.expectCompleted(study)
            let events = RunState.journal(study.results).map(\.event)
            #expect(events.first == .runStarted && events.last == .runFinished)
            #expect(events.count(where: { $0 == .cellFinished }) == 2)
            let manifest = try #require(RunState.manifest(study.results))
            #expect(manifest.host.fioVersion == "fio-3.33" || manifest.host.fioVersion?.hasPrefix("fio-") == true)
            #expect(manifest.host.cpuCount > 0 && !manifest.host.hostname.isEmpty)
            let diskstats = IOSweepBinary.read(study.results + "/1-jobs/diskstats.txt")
            #expect(diskstats.hasPrefix(DiskstatsFormat.header + "\n@ "))
        }

        @Test("Killed at every step boundary in turn, a rerun completes the study exactly as an uninterrupted run")
        func killedAtEveryStepBoundary() async throws {
            let scratch = try Scratch("crash")
            defer { scratch.remove() }
            // The number of boundaries: the journal events of an uninterrupted run.
            let reference = TestStudy(root: scratch.root + "/reference")
            try FileManager.default.createDirectory(atPath: reference.root, withIntermediateDirectories: true)
            let referencePlan = try reference.writePlan()
            let baseline = try await IOSweepBinary.run(
                ["run", "--plan", referencePlan, "--results", reference.results, "--quiet"], in: reference.root)
            #expect(baseline.termination == .exited(0), "\(baseline.stderr)")
            let boundaries = RunState.journal(reference.results).count
            #expect(boundaries >= 20)
            try await RunnerEndToEnd.expectCompleted(reference)

            for boundary in 1...boundaries {
                let study = TestStudy(root: scratch.root + "/kill-\(boundary)")
                try FileManager.default.createDirectory(atPath: study.root, withIntermediateDirectories: true)
                let plan = try study.writePlan()
                let killed = try await IOSweepBinary.run(
                    ["run", "--plan", plan, "--results", study.results, "--quiet"], in: study.root,
                    environment: [FaultInjection.environmentKey: String(boundary)])
                #expect(killed.termination == .signaled(SIGKILL), "boundary \(boundary): \(killed.termination)")
                let rerun = try await IOSweepBinary.run(["resume", study.results, "--quiet"], in: study.root)
                #expect(rerun.termination == .exited(0), "boundary \(boundary): \(rerun.stderr)")
                try await RunnerEndToEnd.expectCompleted(study)
                // Each cell finished ok exactly once across both runs' journals, none twice.
                let finishedOK = RunState.journal(study.results).filter { $0.event == .cellFinished && $0.status == "ok" }
                #expect(finishedOK.count <= 2 && Set(finishedOK.compactMap(\.cell)).count == finishedOK.count)
                scratch.cleanProcesses()
            }
        }
    }
}

extension Scratch {
    /// Ends processes of runs under this scratch directory (after a test already recorded them as an issue).
    func cleanProcesses() {
        for process in RunState.markedProcesses(under: root) { kill(process.pid, SIGKILL) }
    }
}
