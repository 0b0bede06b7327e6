import Foundation
import SweepRecords
import SweepRunner
import Testing

/// Adaptive studies on a device with a known saturation point: a loop device capped by the cgroup v1 blkio controller
/// (`Scripts/throttled-device.sh`). The stop rule's numjobs sweeps write with direct I/O in jobs of 100 IOPS each on a
/// cap of 600, so that IOPS grow with `numjobs` up to 4 jobs (400) and are capped from 8 on (at a cap of 800, 8 jobs
/// sat exactly at it and sometimes fell 5 % short, moving the knee to 16). The stop rule's threshold is 10 %: in 1 s of fio
/// the capped device has measured 646 and 649 IOPS at 32 jobs against the cap of 600 (+7 % over 8 jobs' 604), which
/// broke a 5 % streak and ran 64 and 128; past the cap every value stays within 10 %, and below it each doubling of
/// numjobs gains 50 % or more.
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

    /// The stop rule's gain threshold, in per cent; the full grid's knee is computed with the same.
    static let gainBelow = 10.0
    static let stopRule = "  stop: { axis: numjobs, metric: write.iops, gain-below: \(Int(gainBelow))%, for: 2 }"

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

    /// The numjobs after which IOPS gain less than `gainBelow` % for 2 values in a row, in a report's CSV of `numjobs,write.iops`.
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
            if best.isFinite, (iops - best) / best * 100 < gainBelow {
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
        "stop gain-below 10% for 2 on a device capped at 600 IOPS: the cells past the plateau are skipped (journalled, in status and plan --results), the knee is the full grid's",
        .needsLoopDevices, .needsBlkioThrottle)
    func saturationStop() async throws {
        try await withTestScope { scope in
            let device = try await Self.throttled(scope, iops: 600)
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
            let device = try await Self.throttled(scope, iops: 600)
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

extension AdaptiveRunTests {
    /// The highest rate_iops from 400 to 2000 with p99 at most 8 ms, 10 % apart: one psync job on a device capped at
    /// 800 IOPS keeps p99 below 3 ms up to 790 IOPS and passes 13 ms from 854 (measured), so the true answer is 800
    /// and the rungs beside it, 777 and 854, have a margin of about 3 × to the limit on both sides. Nearer limits were
    /// flaky: this virtual machine stalls for a few ms at times (a 5.7 ms p99 at 400 IOPS was seen; fio's p99 of 100
    /// writes is their second largest), and 828 IOPS, 3.5 % over the cap, gives only 8.6 ms.
    static func searchStudy(_ device: String) -> String {
        """
        experiment: slo
        disks: [\(device)]
        search:
          parameter: rate_iops
          range: [400, 2000]
          maximize: write.iops
          subject-to: "write.clat.p99 <= 8ms"
          tolerance: 10%
        workload:
          fio:
            devices: ${disks}
            runtime: 1
            job: |
              [w]
              rw=randwrite
              bs=4k
              direct=1
              ioengine=psync
              time_based
        results: rate-${rate_iops}

        """
    }

    /// The probes a run chose (journal order, each once) and its answer line in `status`.
    static func searchOutcome(_ results: String, _ scope: TestScope) async throws -> (probes: [String], answer: String) {
        let events = Journal.read(path: results + "/journal.jsonl")
        var probes: [String] = []
        for event in events where event.event == .probeChosen {
            if let cell = event.cell, !probes.contains(cell) { probes.append(cell) }
        }
        let status = try await iosweep(["status", results], scope)
        let answer = status.stdout.split(separator: "\n").first { $0.hasPrefix("search: ") }.map(String.init) ?? ""
        return (probes, answer)
    }

    @Test(
        "search rate_iops under p99 <= 8ms on a device capped at 800 IOPS: within 10 % of 800 in at most 7 probes; kill -9 at several moments and resume reach the same probes and answer",
        .needsLoopDevices, .needsBlkioThrottle)
    func searchUnderLatencyLimit() async throws {
        try await withTestScope { scope in
            let device = try await Self.throttled(scope, iops: 800)
            let study = scope.directory + "/slo.yaml"
            try Self.searchStudy(device).write(toFile: study, atomically: true, encoding: .utf8)
            let plan = try await Self.iosweep(["plan", study], scope)
            #expect(plan.stdout.hasPrefix("slo: 18 cells"), "the maximum plan: every rung a cell")
            #expect(plan.stdout.contains("bisection over 18 probes at most 10% apart, at most 7 of them run"), "\(plan.stdout.prefix(800))")
            let results = scope.directory + "/slo"
            let run = try await Self.iosweep(["run", study, "--results", results, "--yes", "--quiet"], scope)
            #expect(run.termination == .exited(0), "\(run.stderr)")
            let (probes, answer) = try await Self.searchOutcome(results, scope)
            #expect(probes.count <= 7 && probes.count >= 3, "\(probes)")
            let finished = Journal.read(path: results + "/journal.jsonl").filter { $0.event == .cellFinished }.compactMap(\.cell)
            #expect(finished == probes, "only probes ran, each once, in the order chosen")
            #expect(Array(probes.prefix(2)) == ["rate_iops=400", "rate_iops=2000"], "the ends first: \(probes)")
            // The answer: the highest feasible rung, within the tolerance of the throttle's 800.
            let found = answer.split(separator: " ").first { $0.hasPrefix("rate_iops=") }.flatMap { Int($0.dropFirst(10)) }
            let value = try #require(found, "\(answer)")
            #expect(Double(value) >= 800 / 1.1 && Double(value) <= 800 * 1.1, "\(answer)")
            #expect(answer.contains("is the highest that meets write.clat.p99 <= 8ms (write.clat.p99 "), "\(answer)")
            #expect(answer.contains(" does not (write.clat.p99 "), "the bracketing infeasible probe: \(answer)")
            let report = try await Self.iosweep(["report", results, "--metric", "write.iops"], scope)
            #expect(report.stdout.contains(answer), "report carries the answer: \(report.stdout.suffix(600))")

            // Journal of the run: 1 run-started, 5 events per probe (probe-chosen, cell-started, step-started,
            // step-finished, cell-finished), then the skips. Kills inside the first probe, at a later probe's
            // choice, right after the last probe and among the skips.
            let lastProbe = 1 + 5 * probes.count
            for killAt in [4, 12, lastProbe, lastProbe + 2] {
                let killed = scope.directory + "/killed-\(killAt)"
                let first = try await Self.iosweep(
                    ["run", study, "--results", killed, "--yes", "--quiet"], scope, environment: ["IOSWEEP_FAULT_KILL_AT": "\(killAt)"])
                #expect(first.termination == .signaled(SIGKILL), "killed at \(killAt): \(first.stderr)")
                let resumed = try await Self.iosweep(["resume", killed, "--yes", "--quiet"], scope)
                #expect(resumed.termination == .exited(0), "\(resumed.stderr)")
                let again = try await Self.searchOutcome(killed, scope)
                #expect(again.probes == probes, "the same probes after the kill at \(killAt)")
                let okCells = Journal.read(path: killed + "/journal.jsonl").filter { $0.event == .cellFinished && $0.status == "ok" }
                    .compactMap(\.cell)
                #expect(Set(okCells) == Set(probes) && okCells.count == probes.count, "each probe published once: \(okCells)")
                // The same answer (the measured numbers in brackets differ from run to run).
                #expect(
                    again.answer.split(separator: "(").first == answer.split(separator: "(").first,
                    "the same answer after the kill at \(killAt): \(again.answer)")
            }
        }
    }
}

extension AdaptiveRunTests {
    @Test(
        "search with repeat: 2 on a device capped at 800 IOPS: each probe runs both repeats, is judged on their means, and the answer is within 10 % of 800",
        .needsLoopDevices, .needsBlkioThrottle)
    func searchWithRepeats() async throws {
        try await withTestScope { scope in
            let device = try await Self.throttled(scope, iops: 800)
            let study = scope.directory + "/slo2.yaml"
            let text = Self.searchStudy(device).replacingOccurrences(of: "search:", with: "matrix: {repeat: 2}\nsearch:")
                .replacingOccurrences(of: "results: rate-${rate_iops}", with: "results: rate-${rate_iops}/r${repeat}")
            try text.write(toFile: study, atomically: true, encoding: .utf8)
            let results = scope.directory + "/slo2"
            let run = try await Self.iosweep(["run", study, "--results", results, "--yes", "--quiet"], scope)
            #expect(run.termination == .exited(0), "\(run.stderr)")
            let (probes, answer) = try await Self.searchOutcome(results, scope)
            #expect(probes.count >= 3 && probes.count <= 7 && probes.allSatisfy { $0.hasSuffix(",repeat=1") }, "\(probes)")
            let finished = Journal.read(path: results + "/journal.jsonl").filter { $0.event == .cellFinished }.compactMap(\.cell)
            let expected = probes.flatMap { [$0, $0.replacingOccurrences(of: ",repeat=1", with: ",repeat=2")] }
            #expect(finished == expected, "each probe's two repeats, in the order chosen: \(finished)")
            let found = answer.split(separator: " ").first { $0.hasPrefix("rate_iops=") }.flatMap { Int($0.dropFirst(10)) }
            let value = try #require(found, "\(answer)")
            #expect(Double(value) >= 800 / 1.1 && Double(value) <= 800 * 1.1, "\(answer)")
            #expect(answer.contains("; mean of 2 repeats)"), "\(answer)")
        }
    }
}

extension AdaptiveRunTests {
    /// One unthrottled psync job per repeat on a device capped at 800 IOPS: alone it gets the cap every time; beside
    /// four jobs that write 150 blocks and pause 0.4 s, its share changes from repeat to repeat (200–360 IOPS here).
    static func repeatStudy(_ device: String) -> String {
        """
        experiment: precise
        disks: [\(device)]
        matrix:
          rw: [randwrite]
          repeat: {min: 3, max: 5, until: {metric: write.iops, ci-halfwidth: 1%}}
        workload:
          fio:
            devices: ${disks}
            runtime: 1
            rw: ${rw}
            job: |
              [w]
              bs=4k
              direct=1
              ioengine=psync
              time_based
        results: r${repeat}

        """
    }

    @Test(
        "repeat until precise: a quiet device stops after min repeats; a device made noisy by a second process runs to max",
        .needsLoopDevices, .needsBlkioThrottle)
    func repeatUntilPrecise() async throws {
        try await withTestScope { scope in
            let device = try await Self.throttled(scope, iops: 800)
            let study = scope.directory + "/precise.yaml"
            try Self.repeatStudy(device).write(toFile: study, atomically: true, encoding: .utf8)
            let plan = try await Self.iosweep(["plan", study], scope)
            #expect(plan.stdout.hasPrefix("precise: 5 cells"), "the maximum plan: \(plan.stdout.prefix(300))")
            #expect(
                plan.stdout.contains(
                    "rule: repeat: each cell 3 to 5 times, until the 95 % confidence interval of write.iops's mean is within ±1% of it"))

            let quiet = scope.directory + "/quiet"
            let run = try await Self.iosweep(["run", study, "--results", quiet, "--yes", "--quiet"], scope)
            #expect(run.termination == .exited(0), "\(run.stderr)")
            #expect(
                Self.outcome(quiet).ok == ["rw=randwrite,repeat=1", "rw=randwrite,repeat=2", "rw=randwrite,repeat=3"],
                "\(Self.outcome(quiet))")
            #expect(
                Self.outcome(quiet).skipped.values.allSatisfy {
                    $0.hasPrefix("precise: write.iops ±") && $0.hasSuffix(" (95 % CI) after 3 repeats")
                })
            let status = try await Self.iosweep(["status", quiet], scope)
            #expect(status.stdout.contains("repeat (rw=randwrite): write.iops ±"), "\(status.stdout)")
            #expect(status.stdout.contains("after 3 repeats, within ±1%"), "\(status.stdout)")

            // The noise: four jobs on the same device in bursts, bounded by their own runtime and stopped at teardown.
            let noise = Process()
            noise.executableURL = URL(fileURLWithPath: "/usr/bin/fio")
            noise.arguments = [
                "--name=noise", "--filename=\(device)", "--rw=randwrite", "--bs=4k", "--direct=1", "--ioengine=psync", "--numjobs=4",
                "--thread",
                "--thinktime=400000", "--thinktime_blocks=150", "--time_based", "--runtime=120", "--output=/dev/null",
            ]
            noise.standardOutput = FileHandle.nullDevice
            noise.standardError = FileHandle.nullDevice
            try noise.run()
            // Its jobs are threads of one process: one SIGKILL ends them all.
            let stopNoise: @Sendable () -> Void = {
                if noise.isRunning { kill(noise.processIdentifier, SIGKILL) }
                noise.waitUntilExit()
            }
            scope.onTeardown("the noise fio") { stopNoise() }
            let noisy = scope.directory + "/noisy"
            let noisyRun = try await Self.iosweep(["run", study, "--results", noisy, "--yes", "--quiet"], scope)
            stopNoise()
            #expect(noisyRun.termination == .exited(0), "\(noisyRun.stderr)")
            #expect(Self.outcome(noisy).ok.count == 5 && Self.outcome(noisy).skipped.isEmpty, "\(Self.outcome(noisy))")
            let noisyStatus = try await Self.iosweep(["status", noisy], scope)
            #expect(noisyStatus.stdout.contains("after 5 repeats: max (5) reached before ±1%"), "\(noisyStatus.stdout)")
            let report = try await Self.iosweep(["report", noisy, "--metric", "write.iops"], scope)
            #expect(report.stdout.contains("max (5) reached before ±1%"), "\(report.stdout)")
        }
    }
}

extension AdaptiveRunTests {
    @Test(
        "steady-state rounds on a quiet capped device: steady at rounds 1–3 of at most 8, the rest skipped, report folds the window",
        .needsLoopDevices, .needsBlkioThrottle)
    func steadyStateRounds() async throws {
        try await withTestScope { scope in
            let device = try await Self.throttled(scope, iops: 800)
            let study = scope.directory + "/steady.yaml"
            let text = Self.repeatStudy(device)
                .replacingOccurrences(of: "  repeat: {min: 3, max: 5, until: {metric: write.iops, ci-halfwidth: 1%}}\n", with: "")
                .replacingOccurrences(
                    of: "workload:", with: "steady-state: {metric: write.iops, window: 3, range: 10%, slope: 10%, max-rounds: 8}\nworkload:"
                )
            try text.write(toFile: study, atomically: true, encoding: .utf8)
            let plan = try await Self.iosweep(["plan", study], scope)
            #expect(plan.stdout.hasPrefix("precise: 8 cells"), "the maximum plan, 8 rounds: \(plan.stdout.prefix(300))")
            #expect(plan.stdout.contains("rule: steady-state: rounds of each cell (up to 8) until the last 3 rounds of write.iops"))
            let results = scope.directory + "/steady"
            let run = try await Self.iosweep(["run", study, "--results", results, "--yes", "--quiet"], scope)
            #expect(run.termination == .exited(0), "\(run.stderr)")
            let (ok, skipped) = Self.outcome(results)
            #expect(ok == ["rw=randwrite,repeat=1", "rw=randwrite,repeat=2", "rw=randwrite,repeat=3"], "\(ok)")
            #expect(skipped.count == 5 && skipped.values.allSatisfy { $0.hasPrefix("steady at rounds 1–3: range ") }, "\(skipped)")
            let status = try await Self.iosweep(["status", results], scope)
            #expect(status.stdout.contains("steady-state (rw=randwrite): write.iops steady at rounds 1–3 (range "), "\(status.stdout)")
            let report = try await Self.iosweep(["report", results, "--format", "csv", "--metric", "write.iops"], scope)
            #expect(report.stdout.hasPrefix("rw,n,write.iops") && report.stdout.contains("randwrite,3,"), "\(report.stdout)")
            let page = scope.directory + "/steady.html"
            let html = try await Self.iosweep(["report", results, "--format", "html", "--output", page, "--metric", "write.iops"], scope)
            #expect(html.termination == .exited(0), "\(html.stderr)")
            let pageText = try String(contentsOfFile: page, encoding: .utf8)
            #expect(
                pageText.contains("Steady-state convergence") && pageText.contains("rw=randwrite: steady at rounds 1–3"),
                "the convergence chart")
            #expect(pageText.contains("measurement window: rounds 1–3, mean ± 5 %"), "its band")
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
