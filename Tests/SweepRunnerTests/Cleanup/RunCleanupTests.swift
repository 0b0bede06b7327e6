import Foundation
@testable import SweepRunner
import SweepRecords
import Testing

@Suite("iosweep clean after a crash", .serialized)
struct RunCleanupTests {
    /// Starts `sleep SECONDS` in its own session (so its own process group) and returns its pid.
    private func startSleeper(_ scope: TestScope, _ seconds: String) async throws -> Int32 {
        try await scope.host.check(["setsid", "--fork", "sleep", seconds])
        for _ in 0..<100 {
            if let process = LiveProcess.all().first(where: { $0.cmdline == ["sleep", seconds] }) {
                let pid = process.pid
                scope.onTeardown("kill \(pid)") { kill(pid, SIGKILL) }
                return pid
            }
            try await Task.sleep(nanoseconds: 20_000_000)
        }
        throw CommandError.notStarted(argv: ["sleep", seconds], reason: "not found in /proc")
    }

    private func write(_ events: [JournalEvent], runID: String, torn: Bool, to directory: String) throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try Data(#"{"runID": "\#(runID)", "tool": "iosweep 0.1.0"}"#.utf8)
            .write(to: URL(fileURLWithPath: directory + "/iosweep-run.json"))
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        var journal = try events.map { String(decoding: try encoder.encode($0), as: UTF8.self) + "\n" }.joined()
        if torn { journal += #"{"event": "resource-created", "resource": {"kind": "po"# }
        try Data(journal.utf8).write(to: URL(fileURLWithPath: directory + "/journal.jsonl"))
    }

    @Test("pool, loops, files and a sleeping process group are torn down; foreign ones are not", .needsZFS)
    func crashLeftovers() async throws {
        try await withTestScope { scope in
            let runID = scope.runID
            let runDirectory = scope.directory + "/results"
            let scratch = ScratchDisks(directory: runDirectory + "/.scratch", host: scope.host)
            let disks = try await scratch.create(["scratch0", "scratch1"], size: 64 << 20)
            scope.onTeardown("remove scratch") { _ = try await scratch.remove(disks) }
            let zfs = ZFS(host: scope.host)
            let pool = scope.poolName()
            scope.onTeardown(run: ["zpool", "destroy", "-f", pool])
            try await zfs.createPool(
                ZPoolCreate(
                    name: pool, vdevs: [.init(.mirror, disks.map(\.devicePath))],
                    filesystemProperties: [("mountpoint", scope.directory + "/mnt")], marker: runID), runID: runID)
            try await scope.host.check(["zfs", "create", "-o", "recordsize=8k", pool + "/dozer"])

            // Someone else's pool and loop device, and a process whose group is recorded with another command.
            let foreignDisks = try await scope.scratch(1, prefix: "foreign")
            let foreignPool = scope.poolName("-foreign")
            try await scope.createPoolUnguarded(foreignPool, ["zpool", "create", "-m", "none", foreignPool, foreignDisks[0].devicePath])
            let seconds = "\(Int.random(in: 100_000...999_999))"
            let sleeper = try await startSleeper(scope, seconds)
            let bystander = try await startSleeper(scope, seconds + ".5")

            var events: [JournalEvent] = [JournalEvent(event: "run-started")]
            events += disks.map { JournalEvent(event: .resourceCreated, resource: .init(kind: .loop, name: $0.device, file: $0.file)) }
            events.append(JournalEvent(event: .resourceCreated, resource: .init(kind: .pool, name: pool)))
            events.append(JournalEvent(event: .resourceCreated, resource: .init(kind: .dataset, name: pool + "/dozer")))
            events.append(JournalEvent(event: .processStarted, pid: sleeper, pgid: sleeper, argv: ["/bin/sleep", seconds]))
            events.append(JournalEvent(event: .processStarted, pid: bystander, pgid: bystander, argv: ["fio", "job.fio"]))
            try write(events, runID: runID, torn: true, to: runDirectory)

            let actions = try await RunCleanup(directory: runDirectory, host: scope.host).run()
            #expect(actions.first == .endedProcessGroup(pgid: sleeper, command: ["sleep", seconds]))
            #expect(actions.contains(.destroyedPool(pool)))
            #expect(Set(actions.compactMap { if case .detached(let d) = $0 { d.name } else { nil } }) == Set(disks.map(\.device)))
            #expect(Set(actions.compactMap { if case .deleted(let f) = $0 { f } else { nil } }) == Set(disks.map(\.file)))
            #expect(!actions.contains { if case .failed = $0 { true } else { false } }, "\(actions)")

            #expect(LiveProcess.read(sleeper).map { $0.state == "Z" } ?? true, "sleeper ended")
            #expect(LiveProcess.read(bystander)?.cmdline == ["sleep", seconds + ".5"], "unverified process left alone")
            let pools = try await zfs.importedPools()
            #expect(!pools.contains(pool))
            #expect(pools.contains(foreignPool), "foreign pool left alone")
            #expect(try await LoopDevice.backing(disks.map(\.file), on: scope.host).isEmpty)
            #expect(try await LoopDevice.backing(foreignDisks.map(\.file), on: scope.host).count == 1)
            #expect(disks.allSatisfy { !FileManager.default.fileExists(atPath: $0.file) })

            #expect(try await RunCleanup(directory: runDirectory, host: scope.host).run() == [], "idempotent")
        }
    }

    @Test("a directory without iosweep-run.json is refused with its path")
    func notARunDirectory() async throws {
        let directory = NSTemporaryDirectory() + "iosweep-not-a-run-\(UInt32.random(in: 0...UInt32.max))"
        await #expect(throws: RunCleanupError.notARunDirectory(path: directory, reason: "no readable iosweep-run.json")) {
            _ = try await RunCleanup(directory: directory, host: RecordingHost()).run()
        }
    }

    @Test("journal events decode tolerantly and a torn last line is skipped")
    func journalDecoding() throws {
        let directory = NSTemporaryDirectory() + "iosweep-journal-\(UInt32.random(in: 0...UInt32.max))"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let lines = """
            {"event":"run-started","future":"2026-01-01T00:00:00.000Z","note":"r"}
            {"event":"resource-created","resource":{"kind":"loop","name":"loop3","file":"/r/.scratch/scratch0.img"}}
            {"event":"resource-created","resource":{"kind":"mount","name":"/mnt/x"}}
            {"event":"process-started","pid":41,"pgid":40,"argv":["iostat","-x","1"],"later":"a=1"}
            {"event":"resource-destroyed","resource":{"kind":"pool","na
            """
        try Data(lines.utf8).write(to: URL(fileURLWithPath: directory + "/journal.jsonl"))
        let events = try RunDirectoryRecord.journal(in: directory)
        #expect(
            events == [
                JournalEvent(event: "run-started"),
                JournalEvent(event: .resourceCreated, resource: .init(kind: .loop, name: "loop3", file: "/r/.scratch/scratch0.img")),
                JournalEvent(event: .resourceCreated, resource: .init(kind: "mount", name: "/mnt/x")),
                JournalEvent(event: .processStarted, pid: 41, pgid: 40, argv: ["iostat", "-x", "1"]),
            ])
    }
}
