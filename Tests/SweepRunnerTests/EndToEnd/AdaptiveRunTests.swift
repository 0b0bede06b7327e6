import Foundation
import SweepRecords
import SweepRunner
import Testing

/// Adaptive studies on a device with a known saturation point: a loop device capped at 800 write IOPS by the cgroup
/// v1 blkio controller (`Scripts/throttled-device.sh`), written with direct I/O by jobs of 100 IOPS each, so that
/// IOPS grow with `numjobs` up to 8 jobs and not past them.
@Suite(.serialized) struct AdaptiveRunTests {
    static let script = IOSweepBinary.packageRoot + "/Scripts/throttled-device.sh"
    static let numjobs = [1, 2, 4, 8, 16, 32, 64, 128, 256]

    /// A loop device of the test's own capped at `iops` write IOPS; uncapped, detached and deleted at teardown.
    static func throttled(_ scope: TestScope, iops: Int) async throws -> String {
        let file = scope.directory + "/throttled.img"
        scope.onTeardown(run: [script, "remove", file])
        return try await scope.host.check([script, "make", file, "256M", String(iops)]).stdout.trimmingCharacters(
            in: .whitespacesAndNewlines)
    }

    /// A numjobs sweep of 100-IOPS random-write jobs on `device`, with `rules` added to the matrix.
    static func study(device: String, rules: String) -> String {
        """
        experiment: saturation
        disks: [\(device)]
        matrix:
          numjobs: [\(numjobs.map(String.init).joined(separator: ", "))]
        \(rules)
        workload:
          fio:
            devices: ${disks}
            numjobs: ${numjobs}
            runtime: 1
            job: |
              [w]
              rw=randwrite
              bs=4k
              direct=1
              ioengine=psync
              rate_iops=100
              time_based
              group_reporting
        results: numjobs-${numjobs}

        """
    }

    static let stopRule = "  stop: { axis: numjobs, metric: write.iops, gain-below: 5%, for: 2 }"

    static func iosweep(_ arguments: [String], _ scope: TestScope, environment: [String: String] = [:]) async throws -> IOSweepBinary.Result
    {
        try await IOSweepBinary.run(arguments, in: scope.directory, environment: environment, timeout: 300)
    }

    /// The cells published ok, and those skipped with their reasons, from the journal.
    static func outcome(_ results: String) -> (ok: Set<String>, skipped: [String: String]) {
        var ok = Set<String>()
        var skipped: [String: String] = [:]
        for event in Journal.read(path: results + "/journal.jsonl") {
            guard let cell = event.cell else { continue }
            if event.event == .cellFinished, event.status == "ok" { ok.insert(cell) }
            if event.event == .cellSkipped { skipped[cell] = event.reason }
        }
        return (ok, skipped)
    }

    /// The numjobs after which IOPS gain less than 5 % for 2 values in a row, in a report's CSV of `numjobs,write.iops`.
    static func knee(_ csv: String) -> Int? {
        let rows = csv.split(separator: "\n").dropFirst().compactMap { line -> (Int, Double)? in
            let fields = line.split(separator: ",")
            guard fields.count >= 2, let jobs = Int(fields[0]), let iops = Double(fields[fields.count - 1]) else { return nil }
            return (jobs, iops)
        }.sorted { $0.0 < $1.0 }
        var best = -Double.infinity
        var lastGain: Int?
        var streak = 0
        for (jobs, iops) in rows {
            if best.isFinite, (iops - best) / best * 100 < 5 {
                streak += 1
                if streak == 2 { return lastGain }
            } else {
                streak = 0
                lastGain = jobs
            }
            best = max(best, iops)
        }
        return nil
    }

    @Test(
        "stop gain-below 5% for 2 on a device capped at 800 IOPS: the cells past the plateau are skipped (journalled, in status and plan --results), the knee is the full grid's",
        .needsLoopDevices, .needsBlkioThrottle)
    func saturationStop() async throws {
        try await withTestScope { scope in
            let device = try await Self.throttled(scope, iops: 800)
            let adaptive = scope.directory + "/adaptive.yaml"
            try Self.study(device: device, rules: Self.stopRule).write(toFile: adaptive, atomically: true, encoding: .utf8)
            let results = scope.directory + "/adaptive"
            let run = try await Self.iosweep(["run", adaptive, "--results", results, "--yes", "--quiet"], scope)
            #expect(run.termination == .exited(0), "\(run.stderr)")
            let (ok, skipped) = Self.outcome(results)
            #expect(ok == Set(["numjobs=1", "numjobs=2", "numjobs=4", "numjobs=8", "numjobs=16", "numjobs=32"]), "\(ok)")
            #expect(Set(skipped.keys) == Set(["numjobs=64", "numjobs=128", "numjobs=256"]), "\(skipped)")
            #expect(skipped.values.allSatisfy { $0.hasPrefix("saturated at numjobs=8 (") }, "\(skipped)")
            for cell in ["numjobs-64", "numjobs-128", "numjobs-256"] {
                #expect(!FileManager.default.fileExists(atPath: "\(results)/\(cell)"), "\(cell) never ran")
            }
            let status = try await Self.iosweep(["status", results], scope)
            #expect(status.stdout.contains("3 skipped"), "\(status.stdout)")
            #expect(status.stdout.contains("numjobs=64: skipped: saturated at numjobs=8 ("), "\(status.stdout)")
            let plan = try await Self.iosweep(["plan", adaptive, "--results", results], scope)
            #expect(plan.stdout.contains("[skipped: saturated at numjobs=8 ("), "\(plan.stdout)")
            #expect(plan.stdout.contains("rule: stop: along numjobs"), "\(plan.stdout)")
            let adaptiveReport = try await Self.iosweep(["report", results, "--metric", "write.iops"], scope)
            #expect(adaptiveReport.termination == .exited(0), "skipped cells are not missing values: \(adaptiveReport.stderr)")
            #expect(
                adaptiveReport.stdout.contains(
                    "skipped by the study's rules (3 cells, no values): numjobs=64, numjobs=128, numjobs=256: saturated at numjobs=8 ("),
                "\(adaptiveReport.stdout)")

            // The full grid, the same study without the rule: its knee is where the rule stopped.
            let grid = scope.directory + "/grid.yaml"
            try Self.study(device: device, rules: "").write(toFile: grid, atomically: true, encoding: .utf8)
            let full = scope.directory + "/grid"
            let gridRun = try await Self.iosweep(["run", grid, "--results", full, "--yes", "--quiet"], scope)
            #expect(gridRun.termination == .exited(0), "\(gridRun.stderr)")
            let report = try await Self.iosweep(["report", full, "--format", "csv", "--metric", "write.iops"], scope)
            #expect(Self.knee(report.stdout) == 8, "the full grid's knee: \(report.stdout)")
        }
    }

    @Test(
        "kill -9 of an adaptive run at several moments, then resume: the same cells run once, the same cells skipped",
        .needsLoopDevices, .needsBlkioThrottle)
    func killedAndResumed() async throws {
        try await withTestScope { scope in
            let device = try await Self.throttled(scope, iops: 800)
            let adaptive = scope.directory + "/adaptive.yaml"
            try Self.study(device: device, rules: Self.stopRule).write(toFile: adaptive, atomically: true, encoding: .utf8)
            // Journal events of an uninterrupted run: 1 run-started, 4 events per cell (2–25), 26–28 cell-skipped,
            // 29 run-finished. Kills inside the third cell, right after the sixth cell (before any decision), after
            // the first skip and between two skips.
            for killAt in [12, 25, 26, 27] {
                let results = scope.directory + "/results-\(killAt)"
                let killed = try await Self.iosweep(
                    ["run", adaptive, "--results", results, "--yes", "--quiet"], scope, environment: ["IOSWEEP_FAULT_KILL_AT": "\(killAt)"])
                #expect(killed.termination == .signaled(SIGKILL), "killed at \(killAt): \(killed.stderr)")
                let resumed = try await Self.iosweep(["resume", results, "--yes", "--quiet"], scope)
                #expect(resumed.termination == .exited(0), "\(resumed.stderr)")
                let events = Journal.read(path: results + "/journal.jsonl")
                let finished = events.filter { $0.event == .cellFinished && $0.status == "ok" }.compactMap(\.cell)
                #expect(
                    finished.sorted() == ["numjobs=1", "numjobs=16", "numjobs=2", "numjobs=32", "numjobs=4", "numjobs=8"],
                    "each cell once after the kill at \(killAt): \(finished)")
                let status = try await Self.iosweep(["status", results, "--json"], scope)
                #expect(status.stdout.contains("\"skipped\" : 3"), "after the kill at \(killAt): \(status.stdout)")
            }
        }
    }
}

extension Trait where Self == ConditionTrait {
    /// Skips (visibly) unless the cgroup v1 blkio controller can cap a device here (root, `/sys/fs/cgroup/blkio`).
    static var needsBlkioThrottle: Self {
        .enabled("needs root and the cgroup v1 blkio controller at /sys/fs/cgroup/blkio (blkio.throttle.write_iops_device)") {
            FileManager.default.isWritableFile(atPath: "/sys/fs/cgroup/blkio/blkio.throttle.write_iops_device")
        }
    }
}
