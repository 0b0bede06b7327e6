import Foundation
import SweepModel
import SweepPlanner
import SweepRecords

extension Runner {
    /// Before anything destructive: every host a step runs on answers over ssh (within the connect timeout); every
    /// fio client has the controller's fio version; each managed server's port is free, each external one's
    /// listening. Throws ``RunRefusal`` naming the host.
    func preflightHosts() async throws {
        var used = Set(plan.setup.compactMap(\.host) + plan.teardown.compactMap(\.host))
        for group in plan.groups {
            used.formUnion(group.setup.compactMap(\.host))
            for cell in group.cells { used.formUnion(cell.steps.compactMap(\.host)) }
        }
        used.formUnion(plan.fioClients?.hosts ?? [])
        for name in hosts.remoteNames where used.contains(name) {
            guard let ssh = hosts.ssh(name) else { continue }
            let answer: CommandResult
            do {
                answer = try await ssh.run(["true"])
            } catch {
                throw RunRefusal("host \(name) (\(ssh.destination)) cannot be reached over ssh: \(error)")
            }
            guard answer.succeeded else {
                let why = answer.stderr.split(separator: "\n").last.map(String.init) ?? answer.termination.description
                throw RunRefusal(
                    "host \(name) (\(ssh.destination)) cannot be reached over ssh: \(why) — check its address, its sshd and the key in ssh-options"
                )
            }
        }
        guard let clients = plan.fioClients, !clients.hosts.isEmpty else { return }
        let controller: String
        do {
            controller = try await FioServer.version(on: hosts.local, environment: environment)
        } catch {
            throw RunRefusal("fio does not run on this machine: \(error)")
        }
        for name in clients.hosts {
            let server = fioServer(name)
            do {
                try await server.checkVersion(controller: controller, environment: environment)
                let free = try await server.portIsFree(environment: environment)
                switch clients.servers {
                case .managed where !free:
                    throw RunRefusal(
                        "port \(server.port) on \(name) is in use, so iosweep cannot start its fio server there: stop what listens "
                            + "on it, set another fio-port for \(name), or declare servers: external")
                case .external where free:
                    throw RunRefusal(
                        "no fio server listens on \(name) port \(server.port) (servers: external): start `fio --server=\(server.endpoint)` there"
                    )
                default:
                    break
                }
            } catch let refusal as RunRefusal {
                throw refusal
            } catch {
                throw RunRefusal("\(error)")
            }
        }
    }

    /// Adds the facts of every host reached over ssh to `iosweep-run.json` (after the preflight: each answers).
    func recordHostFacts() async throws {
        let names = hosts.remoteNames
        guard !names.isEmpty, var manifest = RunManifest.load(path: directory.manifest) else { return }
        let environment = environment
        let gathered = await withTaskGroup(of: (String, HostFacts)?.self) { group in
            for name in names {
                guard let ssh = hosts.ssh(name) else { continue }
                group.addTask { (name, await HostFacts.gather(host: ssh, environment: environment, remote: true)) }
            }
            var facts: [String: HostFacts] = [:]
            for await case let (name, found)? in group { facts[name] = found }
            return facts
        }
        manifest.hosts.merge(gathered) { _, new in new }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try FileSystem.writeAtomically(try encoder.encode(manifest), to: directory.manifest)
    }

    /// Journals where a remote step's process runs on its host (`remote-process-started`: host, pid, process group) as
    /// soon as its shell names it — within about a second, or not at all for a step that ended first.
    func journalRemoteProcess(_ process: any RunningProcess, step: String, host: String) async throws {
        guard let remote = process as? RemoteProcess else { return }
        for _ in 0..<100 {
            if let pid = remote.remotePID {
                var event = JournalEvent(.remoteProcessStarted)
                event.step = step
                event.host = host
                event.pid = pid
                event.pgid = pid
                try append(event)
                return
            }
            if remote.termination != nil { return }
            try await Task.sleep(nanoseconds: 10_000_000)
        }
    }

    /// Ends the remote process of a step an interrupted run left on another host: its pid from the journal
    /// (`remote-process-started`), else from the first line of the step's stderr log; its process group signalled (TERM, then KILL) only while `/proc` on that host shows a
    /// process of this run (its environment carries the run's marker).
    func endRemoteLeftover(_ step: Recovery.UnfinishedStep) async {
        guard let name = step.host, let ssh = hosts.ssh(name) else { return }
        guard let pid = step.remotePID ?? RemoteProcess(local: NoLocalProcess(), host: ssh, stderrPath: step.stderr).remotePID else {
            return
        }
        func ours() async -> Bool {
            guard let environ = try? await ssh.run(["cat", "/proc/\(pid)/environ"], environment: environment, limit: 1 << 20),
                environ.succeeded
            else { return false }
            return environ.stdout.split(separator: "\0").contains { $0 == "\(RunMarker.environmentKey)=\(runID)" }
        }
        guard await ours() else { return }
        for signal in ["TERM", "KILL"] {
            _ = try? await ssh.run(["kill", "-\(signal)", "--", "-\(pid)"], environment: environment, limit: CommandResult.defaultLimit)
            for _ in 0..<20 {
                if await !ours() {
                    var event = JournalEvent(.processEnded)
                    event.step = step.step
                    event.host = name
                    event.pid = pid
                    try? append(event)
                    progress.note("\(name): ended the leftover process \(pid) of an interrupted run (\(step.argv.last ?? ""))")
                    return
                }
                try? await Task.sleep(nanoseconds: 100_000_000)
            }
        }
        progress.warn("\(name): the leftover process \(pid) of an interrupted run survived SIGKILL")
    }

    /// The managed fio server of client `name`.
    func fioServer(_ name: String) -> FioServer { hosts.fioServer(name, runID: runID) }

    /// Starts the managed fio server of every client (journalled with its host and pid).
    func startServers() async throws {
        guard let clients = plan.fioClients, clients.servers == .managed else { return }
        for name in clients.hosts where servers[name] == nil { try await startServer(name) }
    }

    private func startServer(_ name: String) async throws {
        let server = fioServer(name)
        let pid: Int32
        do {
            pid = try await server.start(environment: environment)
        } catch {
            throw RunRefusal("\(error)")
        }
        servers[name] = (server, pid)
        var event = JournalEvent(.serverStarted)
        event.host = name
        event.pid = pid
        event.argv = ["fio", "--server=\(server.endpoint)"]
        try append(event)
        progress.note("started the fio server on \(name) (\(server.endpoint), pid \(pid))")
    }

    /// Before a cell: starts again every managed server that is gone (a host lost during the previous cell).
    func restartLostServers() async throws {
        for name in servers.keys.sorted() {
            guard let (server, pid) = servers[name], try await !server.isAlive(pid, environment: environment) else { continue }
            servers[name] = nil
            try await startServer(name)
        }
    }

    /// The client hosts whose managed server is gone: what a failed client workload names.
    func lostServers() async -> [String] {
        var lost: [String] = []
        for name in servers.keys.sorted() {
            guard let (server, pid) = servers[name] else { continue }
            if (try? await server.isAlive(pid, environment: environment)) != true { lost.append(name) }
        }
        return lost
    }

    /// Stops every managed server this invocation started (journalled).
    func stopServers() async {
        let environment = environment
        let running = servers.keys.sorted().compactMap { name in servers[name].map { (name, $0.server, $0.pid) } }
        // Together: each stop is a few ssh round trips.
        let outcomes = await withTaskGroup(of: (String, Int32, String?).self) { group in
            for (name, server, pid) in running {
                group.addTask {
                    do {
                        try await server.stop(pid, environment: environment)
                        return (name, pid, nil)
                    } catch {
                        return (name, pid, "\(error)")
                    }
                }
            }
            var outcomes: [(String, Int32, String?)] = []
            for await outcome in group { outcomes.append(outcome) }
            return outcomes.sorted { $0.0 < $1.0 }
        }
        for (name, pid, failure) in outcomes {
            if let failure {
                progress.warn("could not stop the fio server on \(name) (pid \(pid)): \(failure)")
                continue
            }
            var event = JournalEvent(.serverStopped)
            event.host = name
            event.pid = pid
            try? append(event)
        }
        servers = [:]
    }

    /// Stops the managed servers an interrupted run left on their hosts (only those `/proc` there shows are that
    /// run's server), saying what it did per host.
    func recoverServers(_ events: [JournalEvent]) async {
        for (name, pid) in Recovery.openServers(in: events) {
            do {
                let stopped = try await fioServer(name).stop(pid, environment: environment)
                var event = JournalEvent(.serverStopped)
                event.host = name
                event.pid = pid
                event.reason = stopped ? "left by an interrupted run" : "already gone"
                try? append(event)
                if stopped { progress.note("\(name): stopped the fio server (pid \(pid)) an interrupted run left") }
            } catch {
                progress.warn("\(name): could not stop the fio server (pid \(pid)) of an interrupted run: \(error)")
            }
        }
    }
}

/// A ``RunningProcess`` that never ran: the local side of a remote process known only from its log.
private struct NoLocalProcess: RunningProcess {
    var pid: Int32 { 0 }
    var processGroup: Int32 { 0 }
    var termination: Termination? { .exited(0) }
    func signal(_ signal: Int32) {}
    func wait(upTo seconds: Double?) async -> Termination? { termination }
}
