import Foundation
import SweepRecords
import SweepModel
import SweepPlanner

/// Interprets a ``Plan`` in a results directory: spawns the steps, journals every event, publishes cells
/// atomically, and resumes whatever an earlier run left unfinished.
///
/// ```swift
/// let runner = Runner(plan: plan, directory: RunDirectory(root: "results/zil"), options: RunOptions(toolVersion: "0.1.0"))
/// let summary = try await runner.run()
/// ```
package final class Runner {
    package let plan: Plan
    package let directory: RunDirectory
    package let options: RunOptions
    let host: any Host
    let resources: any ResourceManager
    let progress: ProgressReporter
    /// The study's adaptive rules: which pending cells to skip, from the published results.
    let decider: CellDecider
    let signals = SignalMonitor()

    var journal: Journal?
    /// Where steps run: the controller, and the plan's hosts over ssh.
    lazy var hosts = RunHosts(plan: plan, directory: directory.root, local: host)
    /// The managed fio servers of this invocation, by host name, with their pid on that host.
    var servers: [String: (server: FioServer, pid: Int32)] = [:]
    /// Whether a cell failed since the servers were last known alive.
    var serversSuspect = false
    var runID = ""
    var bindings: [String: String] = [:]
    var environment: [String: String] = [:]
    private var stepCounter = 0
    private var boundaries = 0

    package init(
        plan: Plan, directory: RunDirectory, options: RunOptions, host: any Host = LocalHost(),
        resources: any ResourceManager = NoResources(), progress: ProgressReporter = .automatic(quiet: false),
        decider: CellDecider = .everyCell
    ) {
        self.decider = decider
        self.plan = plan
        self.directory = directory
        self.options = options
        self.host = host
        self.resources = resources
        self.progress = progress
    }

    /// Whether a SIGINT/SIGTERM arrived.
    var interrupted: Bool { signals.received != nil }

    /// Runs every pending cell. Throws ``RunLockError`` when another run holds the directory,
    /// ``RunRefusal`` when the plan changes what it does not declare (``PlanAudit``, checked before anything)
    /// or a resource manager refuses, and file errors it cannot work around.
    package func run() async throws -> RunSummary {
        do {
            let summary = try await runAudited()
            await hosts.closeConnections()
            return summary
        } catch {
            await hosts.closeConnections()
            throw error
        }
    }

    private func runAudited() async throws -> RunSummary {
        try PlanAudit.check(plan)
        try FileSystem.makeDirectory(directory.root)
        let lock = try RunLock(path: directory.lock)
        defer { lock.release() }
        signals.start()
        defer { signals.stop() }

        try await prepareDirectory()
        self.journal = try Journal(path: directory.journal)
        await recoverLeftovers()

        var started = JournalEvent(.runStarted)
        started.runID = runID
        started.pid = getpid()
        started.fingerprint = plan.fingerprint
        started.cells = plan.cells.count
        try append(started)

        let statuses = try moveAsideOutdated()
        try FileSystem.remove(directory.partialRoot)
        let pendingIDs = Set(statuses.filter { $0.state != .done && options.selects($0.cell) }.map(\.cell.id))
        let pendingCells = plan.cells.filter { pendingIDs.contains($0.id) }
        progress.runStarted(
            total: plan.cells.count, done: statuses.count(where: { $0.state == .done }), pending: pendingCells.count,
            estimatedSeconds: pendingCells.reduce(0) { $0 + ($1.estimatedSeconds ?? 0) })

        var summary = RunSummary(
            cells: plan.cells.count, skipped: statuses.count(where: { $0.state == .done }), succeeded: 0, failed: 0,
            notRun: 0, interruptedBy: nil, stoppedAfterFailure: false)
        if !pendingCells.isEmpty {
            do {
                try await runPending(pendingIDs, summary: &summary)
            } catch {
                await resources.finishRun(plan: plan, runID: runID, directory: directory, journal: resourceJournal)
                throw error
            }
        }
        if (try? FileManager.default.contentsOfDirectory(atPath: directory.partialRoot))?.isEmpty == true {
            try? FileSystem.remove(directory.partialRoot)
        }
        summary.notRun = plan.cells.count - summary.skipped - summary.succeeded - summary.failed - summary.skippedByRules
        summary.interruptedBy = signals.received

        if let signal = signals.received {
            var event = JournalEvent(.interrupted)
            event.signal = signal
            event.cells = plan.cells.count
            event.failed = summary.failed
            try append(event)
            progress.note("interrupted by SIG\(SignalName.name(of: signal)); run `iosweep resume \(directory.root)` to continue")
        } else {
            var event = JournalEvent(.runFinished)
            event.cells = plan.cells.count
            event.failed = summary.failed
            try append(event)
        }
        progress.finish()
        return summary
    }

    private func runPending(_ pendingIDs: Set<String>, summary: inout RunSummary) async throws {
        try await preflightHosts()
        try await recordHostFacts()
        bindings = try await resources.prepareRun(
            plan: plan, runID: runID, directory: directory, journal: resourceJournal)
        do {
            try await startServers()
            try await runGroups(pendingIDs, summary: &summary)
        } catch {
            await stopServers()
            throw error
        }
        await stopServers()
        await resources.finishRun(plan: plan, runID: runID, directory: directory, journal: resourceJournal)
    }

    /// The run's setup, every group with its pending cells, the run's teardown.
    private func runGroups(_ pendingIDs: Set<String>, summary: inout RunSummary) async throws {
        bindings["run"] = runID
        bindings["files"] = directory.files
        bindings["results"] = LoopDevice.canonicalPath(directory.root)
        bindings["label"] = FilesystemLabel.of(runID: runID)
        let runLogs = directory.logs + "/run"
        _ = try await runSequence(plan.setup, group: "run", logs: runLogs)
        // A pass walks the groups in plan order; a cell the rules say to wait for (a search's probe not chosen yet)
        // is asked again in the next pass. A pass that runs or skips nothing ends the loop, so there are at most
        // as many passes as cells; cells still waiting then stay pending.
        var open = pendingIDs
        passes: while !open.isEmpty {
            let before = open.count
            for group in plan.groups {
                let cells = group.cells.filter { open.contains($0.id) }
                guard !cells.isEmpty, !interrupted else { continue }
                let logs = directory.logs + "/" + RunDirectory.safeName(group.key)
                // The group is set up before its first cell the rules run; not at all when they run none now.
                var remaining = cells[...]
                while let cell = remaining.first, try await !runsNow(cell, open: &open, summary: &summary) {
                    remaining.removeFirst()
                }
                guard !remaining.isEmpty else { continue }
                let setup = try await runSequence(group.setup, group: group.key, logs: logs)
                if let failure = setup.failure {
                    for cell in remaining where open.contains(cell.id) {
                        try publishUnrun(cell, reason: "group setup failed: \(failure)")
                        open.remove(cell.id)
                        summary.failed += 1
                    }
                } else {
                    for (index, cell) in remaining.enumerated() {
                        if interrupted { break }
                        if index > 0, try await !runsNow(cell, open: &open, summary: &summary) { continue }
                        open.remove(cell.id)
                        let ok = try await runCellWithRetries(cell)
                        switch ok {
                        case .ok: summary.succeeded += 1
                        case .failed: summary.failed += 1
                        case .interrupted: break
                        }
                        if ok == .failed, options.onFailure == .stop {
                            summary.stoppedAfterFailure = true
                            break
                        }
                    }
                }
                _ = try await runSequence(group.teardown, group: group.key, logs: logs, created: setup.created)
                if interrupted || summary.stoppedAfterFailure { break passes }
            }
            if open.count == before { break }
        }
        _ = try await runSequence(plan.teardown, group: "run", logs: runLogs, created: [])
    }

    /// Whether the adaptive rules run `cell` now. A skip is journalled (`cell-skipped`), reported and closes the
    /// cell for this run; a probe is journalled (`probe-chosen`); a cell to wait for stays open for the next pass.
    private func runsNow(_ cell: Cell, open: inout Set<String>, summary: inout RunSummary) async throws -> Bool {
        switch await decider.decide(cell) {
        case .run:
            return true
        case .wait:
            return false
        case .probe(let rule, let reason):
            try journal(.probeChosen, cell, rule: rule, reason: reason, note: "chosen")
            return true
        case .skip(let rule, let reason):
            try journal(.cellSkipped, cell, rule: rule, reason: reason, note: "skipped")
            open.remove(cell.id)
            summary.skippedByRules += 1
            return false
        }
    }

    /// Journals a rule's decision about `cell` (the rule as `kind`, its reason) and shows it.
    private func journal(_ name: JournalEvent.Name, _ cell: Cell, rule: String, reason: String, note: String) throws {
        var event = JournalEvent(name)
        event.cell = cell.id
        event.kind = rule
        event.reason = reason
        try append(event)
        progress.note("cell \(cell.id) \(note): \(reason)")
    }

    // MARK: - Directory

    /// Takes over an existing directory (same run id) or starts a new one; freezes the plan and its files.
    private func prepareDirectory() async throws {
        // A manifest without a run id is not a run to take over.
        let previous = RunManifest.load(path: directory.manifest).flatMap { $0.runID.isEmpty ? nil : $0 }
        runID = previous?.runID ?? Self.newRunID()
        environment = Command.environment(path: options.path, runID: runID)
        let now = Timestamp.now().iso8601
        let facts = await HostFacts.gather(host: host, environment: environment)
        let manifest = RunManifest(
            runID: runID, toolVersion: options.toolVersion, experiment: options.experiment ?? previous?.experiment,
            experimentName: plan.experiment, planFingerprint: plan.fingerprint, created: previous?.created ?? now,
            lastStarted: now, host: facts)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try FileSystem.writeAtomically(try encoder.encode(manifest), to: directory.manifest)
        try FileSystem.writeAtomically(Data(JSONRenderer().render(plan).utf8), to: directory.plan)
        for file in plan.files {
            let path = directory.files + "/" + file.name
            let data = Data(file.content.utf8)
            if FileSystem.read(path) == data { continue }
            try FileSystem.makeDirectory(FileSystem.parent(of: path))
            try FileSystem.writeAtomically(data, to: path)
        }
    }

    /// Moves stale and failed cells aside (never deleted) and returns every cell's state.
    private func moveAsideOutdated() throws -> [CellStatus] {
        let now = Timestamp.now()
        var statuses = directory.states(of: plan)
        for index in statuses.indices where options.selects(statuses[index].cell) {
            let status = statuses[index]
            let reason: String
            switch status.state {
            case .stale: reason = "stale"
            case .failed: reason = "failed"
            case .done, .pending, .skipped: continue
            }
            let destination = try FileSystem.moveAside(
                directory.result(status.cell), to: directory.aside(status.cell, reason: reason, time: now))
            var event = JournalEvent(.cellMoved)
            event.cell = status.cell.id
            event.status = reason
            event.fingerprint = status.record?.fingerprint
            event.path = String(destination.dropFirst(directory.root.count + 1))
            try append(event)
            progress.note("cell \(status.cell.id) is \(reason); old results moved to \(event.path ?? destination)")
            statuses[index].state = .pending
        }
        return statuses
    }

    static func newRunID() -> String {
        let random = (0..<3).map { _ in String(format: "%02x", UInt8.random(in: 0...255)) }.joined()
        return "\(Timestamp.now().compact)-\(random)"
    }

    // MARK: - Recovery

    /// Ends processes and tears down resources an interrupted run left, as recorded in the journal.
    private func recoverLeftovers() async {
        let events = Journal.read(path: directory.journal)
        let recovery = Recovery(events: events)
        for step in recovery.unfinishedSteps where step.host != nil { await endRemoteLeftover(step) }
        for step in recovery.unfinishedSteps {
            let leftovers = await Recovery.end(step, runID: runID, grace: options.stopGrace)
            guard !leftovers.isEmpty else { continue }
            for process in leftovers {
                var event = JournalEvent(.processEnded)
                event.step = step.step
                event.pid = process.pid
                event.pgid = process.processGroup
                event.argv = process.argv
                try? append(event)
            }
            progress.note("ended \(leftovers.count) leftover process(es) of an interrupted run: \(step.argv.joined(separator: " "))")
        }
        // The servers after their clients (a server whose client is gone ends its job at once).
        await recoverServers(events)
        // Newest first, as teardown undoes setup: mounts and datasets, then pools, then the loop devices beneath them.
        for resource in recovery.leftoverResources.reversed() {
            do {
                let done = try await resources.recover(resource, runID: runID, plan: plan, directory: directory)
                var event = JournalEvent(.resourceDestroyed)
                event.resource = resource
                event.reason = done ?? "nothing to do"
                try? append(event)
                if let done { progress.note("recovered \(resource.description): \(done)") }
            } catch {
                progress.warn("could not recover \(resource.description) of an interrupted run: \(error)")
            }
        }
    }

    // MARK: - Journal and fault injection

    /// The journal as the resource manager sees it: same file, same fault-injection boundaries.
    var resourceJournal: ResourceJournal {
        ResourceJournal(record: { [unowned self] event in try self.append(event) }, note: { [progress] in progress.note($0) })
    }

    func nextStepID() -> String {
        stepCounter += 1
        return "\(getpid()).\(stepCounter)"
    }

    /// Appends `event` to the journal (durably), then passes a step boundary: the fault-injection switch
    /// counts every journal event and may SIGKILL the runner right after one.
    func append(_ event: JournalEvent) throws {
        guard let journal else { return }
        try journal.append(event)
        boundaries += 1
        if let killAt = options.faultKillAt, boundaries == killAt {
            kill(getpid(), SIGKILL)
        }
    }

}
