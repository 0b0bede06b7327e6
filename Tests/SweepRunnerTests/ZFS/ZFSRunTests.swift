import Foundation
import SweepRecords
import SweepPlanner
import SweepRunner
import Testing

/// `iosweep run` / `resume` on real zfs-fuse pools over scratch loop devices: the built binary, real fio and
/// iostat. Every test uses its own pool name and directory and removes what it made, also on failure.
@Suite(.serialized, .timeLimit(.minutes(10)))
struct ZFSRunTests {
    /// Runs `iosweep ARGS` in the study's directory.
    static func iosweep(
        _ arguments: [String], _ study: ZFSStudy, environment: [String: String] = [:]
    ) async throws
        -> IOSweepBinary.Result
    {
        try await IOSweepBinary.run(arguments, in: study.root, environment: environment, timeout: 240)
    }

    /// Every cell published ok with fio JSON, iostat of each of its disks, the pool's configuration; nothing
    /// left: no pool of the study, no loop device over its files, no process of the run.
    static func expectCompleted(_ study: ZFSStudy, sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let plan = try study.plan
        let published = RunState.publishedCells(study.results, plan: plan)
        #expect(Set(published.keys) == Set(plan.cells.map(\.resultPath)), sourceLocation: sourceLocation)
        for cell in plan.cells {
            let record = try #require(published[cell.resultPath], "\(cell.id) not published", sourceLocation: sourceLocation)
            #expect(record.status == .ok, "\(cell.id): \(record.reason ?? "")", sourceLocation: sourceLocation)
            let directory = study.results + "/" + cell.resultPath
            let fio = try #require(FileManager.default.contents(atPath: directory + "/fio.json"), sourceLocation: sourceLocation)
            let headline = try #require(Headline.read(fioOutput: fio), "\(cell.id): no fio JSON", sourceLocation: sourceLocation)
            #expect(headline.iops > 0 && headline.jobErrors.isEmpty, sourceLocation: sourceLocation)
            let disks = cell.steps.filter { $0.kind == .collector }.compactMap(\.stdout)
            #expect(disks.count == Int(cell.id.split(separator: ",")[0].dropFirst("ndisks=".count)), sourceLocation: sourceLocation)
            // cell.json binds each scratch disk to the loop device its iostat output names.
            let devices = record.devices ?? [:]
            #expect(Set(devices.keys) == Set(plan.scratch.map(\.name)), "\(cell.id): \(devices)", sourceLocation: sourceLocation)
            for file in disks {
                let iostat = IOSweepBinary.read(directory + "/" + file)
                #expect(
                    iostat.contains("Device") && iostat.contains("loop"), "\(cell.id): \(file): \(iostat.prefix(200))",
                    sourceLocation: sourceLocation)
                let scratch = String(file.dropFirst("iostat-".count).prefix(while: { $0 != "." }))
                let loop = devices[scratch].map { String($0.dropFirst("/dev/".count)) } ?? "?"
                #expect(iostat.contains("\n\(loop) "), "\(cell.id): \(file) does not name \(loop)", sourceLocation: sourceLocation)
            }
            let status = IOSweepBinary.read(directory + "/zpool-status.txt")
            #expect(status.contains("pool: \(study.pool)") && status.contains("ONLINE"), sourceLocation: sourceLocation)
            let properties = IOSweepBinary.read(directory + "/zfs-get.txt")
            #expect(properties.contains("recordsize") && properties.contains("8K"), sourceLocation: sourceLocation)
            #expect(properties.contains("iosweep:run"), sourceLocation: sourceLocation)
        }
        #expect(try await Leftovers.pools(named: [study.pool]).isEmpty, "pool left", sourceLocation: sourceLocation)
        let loops = try await Leftovers.loops(backing: study.scratchFiles)
        #expect(loops.isEmpty, "loop devices left: \(loops)", sourceLocation: sourceLocation)
        #expect(study.scratchFiles.allSatisfy { !FileManager.default.fileExists(atPath: $0) }, sourceLocation: sourceLocation)
        #expect(!FileManager.default.fileExists(atPath: study.results + "/.scratch"), sourceLocation: sourceLocation)
        let processes = RunState.markedProcesses(under: study.root)
        #expect(processes.isEmpty, "processes left: \(processes.map(\.argv))", sourceLocation: sourceLocation)
    }

    /// A one-cell study whose only disk is a "real" device: a loop device over a 96 MB file of the scope,
    /// declared in `disks:` like a user's disk (so it needs confirmation and gets every safety check).
    static func realDeviceStudy(_ scope: TestScope, file: String) async throws -> (device: String, study: ZFSStudy, plan: String) {
        let path = scope.directory + "/" + file
        try await scope.host.check(["truncate", "-s", "96M", path])
        let device = try await scope.attach(path)
        let study = Self.study(scope) {
            $0.realDevices = [device]
            $0.ndisks = [1]
            $0.numjobs = [1]
        }
        return (device, study, try study.writePlan())
    }

    /// Journal events about resources of `kind`.
    static func resourceEvents(_ study: ZFSStudy, _ event: JournalEvent.Name, _ kind: JournalResource.Kind) -> [JournalResource] {
        RunState.journal(study.results).filter { $0.event == event }.compactMap(\.resource).filter { $0.kind == kind }
    }

    /// Runs `iosweep ARGS` on a pseudo-terminal (Python's `pty`), typing `answer` and a newline; the
    /// terminal's output (prompt and messages) comes back as stdout.
    static func onTerminal(answer: String, _ arguments: [String], _ study: ZFSStudy) async throws -> IOSweepBinary.Result {
        let binary = try #require(IOSweepBinary.path)
        let script = """
            import os, pty, sys
            pid, fd = pty.fork()
            if pid == 0:
                os.execv(sys.argv[2], sys.argv[2:])
            os.write(fd, (sys.argv[1] + "\\n").encode())
            out = b""
            while True:
                try:
                    chunk = os.read(fd, 4096)
                except OSError:
                    break
                if not chunk:
                    break
                out += chunk
            _, status = os.waitpid(pid, 0)
            sys.stdout.write(out.decode(errors="replace"))
            sys.exit(os.waitstatus_to_exitcode(status))
            """
        let (process, stdout, stderr) = try await IOSweepBinary.start(
            [], in: study.root, launcher: ["python3", "-c", script, answer, binary] + arguments)
        return await IOSweepBinary.finish(process, stdout: stdout, stderr: stderr, timeout: 120)
    }

    static func study(_ scope: TestScope, _ configure: (inout ZFSStudy) -> Void = { _ in }) -> ZFSStudy {
        var study = ZFSStudy(root: scope.directory, pool: scope.poolName())
        configure(&study)
        scope.cleansUp(after: study)
        return study
    }

    @Test(
        "the seed's study scaled down, from its experiment file: 1–3 scratch disks, recsize=8k, sync 8k writes, numjobs 1–8",
        .needsZFS)
    func seedScaledDown() async throws {
        try await withTestScope { scope in
            let study = Self.study(scope)
            let result = try await Self.iosweep(["run", try study.writeExperiment(), "--results", study.results], study)
            #expect(result.termination == .exited(0), "\(result.stderr)")
            try await Self.expectCompleted(study)
            #expect(result.stderr.contains("scratch disks: scratch0=/dev/loop"))
            // Three loop devices journalled with their files, and each destroyed at the end.
            let created = Self.resourceEvents(study, .resourceCreated, .loop)
            #expect(created.count == 3 && created.allSatisfy { $0.name.hasPrefix("/dev/loop") && $0.file != nil })
            #expect(Set(Self.resourceEvents(study, .resourceDestroyed, .loop)) == Set(created))
            // One pool per cell (its creation, then its GUID, journalled), every one destroyed by its teardown.
            #expect(Self.resourceEvents(study, .resourceCreated, .pool).filter { $0.guid == nil }.count == 6)
            #expect(Self.resourceEvents(study, .resourceCreated, .pool).filter { $0.guid != nil }.count == 6)
            #expect(Self.resourceEvents(study, .resourceDestroyed, .pool).count == 6)
        }
    }

    @Test("a zpool create that fails journals no resource-created; the cell fails cleanly and nothing is left", .needsZFS)
    func failedCreateIsNotJournalled() async throws {
        try await withTestScope { scope in
            let study = Self.study(scope) {
                $0.scratchCount = 1
                $0.ndisks = [1]
                $0.numjobs = [1]
                $0.runtime = 1
            }
            var plan = try study.plan
            // An unknown pool property: zpool create exits 2 having made nothing.
            plan.groups[0].setup[0].argv.insert(contentsOf: ["-o", "iosweepnosuchproperty=1"], at: 2)
            let path = study.root + "/failing-create.json"
            try JSONEncoder().encode(plan).write(to: URL(fileURLWithPath: path))
            let result = try await Self.iosweep(["run", "--plan", path, "--results", study.results], study)
            #expect(result.termination == .exited(1), "\(result.stderr)")
            let events = RunState.journal(study.results)
            #expect(Self.resourceEvents(study, .resourceCreated, .pool).isEmpty, "a pool that was never made is journalled")
            // The setup's step-started names the pool it was creating (what recovery falls back on after a crash).
            let started = events.first { $0.event == .stepStarted && $0.kind == "setup" }
            #expect(started?.resource == JournalResource(kind: .pool, name: study.pool))
            let finished = events.first { $0.event == .cellFinished }
            #expect(finished?.status == "failed", "\(String(describing: finished))")
            #expect(try await Leftovers.pools(named: [study.pool]).isEmpty)
            #expect(try await Leftovers.loops(backing: study.scratchFiles).isEmpty)
            // Nothing to recover or clean: no "recovered" pool on the next pass.
            let cleaned = try await Self.iosweep(["clean", study.results], study)
            #expect(cleaned.termination == .exited(0), "\(cleaned.stderr)")
            #expect(!cleaned.stdout.contains("destroyed pool"), "\(cleaned.stdout)")
        }
    }

    @Test("per-group and once lifecycles build one pool per group / per run on real pools", .needsZFS)
    func lifecycles() async throws {
        for lifecycle in [ZFSStudy.Lifecycle.perGroup, .once] {
            try await withTestScope { scope in
                let study = Self.study(scope) {
                    $0.lifecycle = lifecycle
                    $0.scratchCount = 2
                    $0.ndisks = [1, 2]
                    $0.numjobs = [1, 2]
                    $0.runtime = 1
                }
                let result = try await Self.iosweep(["run", "--plan", try study.writePlan(), "--results", study.results], study)
                #expect(result.termination == .exited(0), "\(lifecycle): \(result.stderr)")
                try await Self.expectCompleted(study)
                let pools = Self.resourceEvents(study, .resourceCreated, .pool).filter { $0.guid == nil }.count
                #expect(pools == (lifecycle == .once ? 1 : 2), "\(lifecycle): \(pools) pools created")
                if lifecycle == .once {
                    // Every cell ran on the same two-disk pool.
                    let status = IOSweepBinary.read(study.results + "/1-disks/1-jobs/zpool-status.txt")
                    #expect(status.components(separatedBy: "  loop").count == 3, "\(status)")
                }
            }
        }
    }

    /// A study of two cells whose run is SIGKILLed during the second cell's workload: its pool, loop
    /// devices, fio and iostat outlive the runner.
    static func killedDuringSecondCell(_ scope: TestScope) async throws -> ZFSStudy {
        let study = Self.study(scope) {
            $0.scratchCount = 2
            $0.ndisks = [1, 2]
            $0.numjobs = [2]
            $0.runtime = 3
        }
        let (process, stdout, stderr) = try await IOSweepBinary.start(
            ["run", "--plan", try study.writePlan(), "--results", study.results], in: study.root)
        var running = false
        for _ in 0..<600 where !running {
            try await Task.sleep(nanoseconds: 50_000_000)
            running = RunState.journal(study.results).contains {
                $0.event == .stepStarted && $0.kind == "workload" && $0.cell == "ndisks=2,numjobs=2"
            }
        }
        #expect(running, "the second cell's workload never started: \(IOSweepBinary.read(stderr))")
        process.signal(SIGKILL)
        _ = await IOSweepBinary.finish(process, stdout: stdout, stderr: stderr)
        #expect(try await Leftovers.pools(named: [study.pool]) == [study.pool], "the pool should outlive the killed run")
        #expect(try await Leftovers.loops(backing: study.scratchFiles).count == 2)
        #expect(RunState.markedProcesses(under: study.root).contains { $0.argv.first == "iostat" })
        return study
    }

    @Test("kill -9 while a cell's pool exists, then resume: no pool, loop or process left, every cell done", .needsZFS)
    func killedWhilePoolExists() async throws {
        try await withTestScope { scope in
            let study = try await Self.killedDuringSecondCell(scope)
            let resumed = try await Self.iosweep(["resume", study.results], study)
            #expect(resumed.termination == .exited(0), "\(resumed.stderr)")
            #expect(resumed.stderr.contains("destroyed pool \(study.pool)"), "\(resumed.stderr)")
            #expect(!resumed.stderr.contains("could not") && !resumed.stderr.contains("warning"), "\(resumed.stderr)")
            try await Self.expectCompleted(study)
        }
    }

    @Test("kill -9 while a cell's pool exists, then `iosweep clean`: pool, loops, files and processes gone", .needsZFS)
    func cleanAfterKill() async throws {
        try await withTestScope { scope in
            let study = try await Self.killedDuringSecondCell(scope)
            let cleaned = try await Self.iosweep(["clean", study.results], study)
            #expect(cleaned.termination == .exited(0), "\(cleaned.stderr)")
            #expect(cleaned.stdout.contains("destroyed pool \(study.pool)"), "\(cleaned.stdout)")
            #expect(cleaned.stdout.components(separatedBy: "detached /dev/loop").count == 3, "\(cleaned.stdout)")
            #expect(try await Leftovers.pools(named: [study.pool]).isEmpty)
            #expect(try await Leftovers.loops(backing: study.scratchFiles).isEmpty)
            #expect(study.scratchFiles.allSatisfy { !FileManager.default.fileExists(atPath: $0) })
            #expect(RunState.markedProcesses(under: study.root).isEmpty)
            let again = try await Self.iosweep(["clean", study.results], study)
            #expect(again.stdout.contains("nothing to clean"), "\(again.stdout)")
        }
    }

    /// Boundaries of a fresh run of this study: 1 run-started, 2–3 the loop devices, 4–7 `zpool create`
    /// (5: pool journalled, 7: its GUID journalled), 8–10 `zfs create`, 11 cell-started, 12–13 iostat, 14 fio
    /// started (pool, fio and iostat alive), 15 fio finished, …, 22 cell-finished (pool still there), then the
    /// teardown (its count depends on zfs-fuse's "busy" retries).
    @Test(
        "killed by fault injection at boundaries around scratch disks and pools, resume completes and leaves nothing",
        .needsZFS, arguments: [2, 5, 7, 9, 14, 22, 31])
    func killedAtBoundary(_ boundary: Int) async throws {
        try await withTestScope { scope in
            let study = Self.study(scope) {
                $0.scratchCount = 2
                $0.ndisks = [2]
                $0.numjobs = [1, 2]
                $0.runtime = 1
            }
            let killed = try await Self.iosweep(
                ["run", "--plan", try study.writePlan(), "--results", study.results, "--quiet"], study,
                environment: [FaultInjection.environmentKey: String(boundary)])
            #expect(killed.termination == .signaled(SIGKILL), "boundary \(boundary): \(killed.termination) \(killed.stderr)")
            let resumed = try await Self.iosweep(["resume", study.results, "--quiet"], study)
            #expect(resumed.termination == .exited(0), "boundary \(boundary): \(resumed.stderr)")
            try await Self.expectCompleted(study)
        }
    }

    @Test("a foreign pool with the study's pool name stops the run and is left untouched", .needsZFS)
    func foreignPoolName() async throws {
        try await withTestScope { scope in
            let study = Self.study(scope) {
                $0.scratchCount = 1; $0.ndisks = [1]; $0.numjobs = [1]
            }
            let foreign = try await scope.scratch(1, prefix: "foreign")
            try await scope.createPoolUnguarded(study.pool, ["zpool", "create", "-f", study.pool, foreign[0].devicePath])

            let result = try await Self.iosweep(["run", "--plan", try study.writePlan(), "--results", study.results], study)
            #expect(result.termination == .exited(3), "\(result.termination): \(result.stderr)")
            #expect(result.stderr.contains("pool '\(study.pool)' is already imported"), "\(result.stderr)")
            #expect(result.stderr.contains("never destroys a pool it did not create"))
            #expect(try await ZFS().importedPools().contains(study.pool))
            #expect(try await ZFS().marker(ofPool: study.pool) == nil)
            let status = try await ZFS().status([study.pool])
            #expect(status.first?.leaves.map(\.name) == [foreign[0].device])
            #expect(try await Leftovers.loops(backing: study.scratchFiles).isEmpty, "scratch disks not released")
            #expect(RunState.publishedCells(study.results, plan: try study.plan).isEmpty)
        }
    }

    @Test(
        "a declared real device carrying ext4 is refused with exit 3 and left intact, before anyone is asked",
        .needsZFS)
    func unsafeRealDevice() async throws {
        try await withTestScope { scope in
            let (device, study, plan) = try await Self.realDeviceStudy(scope, file: "ext4.img")
            try await scope.host.check(["mkfs.ext4", "-q", "-F", device])

            // The safety checks come before the question: without --yes, and on a terminal, the refusal is
            // the answer, and nobody is asked to confirm destroying a device that would be refused.
            let unconfirmed = try await Self.iosweep(["run", "--plan", plan, "--results", study.results], study)
            #expect(unconfirmed.termination == .exited(3), "\(unconfirmed.stderr)")
            #expect(
                unconfirmed.stderr.contains("carries ext4") && !unconfirmed.stderr.contains("pass --yes"),
                "\(unconfirmed.stderr)")
            #expect(!FileManager.default.fileExists(atPath: study.results + "/journal.jsonl"))
            let asked = try await Self.onTerminal(answer: "yes", ["run", "--plan", plan, "--results", study.results], study)
            #expect(asked.termination == .exited(3), "\(asked.stdout)")
            #expect(asked.stdout.contains("carries ext4") && !asked.stdout.contains("Type yes"), "\(asked.stdout)")
            #expect(!FileManager.default.fileExists(atPath: study.results + "/journal.jsonl"))

            let refused = try await Self.iosweep(["run", "--plan", plan, "--results", study.results, "--yes"], study)
            #expect(refused.termination == .exited(3), "\(refused.stderr)")
            let name = BlockDeviceName.kernelName(device)
            #expect(refused.stderr.contains("refusing /dev/\(name): carries ext4"), "\(refused.stderr)")
            #expect(refused.stderr.contains("wipe: true"))
            #expect(try await Leftovers.pools(named: [study.pool]).isEmpty)
            let probe = try await scope.host.check(["blkid", "-p", "-o", "value", "-s", "TYPE", device])
            #expect(probe.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "ext4")
            #expect(!RunState.journal(study.results).contains { $0.event == .stepStarted })

            // The experiment's wipe: true travels in the plan: `run --plan` then destroys the ext4 and runs.
            var wiping = study
            wiping.wipe = true
            let wipePlan = try wiping.writePlan(named: "plan-wipe.json")
            let wiped = try await Self.iosweep(["run", "--plan", wipePlan, "--results", study.results, "--yes"], study)
            #expect(wiped.termination == .exited(0), "\(wiped.stderr)")
            #expect(RunState.publishedCells(study.results, plan: try wiping.plan).values.allSatisfy { $0.status == .ok })
            let after = try await scope.host.run(["blkid", "-p", "-o", "value", "-s", "TYPE", device])
            #expect(after.stdout.trimmingCharacters(in: .whitespacesAndNewlines) != "ext4", "\(after.stdout)")
            #expect(try await Leftovers.pools(named: [study.pool]).isEmpty)
        }
    }

    @Test("a declared real device that passes the checks needs --yes, or yes typed on a terminal", .needsZFS)
    func confirmRealDevice() async throws {
        try await withTestScope { scope in
            let (device, study, plan) = try await Self.realDeviceStudy(scope, file: "blank.img")

            let unconfirmed = try await Self.iosweep(["run", "--plan", plan, "--results", study.results], study)
            #expect(unconfirmed.termination == .exited(3), "\(unconfirmed.stderr)")
            #expect(unconfirmed.stderr.contains("pass --yes") && unconfirmed.stderr.contains(device), "\(unconfirmed.stderr)")
            let declined = try await Self.onTerminal(answer: "no", ["run", "--plan", plan, "--results", study.results], study)
            #expect(declined.termination == .exited(3), "\(declined.stdout)")
            #expect(declined.stdout.contains("  \(device)") && declined.stdout.contains("Type yes"), "\(declined.stdout)")
            #expect(declined.stdout.contains("not confirmed"), "\(declined.stdout)")
            #expect(!FileManager.default.fileExists(atPath: study.results + "/journal.jsonl"))
            #expect(try await Leftovers.pools(named: [study.pool]).isEmpty)
        }
    }
}
