import SweepModel
import Foundation
import SweepRecords
import SweepPlanner

/// Tears down what a dead run left behind, read from its run directory: leftover process groups
/// (command lines verified), the file systems it left mounted (``RunMounts``: a source among its loop devices and
/// its plan's devices, and the run's label — any other mount is left alone), pools carrying the run's marker or the
/// GUID journalled when the run created them (a FAULTED pool's marker is unreadable), datasets it created on other
/// pools, its loop devices and their backing files once no imported pool and no mount uses them. Idempotent: a
/// second pass finds nothing to do.
package struct RunCleanup: Sendable {
    /// One thing done (or attempted) by a cleanup.
    package enum Action: Hashable, Sendable, CustomStringConvertible {
        case endedProcessGroup(pgid: Int32, command: [String])
        /// A managed fio server of the run, stopped on its host.
        case stoppedServer(host: String, pid: Int32)
        case unmounted(String)
        case destroyedPool(String)
        case destroyedDataset(String)
        case detached(LoopDevice)
        case deleted(file: String)
        /// Something that should have been torn down and was not; the cleanup goes on with the rest.
        case failed(String)

        package var description: String {
            switch self {
            case .endedProcessGroup(let pgid, let command):
                return "ended process group \(pgid) (\(command.joined(separator: " ")))"
            case .stoppedServer(let host, let pid): return "\(host): stopped the fio server (pid \(pid))"
            case .unmounted(let mountpoint): return "unmounted \(mountpoint)"
            case .destroyedPool(let name): return "destroyed pool \(name)"
            case .destroyedDataset(let name): return "destroyed dataset \(name)"
            case .detached(let device): return "detached \(device.path) (\(device.backingFile))"
            case .deleted(let file): return "deleted \(file)"
            case .failed(let reason): return "failed: \(reason)"
            }
        }
    }

    /// The run directory.
    package var directory: String
    package var host: any Host

    package init(directory: String, host: any Host = LocalHost()) {
        self.directory = directory
        self.host = host
    }

    /// Stops the servers started and not stopped in `events`, on the hosts of the frozen plan.
    private func stopServers(_ events: [JournalEvent], runID: String) async -> [Action] {
        let open = Recovery.openServers(in: events)
        guard !open.isEmpty, let plan = RunDirectoryRecord.plan(in: directory) else { return [] }
        let hosts = RunHosts(plan: plan, directory: directory)
        defer { Task { await hosts.closeConnections() } }
        let environment = Command.environment(path: RunOptions.defaultPath, runID: runID)
        var actions: [Action] = []
        for (name, pid) in open {
            let server = hosts.fioServer(name, runID: runID)
            do {
                if try await server.stop(pid, environment: environment) { actions.append(.stoppedServer(host: name, pid: pid)) }
            } catch {
                actions.append(.failed("\(name): fio server \(pid): \(error)"))
            }
        }
        return actions
    }

    /// Cleans up and returns what was done, in order. Throws ``RunCleanupError`` when the directory is not a
    /// run directory and ``RunLockError`` when a run is alive in it: its processes, pools and loop devices are
    /// in use, not left behind, so nothing is touched (the lock is held until the cleanup ends, so no run
    /// starts in the middle of it either).
    package func run() async throws -> [Action] {
        let runID = try RunDirectoryRecord.runID(in: directory)
        let lock = try RunLock(path: RunDirectory(root: directory).lock)
        defer { lock.release() }
        let events = try RunDirectoryRecord.journal(in: directory)
        var actions: [Action] = []

        // 1. Processes first: they may keep the pool busy.
        var groups: [Int32: [[String]]] = [:]
        var order: [Int32] = []
        for event in events where event.event == .processStarted || event.event == .stepStarted {
            guard let pid = event.pid, let argv = event.argv else { continue }
            let pgid = event.pgid ?? pid
            if groups[pgid] == nil { order.append(pgid) }
            groups[pgid, default: []].append(argv)
        }
        let recorded = order.map { LeftoverProcesses.Group(pgid: $0, argvs: groups[$0] ?? []) }
        for (group, members) in LeftoverProcesses.alive(recorded) {
            let command = members.first?.cmdline ?? []
            if await LeftoverProcesses.end(group) {
                actions.append(.endedProcessGroup(pgid: group.pgid, command: command))
            } else {
                actions.append(.failed("process group \(group.pgid) (\(command.joined(separator: " "))) survived SIGKILL"))
            }
        }

        // 1b. The managed fio servers the journal names on other hosts (each only if it is that run's server).
        actions += await stopServers(events, runID: runID)

        // 2. The run's mounts: they keep its devices busy.
        let resources = events.compactMap(\.resourceCreatedOrCreating)
        var files = unique(resources.filter { $0.kind == .loop }.compactMap(\.file))
        let realDevices = RunDirectoryRecord.plan(in: directory)?.realDevicesDestroyed ?? []
        let mounts = RunMounts(
            host: host, label: FilesystemLabel.of(runID: runID),
            devices: await RunMounts.devices(loopFiles: files, realDevices: realDevices, host: host))
        let unmounted = await mounts.unmountOurs()
        actions += unmounted.unmounted.map(Action.unmounted) + unmounted.failures.map(Action.failed)

        // 3. Pools with the run's marker (journalled or not), then journalled datasets on other pools.
        var guids: [String: String] = [:]
        for resource in resources where resource.kind == .pool { if let guid = resource.guid { guids[resource.name] = guid } }
        let zfs = ZFS(host: host)
        do {
            for pool in try await zfs.pools(markedWith: runID, guids: Set(guids.values)) {
                do {
                    if try await zfs.destroyPool(pool, runID: runID, guid: guids[pool]) { actions.append(.destroyedPool(pool)) }
                } catch {
                    actions.append(.failed("pool \(pool): \(error)"))
                }
            }
            for dataset in unique(resources.filter { $0.kind == .dataset }.map(\.name)).reversed() {
                do {
                    if try await zfs.destroyDataset(dataset, runID: runID) { actions.append(.destroyedDataset(dataset)) }
                } catch {
                    actions.append(.failed("dataset \(dataset): \(error)"))
                }
            }
        } catch {
            // No ZFS here (no zpool binary, no daemon) is only a failure if the run recorded ZFS resources.
            if resources.contains(where: { $0.kind == .pool || $0.kind == .dataset }) {
                actions.append(.failed("cannot list pools: \(error)"))
            }
        }

        // 4. Loop devices backed by the run's files, then the files; one still mounted (by anyone) is kept.
        if !files.isEmpty {
            do {
                // A loop device still in an imported pool (its destroy failed) is kept, and so is its file; all of
                // them while ZFS does not answer and the run made pools (one may still be on them).
                let inPools: Set<String>
                do {
                    inPools = try await zfs.devicesInUse()
                } catch let error where resources.contains(where: { $0.kind == .pool }) {
                    actions.append(.failed("ZFS does not answer (\(error)); loop devices kept: a pool of this run may be on them"))
                    return actions
                } catch {
                    inPools = []
                }
                let mounted = await mounts.mountedDevices()
                files = await host.resolved(files)
                for device in try await LoopDevice.backing(files, on: host)
                where inPools.contains(device.name) || mounted[device.name] != nil {
                    let why = inPools.contains(device.name) ? "is still in an imported pool" : "is still mounted"
                    actions.append(.failed("\(device.path) (\(device.backingFile)) \(why); kept"))
                    let kept = await host.resolved([device.backingFile])[0]
                    files.removeAll { $0 == kept }
                }
                let removal = try await LoopDevice.release(files, on: host)
                actions += removal.detached.map(Action.detached) + removal.deleted.map { Action.deleted(file: $0) }
            } catch {
                actions.append(.failed("loop devices: \(error)"))
            }
        }
        return actions
    }

    private func unique(_ names: [String]) -> [String] {
        var seen = Set<String>()
        return names.filter { seen.insert($0).inserted }
    }
}

/// Why a directory cannot be cleaned.
package enum RunCleanupError: Error, Hashable, Sendable, CustomStringConvertible {
    case notARunDirectory(path: String, reason: String)

    package var description: String {
        switch self {
        case .notARunDirectory(let path, let reason): return "\(path) is not an iosweep run directory: \(reason)"
        }
    }
}

/// The minimal reading of a run directory that cleanup needs: the run id and the journal's events.
package enum RunDirectoryRecord {

    static func runID(in directory: String) throws -> String {
        let manifest: RunManifest?
        do {
            manifest = try RunManifest.read(directory: directory)
        } catch {
            throw RunCleanupError.notARunDirectory(path: directory, reason: error.description)
        }
        guard let manifest else { throw RunCleanupError.notARunDirectory(path: directory, reason: "no readable \(RunLayout.manifest)") }
        guard !manifest.runID.isEmpty else {
            throw RunCleanupError.notARunDirectory(path: directory, reason: "no run id in \(directory)/\(RunLayout.manifest)")
        }
        return manifest.runID
    }

    /// The run's frozen plan, `nil` when it is missing or unreadable.
    package static func plan(in directory: String) -> Plan? {
        FileSystem.read(directory + "/" + RunLayout.plan).flatMap { try? JSONDecoder().decode(Plan.self, from: $0) }
    }

    /// The journal's decodable events in order; a line that does not decode (a torn last write) is skipped.
    /// A missing journal is an empty one.
    static func journal(in directory: String) throws -> [JournalEvent] {
        Journal.read(path: directory + "/" + RunLayout.journal)
    }
}
