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

    /// One attempt: collectors around the workload, then `cell.json` and the atomic publish.
    func runCell(_ cell: Cell, attempt: Int, publishFailure: Bool) async throws -> CellOutcome {
        let partial = directory.partial(cell)
        try FileSystem.remove(partial)
        try FileSystem.makeDirectory(partial + "/logs")
        let start = Timestamp.now()
        let clock = Timestamp.monotonic()
        var event = JournalEvent(.cellStarted, time: start)
        event.cell = cell.id
        event.fingerprint = cell.fingerprint
        event.status = attempt > 1 ? "attempt \(attempt)" : nil
        try append(event)
        progress.cellStarted(cell.id, estimatedSeconds: cell.estimatedSeconds)

        bindings["cell"] = partial
        let unobservable = bindWorkloadDevice(cell, partial: partial)
        let place = StepPlace(cell: cell.id, group: nil, directory: partial, logs: partial + "/logs", recordBase: partial)
        var steps: [StepRecord] = []
        var collectors: [CollectorRecord] = []
        var running: [ActiveCollector] = []
        var failure: String?
        var ranFio = false
        var publishIndex: Int?

        steps: for (index, step) in cell.steps.enumerated() {
            if interrupted { break }
            switch step.kind {
            case .publish:
                publishIndex = index
                break steps
            case .collector:
                guard failure == nil else { continue }
                if let unobservable, step.argv.contains(where: { $0.contains(Placeholder.workloadDevice) }) {
                    collectors.append(
                        CollectorRecord(
                            name: step.collector?.name ?? logName(step, index: index), required: step.collector?.required ?? false,
                            status: .failed, exit: nil, signal: nil, stoppedWith: nil, output: nil,
                            reason: "not started: \(unobservable)"))
                    continue
                }
                let (active, failed) = try await launch(step, index: index, place: place)
                if let active {
                    running.append(active)
                } else if let failed {
                    steps.append(failed.record)
                    let role = step.collector
                    collectors.append(
                        CollectorRecord(
                            name: role?.name ?? logName(step, index: index), required: role?.required ?? false,
                            status: .failed, exit: failed.record.exit, signal: nil, stoppedWith: nil,
                            output: failed.record.stdout, reason: failed.failure))
                }
            default:
                guard failure == nil else { continue }
                let result = try await execute(step, index: index, place: place)
                steps.append(result.record)
                if step.kind == .workload {
                    ranFio = ranFio || Self.isFio(result.record.argv)
                    let (stopped, records) = try await stop(running, place: place)
                    steps += stopped
                    collectors += records
                    running = []
                }
                if !result.ok, !interrupted { failure = result.failure }
            }
        }
        let (stopped, records) = try await stop(running, place: place)
        steps += stopped
        collectors += records
        if interrupted { return .interrupted }
        for collector in collectors where collector.status != .ok {
            let what = collector.status == .failed ? "failed" : "exited early"
            progress.warn(
                "cell \(cell.id): collector \(collector.name) \(what)\(collector.required ? "" : " (not required)"): "
                    + (collector.reason ?? ""))
        }

        let metrics = FileSystem.read(partial + "/" + RunLayout.fioOutput).flatMap(Headline.read(fioOutput:))
        if failure == nil, ranFio {
            if metrics == nil {
                failure = "\(RunLayout.fioOutput) is missing or holds no fio JSON document"
            } else if let errors = metrics?.jobErrors, let first = errors.first {
                failure = "fio reported job error \(first) (\(String(cString: strerror(Int32(first)))))"
            }
        }
        if failure == nil, let bad = collectors.first(where: { $0.required && $0.status != .ok }) {
            failure = "required collector \(bad.name) \(bad.status == .failed ? "failed" : "exited early"): \(bad.reason ?? "")"
        }
        let end = Timestamp.now()
        let record = CellRecord(
            id: cell.id, values: cell.values, resultPath: cell.resultPath, fingerprint: cell.fingerprint,
            status: failure == nil ? .ok : .failed, reason: failure, attempt: attempt, start: start.iso8601,
            end: end.iso8601, seconds: Timestamp.monotonic() - clock, steps: steps, collectors: collectors,
            metrics: metrics, devices: scratchDevices)
        try FileSystem.writeDurably(try record.encoded(), to: partial + "/" + RunLayout.cellRecord)

        if failure == nil || publishFailure {
            try publish(cell, from: partial)
        } else {
            let aside = directory.aside(cell, reason: "failed", time: end)
            try FileSystem.moveAside(partial, to: aside)
        }
        var finished = JournalEvent(.cellFinished)
        finished.cell = cell.id
        finished.status = record.status?.rawValue
        finished.reason = failure
        finished.seconds = (record.seconds * 1000).rounded() / 1000
        try append(finished)
        progress.cellFinished(
            cell.id, ok: failure == nil, seconds: record.seconds, estimatedSeconds: cell.estimatedSeconds,
            headline: metrics, reason: failure)

        // Steps after the publish step (after-cell hooks) see the published directory.
        if let publishIndex, publishIndex + 1 < cell.steps.count, !interrupted {
            bindings["cell"] = directory.result(cell)
            let published = StepPlace(
                cell: cell.id, group: nil, directory: directory.result(cell), logs: directory.result(cell) + "/logs",
                recordBase: directory.result(cell))
            for index in (publishIndex + 1)..<cell.steps.count where cell.steps[index].kind != .collector {
                _ = try await execute(cell.steps[index], index: index, place: published)
            }
        }
        return failure == nil ? .ok : .failed
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
        var finished = JournalEvent(.cellFinished)
        finished.cell = cell.id
        finished.status = CellRecord.Status.failed.rawValue
        finished.reason = reason
        try append(finished)
        progress.cellFinished(cell.id, ok: false, seconds: 0, estimatedSeconds: nil, headline: nil, reason: reason)
    }

    /// Whether `argv` runs fio (directly or through sudo).
    static func isFio(_ argv: [String]) -> Bool {
        argv.prefix(2).contains { ($0.split(separator: "/").last.map(String.init) ?? $0) == "fio" }
    }
}
