import SweepModel
import Foundation
import SweepRecords
import SweepPlanner

/// How a cell attempt ended.
enum CellOutcome: Equatable {
    case ok
    case failed
    /// Stopped by a signal: not published, `.partial/<id>` left for the next run to clean.
    case interrupted
}

extension Runner {
    /// Runs `cell` up to `1 + retries` times; failed attempts before the last are moved to `.failed/`.
    func runCellWithRetries(_ cell: Cell) async throws -> CellOutcome {
        var attempt = 1
        while true {
            let lastAttempt = attempt > options.retries
            let outcome = try await runCell(cell, attempt: attempt, publishFailure: lastAttempt)
            if outcome != .failed || lastAttempt || interrupted { return outcome }
            progress.note("retrying cell \(cell.id) (attempt \(attempt + 1) of \(options.retries + 1))")
            attempt += 1
        }
    }

    /// What running a cell's steps gave: their records, the collectors', the first failure, and where the
    /// publish step is (the steps after it run in the published directory).
    private struct CellExecution {
        var steps: [StepRecord] = []
        var collectors: [CollectorRecord] = []
        var failure: String?
        var ranFio = false
        var publishIndex: Int?
        /// The resources the cell's setup steps created: only those are torn down after the publish step.
        var created = Set<Resource>()
    }

    /// One attempt, in its phases: start (journal, `.partial/<id>`), the steps (collectors around the workload),
    /// the verdict (fio's output, required collectors), `cell.json` and the atomic publish, then the steps after
    /// the publish step.
    func runCell(_ cell: Cell, attempt: Int, publishFailure: Bool) async throws -> CellOutcome {
        let partial = directory.partial(cell)
        let start = Timestamp.now()
        let clock = Timestamp.monotonic()
        try startCell(cell, attempt: attempt, partial: partial, time: start)
        // After a failed cell a server may be gone: started again before the next (no ssh round trip otherwise).
        if serversSuspect {
            try await restartLostServers()
            serversSuspect = false
        }
        var execution = try await runSteps(of: cell, in: partial)
        if interrupted { return .interrupted }
        if let failure = execution.failure, !servers.isEmpty {
            serversSuspect = true
            let lost = await lostServers()
            if !lost.isEmpty {
                execution.failure = "the fio server on \(lost.joined(separator: ", ")) is gone (host lost during the cell): \(failure)"
            }
        }
        let metrics = judge(&execution, of: cell, in: partial)
        let end = Timestamp.now()
        let record = CellRecord(
            id: cell.id, values: cell.values, resultPath: cell.resultPath, fingerprint: cell.fingerprint,
            status: execution.failure == nil ? .ok : .failed, reason: execution.failure, attempt: attempt, start: start.iso8601,
            end: end.iso8601, seconds: Timestamp.monotonic() - clock, steps: execution.steps, collectors: execution.collectors,
            metrics: metrics, devices: scratchDevices)
        try FileSystem.writeDurably(try record.encoded(), to: partial + "/" + RunLayout.cellRecord)
        let landed: String
        if execution.failure == nil || publishFailure {
            try publish(cell, from: partial)
            landed = directory.result(cell)
        } else {
            landed = try FileSystem.moveAside(partial, to: directory.aside(cell, reason: "failed", time: end))
        }
        try finished(cell, record: record, estimatedSeconds: cell.estimatedSeconds)
        // The steps after the publish step (after-cell hooks, the cell's own teardown: an unmount, a pool destroyed)
        // run after a failed attempt too, in the directory it was moved to.
        if let publishIndex = execution.publishIndex, !interrupted {
            try await runAfterPublish(cell, from: publishIndex + 1, in: landed, created: execution.created)
        }
        return execution.failure == nil ? .ok : .failed
    }

    /// A fresh `.partial/<id>` with its `logs`, the `cell-started` event, the progress line.
    private func startCell(_ cell: Cell, attempt: Int, partial: String, time: Timestamp) throws {
        try FileSystem.remove(partial)
        try FileSystem.makeDirectory(partial + "/logs")
        var event = JournalEvent(.cellStarted, time: time)
        event.cell = cell.id
        event.fingerprint = cell.fingerprint
        event.status = attempt > 1 ? "attempt \(attempt)" : nil
        try append(event)
        progress.cellStarted(cell.id, estimatedSeconds: cell.estimatedSeconds)
    }

    /// The cell's steps up to its publish step in `partial`: collectors started in the background and stopped
    /// after the workload (or at the end), the rest run in order; after a failure only the collectors' stops.
    private func runSteps(of cell: Cell, in partial: String) async throws -> CellExecution {
        bindings["cell"] = partial
        let unobservable = bindWorkloadDevice(cell, partial: partial)
        let place = StepPlace(cell: cell.id, group: nil, directory: partial, logs: partial + "/logs", recordBase: partial)
        var execution = CellExecution()
        var running: [ActiveCollector] = []
        steps: for (index, step) in cell.steps.enumerated() {
            if interrupted { break }
            switch step.kind {
            case .publish:
                execution.publishIndex = index
                break steps
            case .collector:
                guard execution.failure == nil else { continue }
                let name = step.collector?.name ?? logName(step, index: index)
                let required = step.collector?.required ?? false
                if let unobservable, step.argv.contains(where: { $0.contains(Placeholder.workloadDevice) }) {
                    execution.collectors.append(
                        CollectorRecord(
                            name: name, required: required, status: .failed, exit: nil, signal: nil, stoppedWith: nil, output: nil,
                            reason: "not started: \(unobservable)"))
                    continue
                }
                let (active, failed) = try await launch(step, index: index, place: place)
                if let active {
                    running.append(active)
                } else if let failed {
                    execution.steps.append(failed.record)
                    execution.collectors.append(
                        CollectorRecord(
                            name: name, required: required, status: .failed, exit: failed.record.exit, signal: nil, stoppedWith: nil,
                            output: failed.record.stdout, reason: failed.failure))
                }
            default:
                guard execution.failure == nil else { continue }
                let result = try await execute(step, index: index, place: place)
                execution.steps.append(result.record)
                if result.ok, step.kind == .setup, let resource = step.resource { execution.created.insert(resource) }
                if step.kind == .workload {
                    execution.ranFio = execution.ranFio || Self.isFio(result.record.argv)
                    let (stopped, records) = try await stop(running, place: place)
                    execution.steps += stopped
                    execution.collectors += records
                    running = []
                }
                if !result.ok, !interrupted { execution.failure = result.failure }
            }
        }
        let (stopped, records) = try await stop(running, place: place)
        execution.steps += stopped
        execution.collectors += records
        return execution
    }

    /// Warns of every collector that failed or ended early, reads fio's headline from `partial`, and fails the
    /// cell (unless it already failed) when fio ran but left no document or reported a job error, or when a
    /// required collector failed. Returns the headline.
    private func judge(_ execution: inout CellExecution, of cell: Cell, in partial: String) -> Headline? {
        for collector in execution.collectors where collector.status != .ok {
            let what = collector.status == .failed ? "failed" : "exited early"
            progress.warn(
                "cell \(cell.id): collector \(collector.name) \(what)\(collector.required ? "" : " (not required)"): "
                    + (collector.reason ?? ""))
        }
        let metrics = FileSystem.read(partial + "/" + RunLayout.fioOutput).flatMap(Headline.read(fioOutput:))
        if execution.failure == nil, execution.ranFio {
            if metrics == nil {
                execution.failure = "\(RunLayout.fioOutput) is missing or holds no fio JSON document"
            } else if let errors = metrics?.jobErrors, let first = errors.first {
                execution.failure = "fio reported job error \(first) (\(String(cString: strerror(Int32(first)))))"
            }
        }
        if execution.failure == nil, let bad = execution.collectors.first(where: { $0.required && $0.status != .ok }) {
            execution.failure = "required collector \(bad.name) \(bad.status == .failed ? "failed" : "exited early"): \(bad.reason ?? "")"
        }
        return metrics
    }

    /// The `cell-finished` event and progress line of a cell whose `record` is written.
    private func finished(_ cell: Cell, record: CellRecord, estimatedSeconds: Double?) throws {
        var event = JournalEvent(.cellFinished)
        event.cell = cell.id
        event.status = record.status?.rawValue
        event.reason = record.reason
        event.seconds = (record.seconds * 1000).rounded() / 1000
        try append(event)
        progress.cellFinished(
            cell.id, ok: record.status == .ok, seconds: record.seconds, estimatedSeconds: estimatedSeconds, headline: record.metrics,
            reason: record.reason)
    }

    /// The steps from `first` on (after-cell hooks, the cell's teardown), run in `published` (the published or
    /// moved-aside directory), which they see.
    /// A teardown of a resource the cell did not create (its setup failed) is not run.
    private func runAfterPublish(_ cell: Cell, from first: Int, in published: String, created: Set<Resource>) async throws {
        guard first < cell.steps.count else { return }
        bindings["cell"] = published
        let place = StepPlace(cell: cell.id, group: nil, directory: published, logs: published + "/logs", recordBase: published)
        for index in first..<cell.steps.count where cell.steps[index].kind != .collector {
            if cell.steps[index].kind == .teardown, let resource = cell.steps[index].resource, !created.contains(resource) { continue }
            let result = try await executeRetryingBusy(cell.steps[index], index: index, place: place)
            if !result.ok { progress.warn("cell \(cell.id): \(cell.steps[index].kind.rawValue) step failed: \(result.failure ?? "")") }
        }
    }

    /// The devices bound to the plan's scratch disks in this invocation, and the workload directory's device
    /// (`workload_device`) when the cell's collectors default to it; `nil` when there are none.
    private var scratchDevices: [String: String]? {
        var pairs = plan.scratch.compactMap { disk in bindings[disk.name].map { (disk.name, $0) } }
        if let device = bindings[Placeholder.workloadDeviceName] { pairs.append((Placeholder.workloadDeviceName, "/dev/" + device)) }
        return pairs.isEmpty ? nil : Dictionary(pairs, uniquingKeysWith: { first, _ in first })
    }

    /// Binds `@{workload_device}` for `cell` when its steps use it: the block device under fio's `--directory`
    /// (its first `:`-separated entry, relative to the cell directory), else under the cell directory. Returns
    /// why there is none (a file system without a block device), so its collectors are skipped.
    private func bindWorkloadDevice(_ cell: Cell, partial: String) -> String? {
        bindings[Placeholder.workloadDeviceName] = nil
        guard cell.steps.contains(where: { $0.argv.contains { $0.contains(Placeholder.workloadDevice) } }) else { return nil }
        var directory = partial
        if let workload = cell.steps.first(where: { $0.kind == .workload }), Self.isFio(workload.argv),
            let option = bind(workload.argv).last(where: { $0.hasPrefix("--directory=") })
        {
            let first = option.dropFirst("--directory=".count).split(separator: ":").first.map(String.init) ?? ""
            if !first.isEmpty { directory = first.hasPrefix("/") ? first : partial + "/" + first }
        }
        switch WorkloadDevice.resolve(directory) {
        case .device(let name):
            bindings[Placeholder.workloadDeviceName] = name
            return nil
        case .none(let reason):
            return "no block device to sample: \(reason)"
        }
    }

    /// Renames `.partial/<id>` to the cell's result path, moving anything in the way aside first.
    /// Every file in it (fio output, collector files, logs) is fsync'd before the rename, so a published
    /// cell never holds a truncated file after a power loss.
    private func publish(_ cell: Cell, from partial: String) throws {
        FileSystem.syncTree(partial)
        let destination = directory.result(cell)
        if FileSystem.exists(destination) {
            try FileSystem.moveAside(destination, to: directory.aside(cell, reason: "stale", time: .now()))
        }
        try FileSystem.makeDirectory(FileSystem.parent(of: destination))
        try FileSystem.rename(partial, to: destination)
    }

    /// Publishes a `failed` record for a cell that could not run (its group's setup failed).
    func publishUnrun(_ cell: Cell, reason: String) throws {
        let partial = directory.partial(cell)
        try FileSystem.remove(partial)
        try FileSystem.makeDirectory(partial)
        let now = Timestamp.now()
        let record = CellRecord(
            id: cell.id, values: cell.values, resultPath: cell.resultPath, fingerprint: cell.fingerprint,
            status: .failed, reason: reason, attempt: 1, start: now.iso8601, end: now.iso8601, seconds: 0, steps: [],
            collectors: [], metrics: nil)
        try FileSystem.writeDurably(try record.encoded(), to: partial + "/" + RunLayout.cellRecord)
        try publish(cell, from: partial)
        try finished(cell, record: record, estimatedSeconds: nil)
    }

    /// Whether `argv` runs fio (directly or through sudo).
    static func isFio(_ argv: [String]) -> Bool {
        argv.prefix(2).contains { ($0.split(separator: "/").last.map(String.init) ?? $0) == "fio" }
    }
}
