import SweepRecords
#if canImport(Glibc)
    import Glibc
#endif
import SweepPlanner

/// Finds what an interrupted run left behind, from its journal.
package struct Recovery: Sendable {
    /// A step that was started and never finished.
    package struct UnfinishedStep: Hashable, Sendable {
        package var step: String
        package var pid: Int32
        package var processGroup: Int32
        package var argv: [String]
        /// For a step on another host: that host, and the stderr log whose first line names the remote pid.
        package var host: String?
        package var stderr: String?
        /// The step's pid (= process group) on its host, from `remote-process-started`; `nil` when the run died before
        /// it was journalled (the stderr log may still name it).
        package var remotePID: Int32?

        package init(step: String, pid: Int32, processGroup: Int32, argv: [String], host: String? = nil, stderr: String? = nil) {
            self.host = host
            self.stderr = stderr
            self.step = step
            self.pid = pid
            self.processGroup = processGroup
            self.argv = argv
        }
    }

    package var unfinishedSteps: [UnfinishedStep]
    /// Resources created and not destroyed, in creation order (a pool with the GUID journalled after its creation),
    /// and those of setup steps that never finished (the runner died during, or right after, the create: the
    /// resource may exist).
    package var leftoverResources: [JournalResource]

    package init(events: [JournalEvent]) {
        var started: [String: UnfinishedStep] = [:]
        var order: [String] = []
        var resources: [JournalResource] = []
        // Resources of setup steps started and not finished: created or not, recovery treats them as created.
        var creating: [String: JournalResource] = [:]
        for event in events {
            switch event.event {
            case .stepStarted:
                guard let step = event.step, let pid = event.pid else { continue }
                started[step] = UnfinishedStep(
                    step: step, pid: pid, processGroup: event.pgid ?? pid, argv: event.argv ?? [], host: event.host, stderr: event.stderr)
                order.append(step)
                if let resource = event.resourceCreatedOrCreating { creating[step] = resource }
            case .stepFinished:
                if let step = event.step {
                    started[step] = nil
                    creating[step] = nil
                }
            case .processEnded:
                if let step = event.step { started[step] = nil }
            case .remoteProcessStarted:
                if let step = event.step, let pid = event.pid { started[step]?.remotePID = pid }
            case .resourceCreated:
                guard let resource = event.resource else { continue }
                if let index = resources.firstIndex(where: { $0.isSame(as: resource) }) {
                    if resource.guid != nil { resources[index].guid = resource.guid }
                } else {
                    resources.append(resource)
                }
            case .resourceDestroyed:
                if let resource = event.resource { resources.removeAll { $0.isSame(as: resource) } }
            default:
                continue
            }
        }
        unfinishedSteps = order.compactMap { started[$0] }
        for step in order {
            if let resource = creating[step], !resources.contains(resource) { resources.append(resource) }
        }
        leftoverResources = resources
    }

    /// The live processes of `step` that belong to run `runID`: members of its process group that carry the
    /// run marker, the group leader only if its command line is the recorded argv (or the program a recorded `env NAME=VALUE…` exec'd).
    package static func leftovers(of step: UnfinishedStep, runID: String) -> [ProcessEntry] {
        ProcessTable.members(of: step.processGroup).filter { entry in
            guard entry.runID == runID, entry.pid != getpid() else { return false }
            return entry.pid != step.pid || LiveProcess.commandLine(entry.argv, runs: step.argv)
        }
    }

    /// The managed fio servers `events` journal as started and not stopped, by host name (sorted), with their pid on
    /// that host: what `resume`, `run` and `clean` stop after a crash.
    package static func openServers(in events: [JournalEvent]) -> [(host: String, pid: Int32)] {
        var open: [String: Int32] = [:]
        for event in events {
            guard let host = event.host, let pid = event.pid else { continue }
            if event.event == .serverStarted { open[host] = pid }
            if event.event == .serverStopped, open[host] == pid { open[host] = nil }
        }
        return open.sorted { $0.key < $1.key }.map { (host: $0.key, pid: $0.value) }
    }

    /// Ends the leftovers of `step` (``leftovers(of:runID:)``): SIGTERM, up to `grace` seconds, then SIGKILL, each
    /// signal sent to the group's members as they are when it is sent, and the group watched until none is left —
    /// not a snapshot: a leader killed while it starts forks its children after a first look (an fio job process
    /// left running beside the resumed cell's own, or stuck on its dead parent's semaphore). Returns every process
    /// signalled, in pid order.
    @discardableResult
    package static func end(_ step: UnfinishedStep, runID: String, grace: Double) async -> [ProcessEntry] {
        var signalled: [Int32: ProcessEntry] = [:]
        _ = await ProcessControl.escalate(
            ProcessControl.terminateSequence(grace: grace, killGrace: 0),
            send: { signal in
                for process in leftovers(of: step, runID: runID) where alive(process) {
                    signalled[process.pid] = process
                    kill(process.pid, signal)
                }
            },
            ended: { leftovers(of: step, runID: runID).allSatisfy { !alive($0) } })
        return signalled.values.sorted { $0.pid < $1.pid }
    }

    private static func alive(_ process: ProcessEntry) -> Bool {
        ProcessTable.processGroup(of: process.pid) == process.processGroup
    }
}
