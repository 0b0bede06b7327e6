import Foundation
import SweepRecords
import SweepPlanner

/// Where a step runs and where its output goes.
struct StepPlace {
    var cell: String?
    var group: String?
    /// Working directory, and the base of `Step.stdout`.
    var directory: String
    /// Directory of the step's log files.
    var logs: String
    /// How log paths are written in records: relative to this directory.
    var recordBase: String
    /// Teardown sequences run even after an interruption (a late foreground step is not signalled).
    var teardown = false
}

/// A step run to completion.
struct StepResult {
    var record: StepRecord
    var ok: Bool
    /// Why the step failed.
    var failure: String?
}

/// A collector running in the background.
struct ActiveCollector {
    var step: Step
    var stepID: String
    var process: any RunningProcess
    var record: StepRecord
    var started: Double
}

extension Runner {
    /// Runs run-level or group-level steps in order; stops at the first failure. Teardown steps that destroy a
    /// resource run only if `created` holds it (when given).
    func runSequence(
        _ steps: [Step], group: String, logs: String, created: Set<Resource>? = nil
    ) async throws -> (failure: String?, created: Set<Resource>) {
        var made = Set<Resource>()
        guard !steps.isEmpty else { return (nil, made) }
        try FileSystem.makeDirectory(logs)
        let isTeardown = created != nil
        let place = StepPlace(
            cell: nil, group: group, directory: directory.root, logs: logs, recordBase: directory.root,
            teardown: isTeardown)
        for (index, step) in steps.enumerated() {
            if let resource = step.resource, let created, !created.contains(resource) { continue }
            if interrupted && !isTeardown { return ("interrupted", made) }
            let result = try await executeRetryingBusy(step, index: index, place: place)
            if result.ok, step.kind == .setup, let resource = step.resource {
                made.insert(resource)
                if let identified = await resources.didCreate(bind(resource), runID: runID) {
                    var created = JournalEvent(.resourceCreated)
                    created.resource = identified
                    try append(created)
                }
            }
            if !result.ok {
                progress.warn("\(group): \(step.kind.rawValue) step failed: \(result.failure ?? "")")
                if !isTeardown { return (result.failure, made) }
            }
        }
        return (nil, made)
    }

    /// Binds placeholders in `step`'s argv.
    func bind(_ argv: [String]) -> [String] {
        argv.map { Placeholder.substitute($0, bindings) }
    }

    /// `resource` with its placeholders bound (a file system's mount point `@{results}/.mnt`), as the journal and
    /// the resource manager name it.
    func bind(_ resource: Resource) -> Resource {
        switch resource {
        case .filesystem(let mountpoint): .filesystem(Placeholder.substitute(mountpoint, bindings))
        case .pool, .dataset: resource
        }
    }

    /// Log file base name: `03-workload`, `01-collector-iostat-sdb`.
    func logName(_ step: Step, index: Int) -> String {
        var name = (index < 9 ? "0" : "") + "\(index + 1)-\(step.kind.rawValue)"
        if let collector = step.collector { name += "-" + RunDirectory.safeName(collector.name) }
        return name
    }

    /// Starts `step` and journals it; returns the process, or a failed record when it cannot start.
    func launch(_ step: Step, index: Int, place: StepPlace) async throws -> (ActiveCollector?, StepResult?) {
        let argv = bind(step.argv)
        let name = logName(step, index: index)
        let stdout = step.stdout.map { place.directory + "/" + $0 } ?? place.logs + "/" + name + ".stdout"
        let stderr = place.logs + "/" + name + ".stderr"
        if let stdoutParent = Optional(FileSystem.parent(of: stdout)), !FileSystem.isDirectory(stdoutParent) {
            try FileSystem.makeDirectory(stdoutParent)
        }
        if step.kind == .setup, let resource = step.resource {
            try await resources.willCreate(bind(resource), argv: argv, runID: runID)
        }
        let stepID = nextStepID()
        let start = Timestamp.now()
        let clock = Timestamp.monotonic()
        // Inputs (an fio client's job files) go into the step's directory, placeholders bound.
        for file in step.inputs ?? [] {
            try FileSystem.writeAtomically(Data(Placeholder.substitute(file.content, bindings).utf8), to: place.directory + "/" + file.name)
        }
        // A step on another host runs there through ssh, from no directory of this machine.
        let remote = hosts.ssh(step.host)
        let command = Command(
            argv: argv, environment: environment, workingDirectory: remote == nil ? place.directory : nil, stdoutPath: stdout,
            stderrPath: stderr)
        func relative(_ path: String) -> String {
            path.hasPrefix(place.recordBase + "/") ? String(path.dropFirst(place.recordBase.count + 1)) : path
        }
        var record = StepRecord(
            kind: step.kind.rawValue, argv: argv, pid: nil, exit: nil, signal: nil, timedOut: nil,
            start: start.iso8601, end: start.iso8601, seconds: 0, stdout: relative(stdout), stderr: relative(stderr),
            error: nil)
        let process: any RunningProcess
        do {
            process = try await hosts[step.host].start(command)
        } catch {
            record.error = "\(error)"
            record.exit = 127
            return (nil, StepResult(record: record, ok: false, failure: "\(error)"))
        }
        record.pid = process.pid
        let foreground = step.kind != .collector
        signals.track(process.processGroup, foreground: foreground)
        if foreground, interrupted, !place.teardown, step.kind != .teardown { process.signal(SIGINT) }
        var event = JournalEvent(.stepStarted, time: start)
        event.step = stepID
        event.cell = place.cell
        event.group = place.cell == nil ? place.group : nil
        event.kind = step.kind.rawValue
        // The process on this machine: for a remote step the ssh that carries it (recovery ends it, and so the session).
        event.argv = remote?.startArgv(argv, environment: environment) ?? argv
        event.host = remote == nil ? nil : step.host
        event.stderr = remote == nil ? nil : stderr
        event.pid = process.pid
        event.pgid = process.processGroup
        // A setup step's `step-started` names the resource it is creating; `resource-created` follows only once
        // the step succeeded (see `finish`).
        if step.kind == .setup, let resource = step.resource { event.resource = JournalResource(bind(resource)) }
        try append(event)
        if remote != nil, let host = step.host { try await journalRemoteProcess(process, step: stepID, host: host) }
        return (ActiveCollector(step: step, stepID: stepID, process: process, record: record, started: clock), nil)
    }

    /// Journals the end of a step (with `reason`, why a collector failed) and completes its record.
    func finish(
        _ active: ActiveCollector, outcome: ProcessControl.Outcome, place: StepPlace, reason: String? = nil
    ) throws -> StepRecord {
        signals.untrack(active.process.processGroup)
        var record = active.record
        let end = Timestamp.now()
        record.end = end.iso8601
        record.seconds = Timestamp.monotonic() - active.started
        switch outcome.termination {
        case .exited(let code): record.exit = code
        case .signaled(let signal): record.signal = signal
        }
        if outcome.timedOut { record.timedOut = true }
        var event = JournalEvent(.stepFinished, time: end)
        event.step = active.stepID
        event.cell = place.cell
        event.group = place.cell == nil ? place.group : nil
        event.kind = active.step.kind.rawValue
        event.pid = record.pid
        event.exit = record.exit
        event.signal = record.signal
        event.seconds = (record.seconds * 1000).rounded() / 1000
        event.reason = reason
        try append(event)
        // A resource is journalled as created only once it exists: a `zpool create` that failed made nothing.
        // Crash safety does not depend on this event: a kill between the create and this line leaves the
        // setup's `step-started` (which names the resource, see `launch`) without its `step-finished`, and
        // recovery and `clean` treat that resource as possibly created; they destroy only what carries the
        // run's marker (`iosweep:run=` on every pool iosweep creates, inherited by its datasets), and the
        // marked-pool sweeps (`prepareRun`, `finishRun`, `clean`) find such a pool without any journal entry.
        if active.step.kind == .setup, outcome.termination.isSuccess, let resource = active.step.resource {
            var created = JournalEvent(.resourceCreated)
            created.resource = JournalResource(bind(resource))
            created.step = active.stepID
            try append(created)
        }
        if active.step.kind == .teardown, outcome.termination.isSuccess, let resource = active.step.resource {
            var destroyed = JournalEvent(.resourceDestroyed)
            destroyed.resource = JournalResource(bind(resource))
            destroyed.step = active.stepID
            try append(destroyed)
        }
        return record
    }

    /// Runs `step` like ``execute(_:index:place:)``; a teardown of a resource that fails "busy" is tried again,
    /// briefly: a pool, dataset or mount is often busy for a moment after its last user ended (zfs-fuse answers the
    /// first destroy of a mounted dataset that way every time; an unmount right after fio exits, too).
    func executeRetryingBusy(_ step: Step, index: Int, place: StepPlace) async throws -> StepResult {
        var result = try await execute(step, index: index, place: place)
        var attempt = 1
        while !result.ok, step.kind == .teardown, step.resource != nil, attempt < 8, result.failure?.contains("busy") == true {
            try await Task.sleep(nanoseconds: UInt64(attempt) * 200_000_000)
            attempt += 1
            result = try await execute(step, index: index, place: place)
        }
        return result
    }

    /// Runs a foreground step to completion (with its timeout).
    func execute(_ step: Step, index: Int, place: StepPlace) async throws -> StepResult {
        let (launched, failed) = try await launch(step, index: index, place: place)
        guard let launched else {
            return failed ?? StepResult(record: launched?.record ?? emptyRecord(step), ok: false, failure: "cannot start")
        }
        let outcome = await ProcessControl.wait(launched.process, timeout: step.timeout, grace: options.stopGrace)
        let record = try finish(launched, outcome: outcome, place: place)
        guard outcome.termination.isSuccess else {
            var reason = "\(step.kind.rawValue) \(record.argv.first ?? "") ended with \(outcome.termination.description)"
            if outcome.timedOut { reason += " after its timeout of \(Self.wholeSeconds(step.timeout ?? 0)) s" }
            if let stderr = lastStderrLine(record, place: place) { reason += ": \(stderr)" }
            return StepResult(record: record, ok: false, failure: reason)
        }
        return StepResult(record: record, ok: true, failure: nil)
    }

    /// The last line its stderr log holds (`env: 'iostat': No such file or directory`), `nil` when empty.
    func lastStderrLine(_ record: StepRecord, place: StepPlace) -> String? {
        guard let stderr = record.stderr else { return nil }
        let line = FileSystem.tail(place.recordBase + "/" + stderr, limit: 2048).split(separator: "\n")
            .last { !$0.hasPrefix(RemoteProcess.pidLine + " ") }.map(String.init)
        return line?.isEmpty == false ? line : nil
    }

    private func emptyRecord(_ step: Step) -> StepRecord {
        let now = Timestamp.now().iso8601
        return StepRecord(
            kind: step.kind.rawValue, argv: bind(step.argv), pid: nil, exit: nil, signal: nil, timedOut: nil,
            start: now, end: now, seconds: 0, stdout: nil, stderr: nil, error: "cannot start")
    }

    /// Stops collectors together: each one's first signal, then TERM, then KILL, with a grace between.
    func stop(_ collectors: [ActiveCollector], place: StepPlace) async throws -> ([StepRecord], [CollectorRecord]) {
        guard !collectors.isEmpty else { return ([], []) }
        let grace = options.stopGrace
        let early = collectors.map { $0.process.termination }
        let outcomes = await withTaskGroup(of: (Int, ProcessControl.Outcome).self) { group in
            for (index, collector) in collectors.enumerated() {
                let first = SignalName.number(collector.step.collector?.stopSignal ?? "INT") ?? SIGINT
                let process = collector.process
                group.addTask {
                    (index, await ProcessControl.stop(process, sequence: ProcessControl.stopSequence(first: first, grace: grace)))
                }
            }
            var outcomes = [ProcessControl.Outcome?](repeating: nil, count: collectors.count)
            for await (index, outcome) in group { outcomes[index] = outcome }
            return outcomes
        }
        var steps: [StepRecord] = []
        var records: [CollectorRecord] = []
        for (index, collector) in collectors.enumerated() {
            let outcome =
                outcomes[index]
                ?? ProcessControl.Outcome(termination: .exited(-1), stoppedWith: nil, timedOut: false)
            let role = collector.step.collector
            var status = CollectorRecord.Status.ok
            var reason: String?
            if let ended = early[index] {
                status = ended.isSuccess ? .exitedEarly : .failed
                // Exit 127 is a program `env` (or sudo) did not find: its stderr says which.
                reason =
                    "ended before the workload finished (\(ended.description))"
                    + (lastStderrLine(collector.record, place: place).map { ": " + $0 } ?? "")
            }
            steps.append(try finish(collector, outcome: outcome, place: place, reason: reason))
            var exit: Int32?
            var signal: Int32?
            switch outcome.termination {
            case .exited(let code): exit = code
            case .signaled(let number): signal = number
            }
            records.append(
                CollectorRecord(
                    name: role?.name ?? logName(collector.step, index: index), required: role?.required ?? false,
                    status: status, exit: exit, signal: signal, stoppedWith: outcome.stoppedWith.map(SignalName.name(of:)),
                    output: collector.record.stdout, reason: reason))
        }
        return (steps, records)
    }

    /// Seconds as a whole number for messages, without trapping on a hand-written plan's `1e300`.
    static func wholeSeconds(_ seconds: Double) -> String {
        Int(exactly: seconds.rounded(.towardZero)).map(String.init) ?? "\(seconds)"
    }
}
