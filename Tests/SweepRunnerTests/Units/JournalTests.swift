import Foundation
import SweepPlanner
import SweepRunner
import SweepRecords
import Testing

@Suite struct JournalTests {
    @Test("A torn last line is ignored when reading and trimmed before the next append")
    func tornLastLine() throws {
        let scratch = try Scratch("journal")
        defer { scratch.remove() }
        let path = scratch.root + "/journal.jsonl"
        do {
            let journal = try Journal(path: path)
            var event = JournalEvent(.cellStarted)
            event.cell = "numjobs=1"
            try journal.append(event)
        }
        // A crash mid-write leaves half a line.
        let handle = try #require(FileHandle(forWritingAtPath: path))
        handle.seekToEndOfFile()
        handle.write(Data(#"{"event":"cell-fin"#.utf8))
        try handle.close()
        #expect(Journal.read(path: path).map(\.event) == [.cellStarted])

        let journal = try Journal(path: path)
        try journal.append(JournalEvent(.runFinished))
        let text = IOSweepBinary.read(path)
        #expect(!text.contains("cell-fin\""))
        #expect(text.split(separator: "\n").count == 2)
        #expect(Journal.read(path: path).map(\.event) == [.cellStarted, .runFinished])
    }

    @Test("Recovery finds steps started and never finished, and resources created and never destroyed")
    func recoveryFromEvents() {
        func step(_ kind: JournalEvent.Name, _ id: String, pid: Int32? = nil) -> JournalEvent {
            var event = JournalEvent(kind)
            event.step = id
            event.pid = pid
            event.pgid = pid
            event.argv = pid.map { ["iostat", "\($0)"] }
            return event
        }
        func resource(_ kind: JournalEvent.Name, _ name: String) -> JournalEvent {
            var event = JournalEvent(kind)
            event.resource = JournalResource(kind: .pool, name: name)
            return event
        }
        let recovery = Recovery(events: [
            step(.stepStarted, "1.1", pid: 100), step(.stepFinished, "1.1"),
            step(.stepStarted, "1.2", pid: 200), resource(.resourceCreated, "tank"),
            resource(.resourceCreated, "other"), resource(.resourceDestroyed, "other"),
            step(.stepStarted, "1.3", pid: 300), step(.processEnded, "1.3"),
        ])
        #expect(recovery.unfinishedSteps.map(\.pid) == [200])
        #expect(recovery.unfinishedSteps.first?.argv == ["iostat", "200"])
        #expect(recovery.leftoverResources == [JournalResource(kind: .pool, name: "tank")])
    }

    @Test("Leftover processes are recognised only with this run's marker and their recorded command line")
    func leftoverNeedsMarker() async throws {
        let scratch = try Scratch("marker")
        defer { scratch.remove() }
        let host = LocalHost()
        let ours = try await host.start(
            Command(argv: ["sleep", "30"], environment: Command.environment(path: RunOptions.defaultPath, runID: "run-a")))
        let theirs = try await host.start(
            Command(argv: ["sleep", "30"], environment: Command.environment(path: RunOptions.defaultPath, runID: "run-b")))
        defer {
            ours.signal(SIGKILL)
            theirs.signal(SIGKILL)
        }
        func unfinished(_ process: any RunningProcess, argv: [String]) -> Recovery.UnfinishedStep {
            .init(step: "x", pid: process.pid, processGroup: process.processGroup, argv: argv)
        }
        #expect(Recovery.leftovers(of: unfinished(ours, argv: ["sleep", "30"]), runID: "run-a").map(\.pid) == [ours.pid])
        #expect(Recovery.leftovers(of: unfinished(ours, argv: ["sleep", "31"]), runID: "run-a").isEmpty)
        #expect(Recovery.leftovers(of: unfinished(theirs, argv: ["sleep", "30"]), runID: "run-a").isEmpty)
        let ended = await Recovery.end(unfinished(ours, argv: ["sleep", "30"]), runID: "run-a", grace: 5)
        #expect(ended.map(\.pid) == [ours.pid])
        #expect(await ours.wait(upTo: 10) == .signaled(SIGTERM))
        #expect(theirs.termination == nil)
    }

    @Test("Ending a leftover group also ends what its leader forks while it is being ended (fio's job processes)")
    func leftoverForkedLate() async throws {
        let host = LocalHost()
        // On SIGTERM the leader starts a child in its group, then exits: the child is not there at the first look.
        let argv = ["sh", "-c", "trap 'sleep 30 & exit 0' TERM; while :; do sleep 0.05; done"]
        let leader = try await host.start(
            Command(argv: argv, environment: Command.environment(path: RunOptions.defaultPath, runID: "run-late")))
        defer { leader.signal(SIGKILL) }
        let step = Recovery.UnfinishedStep(step: "x", pid: leader.pid, processGroup: leader.processGroup, argv: argv)
        let first = Recovery.leftovers(of: step, runID: "run-late")
        #expect(first.contains { $0.pid == leader.pid } && !first.contains { $0.argv == ["sleep", "30"] }, "no child yet: \(first)")
        let ended = await Recovery.end(step, runID: "run-late", grace: 2)
        #expect(ended.contains { $0.argv == ["sleep", "30"] }, "the late child was signalled: \(ended)")
        for process in ended {
            // `PID (COMM) STATE …`: gone, or a zombie the container's init has not reaped.
            let stat = (try? String(contentsOfFile: "/proc/\(process.pid)/stat", encoding: .utf8)) ?? ""
            let state = stat.split(separator: ")").last?.split(separator: " ").first.map(String.init)
            #expect(state == nil || state == "Z", "\(process.argv) is not running: \(state ?? "gone")")
        }
    }
}
