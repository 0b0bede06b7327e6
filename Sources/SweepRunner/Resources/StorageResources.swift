import Foundation
import SweepRecords
import SweepPlanner
import Synchronization

/// The storage a study builds: scratch loop devices, ZFS pools and datasets, file systems (made with the run's
/// label and mounted), and the disk-safety checks before anything destructive.
///
/// - ``prepareRun(plan:runID:directory:journal:)`` creates the plan's scratch disks (sparse files attached
///   with `losetup --find --show`, each journalled with its backing file) and binds `@{scratchN}` to
///   `/dev/loopN`; refuses a pool name already imported without this run's marker; then checks every device
///   the plan destroys with ``DiskSafety`` and refuses with all reasons at once.
/// - ``willCreate(_:argv:runID:)`` checks each `zpool create` again, on the devices its bound argv names.
/// - ``didCreate(_:runID:)`` gives a new pool's GUID for the journal: what identifies it when its marker is
///   unreadable (a pool re-imported FAULTED after zfs-fuse died).
/// - ``willCreate(_:argv:runID:)`` before a mount: unmounts this run's file system left at the mount point (a
///   failed unmount), refuses a mount point where anything else is mounted.
/// - ``recover(_:runID:plan:directory:)`` tears down what an interrupted run left: its mounts (``RunMounts``:
///   the run's device and the run's label, nothing else), pools and datasets carrying this run's marker (or a
///   journalled GUID), loop devices still backed by its files once no pool and no mount uses them.
/// - ``finishRun(plan:runID:directory:journal:)`` unmounts the run's file systems and destroys any pool of this
///   run a failed teardown (or an interruption) left, then detaches and deletes the scratch disks no imported
///   pool and no mount still uses. While ZFS does not answer (its
///   daemon died) or a pool of the run could not be destroyed, the devices and files are kept (not journalled
///   destroyed), so `iosweep resume` or `iosweep clean` can destroy the pool and then remove them.
package final class StorageResources: ResourceManager {
    /// The experiment's `wipe: true`: devices carrying signatures may be destroyed.
    package let wipe: Bool
    package let host: any Host
    private let state = Mutex(State())

    private struct State {
        /// `scratch0` → `/dev/loop3`.
        var bindings: [String: String] = [:]
        /// The bound devices the plan destroys: the allowlist of every `zpool create`.
        var allowed: [String] = []
        /// Pools this run created (journalled): their labels left on a device are not a refusal.
        var ownPools: Set<String> = []
        /// The GUID of the latest pool this run created under each name (journalled).
        var guids: [String: String] = [:]
        /// Scratch disks attached in this invocation.
        var scratch: [AttachedScratchDisk] = []
        /// The run's file-system label (``FilesystemLabel``).
        var label = ""
    }

    package init(wipe: Bool = false, host: any Host = LocalHost()) {
        self.wipe = wipe
        self.host = host
    }

    /// Whether `plan` needs this manager: it has scratch disks, pools, datasets or file systems, or destroys devices
    /// (a raw-device workload that writes: its devices pass the disk-safety checks before anything runs).
    package static func isNeeded(by plan: Plan) -> Bool {
        !plan.scratch.isEmpty || !plan.createdResources.isEmpty || !plan.destroys.isEmpty
    }

    // MARK: - ResourceManager

    /// Checks the plan's real devices (not its scratch disks, which do not exist yet) before anything is
    /// asked or changed, with the run id and own pools of `directory` when it holds an earlier run.
    ///
    /// ``prepareRun(plan:runID:directory:journal:)`` checks again, scratch loops included; this earlier
    /// check lets a terminal prompt never ask about a device that would be refused anyway.
    package func preflight(plan: Plan, directory: RunDirectory) async -> RunRefusal? {
        let devices = plan.realDevicesDestroyed
        guard !devices.isEmpty else { return nil }
        let runID = RunManifest.load(path: directory.manifest)?.runID ?? ""
        let refusals = await DiskSafety(host: host).check(
            DiskSafety.Request(
                devices: devices, allowed: devices, runID: runID, wipe: wipe, ownPools: Self.journalledPools(in: directory).names))
        return refusals.isEmpty ? nil : Self.refusal(refusals)
    }

    /// The refusal for `refusals`: every device and reason, at once.
    private static func refusal(_ refusals: [DiskRefusal]) -> RunRefusal {
        let devices = Set(refusals.map(\.device)).count
        return RunRefusal(
            "disk safety: \(devices) device\(devices == 1 ? "" : "s") may not be destroyed; nothing was changed\n"
                + refusals.map { "  " + $0.description }.joined(separator: "\n"))
    }

    /// Pools an earlier invocation of this run journalled as created (or was creating when it died): their
    /// names, and the GUID of the latest pool created under each name.
    private static func journalledPools(in directory: RunDirectory) -> (names: Set<String>, guids: [String: String]) {
        var names = Set<String>()
        var guids: [String: String] = [:]
        for event in Journal.read(path: directory.journal) {
            guard let resource = event.resourceCreatedOrCreating, resource.kind == .pool else { continue }
            names.insert(resource.name)
            if let guid = resource.guid { guids[resource.name] = guid }
        }
        return (names, guids)
    }

    package func prepareRun(
        plan: Plan, runID: String, directory: RunDirectory, journal: ResourceJournal
    ) async throws
        -> [String: String]
    {
        let (ownPools, guids) = Self.journalledPools(in: directory)
        let label = FilesystemLabel.of(runID: runID)
        state.withLock { $0 = State(ownPools: ownPools, guids: guids, label: label) }

        if !plan.poolResources.isEmpty { try await checkPoolNames(plan: plan, runID: runID, journal: journal) }

        var bindings: [String: String] = [:]
        for disk in plan.scratch {
            let made = try await attach(disk, directory: directory, journal: journal)
            bindings[disk.name] = made.devicePath
        }
        if !plan.scratch.isEmpty {
            journal.note(
                "scratch disks: "
                    + plan.scratch.compactMap { disk in bindings[disk.name].map { "\(disk.name)=\($0)" } }
                    .joined(separator: " "))
        }
        let allowed = plan.destroys.map { Placeholder.substitute($0, bindings) }
        state.withLock {
            $0.bindings = bindings
            $0.allowed = allowed
        }

        let refusals = await DiskSafety(host: host).check(
            DiskSafety.Request(devices: allowed, allowed: allowed, runID: runID, wipe: wipe, ownPools: ownPools))
        if !refusals.isEmpty { throw Self.refusal(refusals) }
        return bindings
    }

    /// The run's mounts as ``RunMounts`` sees them, over the devices this invocation bound.
    private func mounts() -> RunMounts {
        let (label, allowed) = state.withLock { ($0.label, $0.allowed) }
        return RunMounts(host: host, label: label, devices: allowed.filter { !$0.contains("@{") })
    }

    package func willCreate(_ resource: Resource, argv: [String], runID: String) async throws {
        if case .filesystem(let mountpoint) = resource {
            let mounts = mounts()
            switch await mounts.ownership(of: mountpoint) {
            case .absent: return
            case .ours:
                // Left by a teardown of this run that failed: ours to unmount before mounting again.
                try await mounts.unmount(mountpoint)
            case .foreign(let mount):
                throw RunRefusal(
                    "\(mount.source) (\(mount.fileSystem)) is mounted at \(mountpoint) and is not this run's; "
                        + "iosweep mounts only where nothing is mounted. Unmount it or choose another filesystem.mountpoint")
            }
            return
        }
        guard case .pool(let name) = resource else { return }
        guard let parsed = ZPoolCreate.parse(argv: argv) else { return }
        guard parsed.marker == runID else {
            throw RunRefusal(ZFSError.missingMarker(argv: argv, runID: runID).description)
        }
        let zfs = ZFS(host: host)
        let guid = state.withLock { $0.guids[name] }
        switch try await zfs.ownership(ofPool: name, runID: runID, guid: guid) {
        case .absent: break
        case .ours:
            // Left by a teardown of this run that failed: ours to destroy before building it again.
            try await zfs.destroyPool(name, runID: runID, guid: guid)
        case .foreign(let marker):
            throw RunRefusal(ZFSError.foreignPool(name: name, marker: marker, runID: runID).description)
        }
        let (allowed, ownPools) = state.withLock { ($0.allowed, $0.ownPools) }
        let refusals = await DiskSafety(host: host).check(
            DiskSafety.Request(devices: parsed.devices, allowed: allowed, runID: runID, wipe: wipe, ownPools: ownPools))
        if !refusals.isEmpty { throw Self.refusal(refusals) }
        state.withLock { _ = $0.ownPools.insert(name) }
    }

    package func didCreate(_ resource: Resource, runID: String) async -> JournalResource? {
        guard case .pool(let name) = resource, let guid = try? await ZFS(host: host).guid(ofPool: name), !guid.isEmpty
        else { return nil }
        state.withLock { $0.guids[name] = guid }
        return JournalResource(kind: .pool, name: name, guid: guid)
    }

    package func recover(_ resource: JournalResource, runID: String, plan: Plan, directory: RunDirectory) async throws -> String? {
        let zfs = ZFS(host: host)
        switch resource.kind {
        case .filesystem:
            let mounts = await Self.recoveryMounts(runID: runID, plan: plan, directory: directory, host: host)
            switch await mounts.ownership(of: resource.name) {
            case .absent: return nil
            case .ours:
                try await mounts.unmount(resource.name)
                return "unmounted \(resource.name)"
            case .foreign(let mount):
                return "left \(mount.source) mounted at \(resource.name): not this run's"
            }
        case .pool:
            let destroyed = try await zfs.destroyPool(resource.name, runID: runID, guid: resource.guid)
            return destroyed ? "destroyed pool \(resource.name)" : nil
        case .dataset:
            // A dataset of a pool this run created goes with its pool (recovered next, or swept as marked).
            // So does one whose pool cannot say (FAULTED: its marker is unreadable; the pool is recovered by its GUID).
            let pool = String(resource.name.prefix(while: { $0 != "/" }))
            let owner = try? await zfs.ownership(ofPool: pool, runID: runID)
            if owner == nil || owner == .ours { return nil }
            return try await zfs.destroyDataset(resource.name, runID: runID) ? "destroyed dataset \(resource.name)" : nil
        case .loop:
            guard let file = resource.file else { return nil }
            // A file system of this run still mounted from the device goes first; any other mount keeps it.
            let mounts = await Self.recoveryMounts(runID: runID, plan: plan, directory: directory, host: host)
            let unmounted = await mounts.unmountOurs()
            if let failure = unmounted.failures.first { throw RunRefusal(failure + "; \(resource.name) (\(file)) kept") }
            let mounted = await mounts.mountedDevices()
            if let mount = try await LoopDevice.backing([file], on: host).lazy.compactMap({ mounted[$0.name] }).first {
                throw RunRefusal(
                    "\(mount.source) is mounted at \(mount.mountPoint) (not a file system of this run); \(resource.name) (\(file)) kept")
            }
            // A pool of this run still on the device (created, killed before it was journalled) goes first.
            let pools = await destroyMarkedPools(runID: runID, journal: nil)
            if !plan.poolResources.isEmpty {
                // Never pull a device from under a pool (it would come back FAULTED): kept, and retried next time.
                let inUse = try await zfs.devicesInUse()
                if inUse.contains(BlockDeviceName.kernelName(resource.name)),
                    try await LoopDevice.backing([file], on: host).contains(where: { $0.name == BlockDeviceName.kernelName(resource.name) })
                {
                    throw RunRefusal("\(resource.name) (\(file)) is still in an imported pool; kept")
                }
            }
            let removal = try await LoopDevice.release([file], on: host)
            let done =
                unmounted.unmounted.map { "unmounted \($0)" } + pools.map { "destroyed pool \($0)" }
                + removal.detached.map { "detached \($0.path)" }
                + removal.deleted.map { "deleted \($0)" }
            return done.isEmpty ? nil : done.joined(separator: ", ")
        default:
            return nil
        }
    }

    package func finishRun(plan: Plan, runID: String, directory: RunDirectory, journal: ResourceJournal) async {
        let disks = state.withLock { state in
            defer { state.scratch = [] }
            return state.scratch
        }
        // Devices a pool still uses (a failed destroy), or all of them while ZFS does not answer: a device
        // pulled from under a pool comes back FAULTED and its pool can no longer be destroyed cleanly.
        var inUse = Set<String>()
        // The run's file systems an interruption or a failed unmount left mounted; a device still mounted (by
        // anyone) is kept.
        let mounts = mounts()
        let filesystems = plan.filesystemResources
        if !filesystems.isEmpty || !disks.isEmpty {
            let unmounted = await mounts.unmountOurs()
            for mountpoint in unmounted.unmounted { journal.note("unmounted \(mountpoint) (mounted by this run, not unmounted)") }
            for failure in unmounted.failures { journal.note(failure) }
            let mounted = await mounts.mountedDevices()
            for disk in disks {
                guard let mount = mounted[disk.device] else { continue }
                inUse.insert(disk.device)
                journal.note("\(mount.source) is still mounted at \(mount.mountPoint); its scratch disk is kept")
            }
        }
        var zfsAnswers = true
        if !plan.poolResources.isEmpty {
            await destroyMarkedPools(runID: runID, journal: journal)
            do {
                inUse.formUnion(try await ZFS(host: host).devicesInUse())
            } catch {
                zfsAnswers = false
                if !disks.isEmpty {
                    journal.note(
                        "ZFS does not answer (\(error)); scratch disks kept so that a pool of this run on them can "
                            + "still be destroyed: restart it, then `iosweep resume \(directory.root)` or `iosweep clean \(directory.root)`"
                    )
                }
            }
        }
        for disk in disks.reversed() {
            if !zfsAnswers { continue }
            if inUse.contains(disk.device) {
                journal.note(
                    "kept scratch disk \(disk.name) (\(disk.devicePath), \(disk.file)): still in an imported pool or mounted; "
                        + "`iosweep resume` or `iosweep clean \(directory.root)` retries")
                continue
            }
            let resource = JournalResource(kind: .loop, name: disk.devicePath, file: disk.file)
            do {
                _ = try await LoopDevice.release([disk.file], on: host)
                try journal.destroyed(resource, reason: "end of run")
            } catch {
                journal.note(
                    "could not remove scratch disk \(disk.name) (\(disk.devicePath), \(disk.file)): \(error); "
                        + "`iosweep resume` or `iosweep clean \(directory.root)` retries")
            }
        }
        // The results directory's own `.scratch/` and mount points (`.mnt`), once empty and unmounted (on the storage
        // host: where they were made).
        let root = await host.resolved([directory.root])[0] + "/"
        for case .filesystem(let mountpoint) in filesystems {
            let path = Placeholder.substitute(mountpoint, ["results": String(root.dropLast())])
            if path.hasPrefix(root), await mounts.ownership(of: path) == .absent { await host.removeEmptyDirectory(path) }
        }
        for folder in Set(disks.map { FileSystem.parent(of: $0.file) }) where folder.hasPrefix(root) {
            await host.removeEmptyDirectory(folder)
        }
    }

    // MARK: - Steps

    /// Refuses pool names of the plan imported without this run's marker (never touching them); destroys
    /// pools carrying this run's marker that an interrupted invocation left without journalling them.
    private func checkPoolNames(plan: Plan, runID: String, journal: ResourceJournal) async throws {
        let zfs = ZFS(host: host)
        let imported: [String]
        do {
            imported = try await zfs.importedPools()
        } catch {
            throw RunRefusal(
                "ZFS does not answer (\(error)); load OpenZFS or start zfs-fuse (Scripts/bootstrap.sh does) and try again")
        }
        await destroyMarkedPools(runID: runID, journal: journal)
        // A pool of this run that could not be destroyed still holds its devices: the scratch files must not be
        // recreated under it.
        let guids = state.withLock { $0.guids }
        if let left = try? await zfs.pools(markedWith: runID, guids: Set(guids.values)), !left.isEmpty {
            throw RunRefusal(
                "pool\(left.count == 1 ? "" : "s") \(left.joined(separator: ", ")) of this run could not be destroyed; "
                    + "its devices are kept. See `zpool status`, then run `iosweep clean` or `iosweep resume` again")
        }
        var problems: [String] = []
        for name in plan.poolNames where imported.contains(name) {
            if case .foreign(let marker) = try await zfs.ownership(ofPool: name, runID: runID) {
                problems.append(ZFSError.foreignPool(name: name, marker: marker, runID: runID).description)
            }
        }
        if !problems.isEmpty { throw RunRefusal(problems.joined(separator: "\n")) }
    }

    /// Creates scratch disk `disk`'s sparse file and loop device and journals it before anything else.
    private func attach(
        _ disk: ScratchDisk, directory: RunDirectory, journal: ResourceJournal
    ) async throws
        -> AttachedScratchDisk
    {
        // Paths as the storage host sees them: a remote one makes its scratch files at the same path there.
        let resolved = await host.resolved([disk.file.hasPrefix("/") ? disk.file : directory.root + "/" + disk.file, directory.root])
        let file = resolved[0]
        let disks = ScratchDisks(directory: FileSystem.parent(of: file), host: host)
        guard disks.file(for: disk.name) == file else {
            throw RunRefusal("scratch disk \(disk.name): its file \(file) must be named \(disk.name).img")
        }
        if await host.kind(of: file) != nil {
            // Inside the locked results directory a leftover file can only be this run's (killed between
            // `losetup` and its journal entry); elsewhere it may belong to someone else.
            guard file.hasPrefix(resolved[1] + "/") else {
                let attached = (try? await LoopDevice.backing([file], on: host))?.map(\.path) ?? []
                throw RunRefusal(
                    "scratch file \(file) exists already"
                        + (attached.isEmpty ? "" : " (attached to \(attached.joined(separator: ", ")))")
                        + "; it was not journalled by this run. Remove it (losetup -d, rm) or run `iosweep clean` on the run that made it")
            }
            let removal = try await disks.remove(files: [file])
            journal.note(
                "removed a leftover scratch file of this run: \(file)"
                    + removal.detached.map { ", detached \($0.path)" }.joined())
        }
        guard let made = try await disks.create([disk.name], size: disk.bytes).first else {
            throw RunRefusal("scratch disk \(disk.name) was not created")
        }
        do {
            try journal.created(JournalResource(kind: .loop, name: made.devicePath, file: made.file))
        } catch {
            _ = try? await disks.remove([made])
            throw error
        }
        state.withLock { $0.scratch.append(made) }
        return made
    }

    /// The run's mounts for recovery, before this invocation binds anything: over the loop devices backed by the
    /// scratch files the run journalled and the real devices its plan destroys.
    private static func recoveryMounts(runID: String, plan: Plan, directory: RunDirectory, host: any Host) async -> RunMounts {
        let files = Journal.read(path: directory.journal).compactMap(\.resourceCreatedOrCreating).filter { $0.kind == .loop }
            .compactMap(\.file)
        let devices = await RunMounts.devices(loopFiles: files, realDevices: plan.realDevicesDestroyed, host: host)
        return RunMounts(host: host, label: FilesystemLabel.of(runID: runID), devices: devices)
    }

    /// Destroys every imported pool carrying `runID`'s marker or the GUID of a pool this run created; returns
    /// their names.
    @discardableResult
    private func destroyMarkedPools(runID: String, journal: ResourceJournal?) async -> [String] {
        let zfs = ZFS(host: host)
        let guids = state.withLock { $0.guids }
        guard let pools = try? await zfs.pools(markedWith: runID, guids: Set(guids.values)) else { return [] }
        var destroyed: [String] = []
        for pool in pools {
            do {
                guard try await zfs.destroyPool(pool, runID: runID, guid: guids[pool]) else { continue }
                destroyed.append(pool)
                try journal?.destroyed(JournalResource(kind: .pool, name: pool), reason: "left by this run; destroyed")
                journal?.note("destroyed pool \(pool) (marked by this run, not torn down)")
            } catch {
                journal?.note("could not destroy pool \(pool) of this run: \(error)")
            }
        }
        return destroyed
    }

}

extension Plan {
    /// Every pool, dataset and file system the plan's setup steps create.
    package var createdResources: [Resource] {
        var seen = Set<Resource>()
        let steps = setup + groups.flatMap { $0.setup + $0.cells.flatMap(\.steps) }
        return steps.compactMap { $0.kind == .setup ? $0.resource : nil }.filter { seen.insert($0).inserted }
    }

    /// The pools and datasets the plan creates: ZFS must answer before it runs.
    package var poolResources: [Resource] {
        createdResources.filter { if case .filesystem = $0 { false } else { true } }
    }

    /// The mount points of the file systems the plan makes.
    package var filesystemResources: [Resource] {
        createdResources.filter { if case .filesystem = $0 { true } else { false } }
    }

    /// Names of the pools the plan creates.
    package var poolNames: [String] {
        createdResources.compactMap { if case .pool(let name) = $0 { name } else { nil } }
    }

    /// The real devices the plan destroys: `destroys` without the scratch placeholders (`@{scratch0}`).
    package var realDevicesDestroyed: [String] {
        destroys.filter { !$0.contains("@{") }
    }
}
