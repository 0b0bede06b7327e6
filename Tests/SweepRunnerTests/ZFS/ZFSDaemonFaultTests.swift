import Foundation
import SweepPlanner
import SweepRunner
import Testing

/// zfs-fuse SIGKILLed while pools of two runs exist, then restarted as `Scripts/bootstrap.sh` does.
///
/// In `ZFSRunTests` (serialized) so no other test of the suite runs while the daemon is down; the window is a
/// few seconds: the kill, the runner's teardown while ZFS does not answer, the restart.
extension ZFSRunTests {
    /// Waits until `study`'s journal shows its fio started.
    static func waitForWorkload(_ study: ZFSStudy, stderr: String) async throws {
        var running = false
        for _ in 0..<1200 where !running {
            try await Task.sleep(for: .milliseconds(50))
            running = RunState.journal(study.results).contains { $0.event == .stepStarted && $0.kind == "workload" }
        }
        try #require(running, "the workload never started: \(IOSweepBinary.read(stderr))")
    }

    @Test(
        "zfs-fuse killed mid-cell: scratch disks kept under the pool, `resume` finishes, `clean` destroys a FAULTED pool by GUID",
        .needsKillableZFSFuse, .timeLimit(.minutes(4)))
    func zfsDaemonKilledMidCell() async throws {
        try await withTestScope { scope in
            // B: a run killed (-9) during its fio, whose scratch disks are then lost while the daemon is down (as
            // the runner's teardown used to delete them): the restarted daemon imports its pool FAULTED.
            let lost = Self.study(scope) {
                $0.root = scope.directory + "/lost"
                $0.pool = scope.poolName("-lost")
                $0.scratchCount = 1; $0.ndisks = [1]; $0.numjobs = [1]; $0.runtime = 600
            }
            // A: a run whose fio is running when the daemon dies.
            let study = Self.study(scope) {
                $0.root = scope.directory + "/kept"
                $0.pool = scope.poolName("-kept")
                $0.scratchCount = 1; $0.ndisks = [1]; $0.numjobs = [1]; $0.runtime = 4
            }
            for root in [lost.root, study.root] { try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true) }
            // Whatever happens below, the daemon runs again at the end.
            scope.onTeardown("restart zfs-fuse") { try await ZFSFuseDaemon.restart() }

            let (lostRun, lostOut, lostErr) = try await IOSweepBinary.start(
                ["run", "--plan", try lost.writePlan(), "--results", lost.results], in: lost.root)
            try await Self.waitForWorkload(lost, stderr: lostErr)
            lostRun.signal(SIGKILL)
            _ = await IOSweepBinary.finish(lostRun, stdout: lostOut, stderr: lostErr)
            let lostGUID = try #require(
                Self.resourceEvents(lost, .resourceCreated, .pool).compactMap(\.guid).last, "the pool's GUID was not journalled")
            #expect(try await ZFS().guid(ofPool: lost.pool) == lostGUID)

            let (process, stdout, stderr) = try await IOSweepBinary.start(
                ["run", "--plan", try study.writePlan(), "--results", study.results], in: study.root)
            try await Self.waitForWorkload(study, stderr: stderr)
            try await Task.sleep(for: .seconds(1))

            try await ZFSFuseDaemon.kill()
            _ = try await LoopDevice.release(lost.scratchFiles, on: scope.host)
            let killed = await IOSweepBinary.finish(process, stdout: stdout, stderr: stderr, timeout: 120)
            let kept = try await Leftovers.loops(backing: study.scratchFiles)
            #expect(try await ZFSFuseDaemon.restart(), "zfs-fuse did not answer again after its restart")

            #expect(killed.termination == .exited(1), "\(killed.termination): \(killed.stderr)")
            #expect(kept.count == 1, "the scratch disk under the pool was released while ZFS did not answer: \(killed.stderr)")
            #expect(study.scratchFiles.allSatisfy { FileManager.default.fileExists(atPath: $0) }, "scratch file deleted")
            #expect(killed.stderr.contains("scratch disks kept"), "\(killed.stderr)")

            // The lost run's pool came back FAULTED: its marker is unreadable, its GUID is the journalled one.
            #expect(try await ZFS().guid(ofPool: lost.pool) == lostGUID)
            let cleaned = try await Self.iosweep(["clean", lost.results], lost)
            #expect(cleaned.termination == .exited(0), "\(cleaned.termination): \(cleaned.stdout) \(cleaned.stderr)")
            #expect(cleaned.stdout.contains("destroyed pool \(lost.pool)"), "\(cleaned.stdout)")
            #expect(try await Leftovers.pools(named: [lost.pool]).isEmpty, "the FAULTED pool is left")
            #expect(RunState.markedProcesses(under: lost.root).isEmpty)

            let resumed = try await Self.iosweep(["resume", study.results], study)
            #expect(resumed.termination == .exited(0), "\(resumed.termination): \(resumed.stderr)")
            #expect(resumed.stderr.contains("destroyed pool \(study.pool)"), "\(resumed.stderr)")
            try await Self.expectCompleted(study)
        }
    }
}
