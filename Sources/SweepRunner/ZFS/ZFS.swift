import Foundation

/// Pool and dataset lifecycle on a host, guarded by the run marker (``PoolMarker``).
///
/// Uses only commands and flags both zfs-fuse 0.7 (pool version 23) and OpenZFS accept:
/// `zpool list -H -o name,guid`, `zpool status POOL…`, `zpool create`, `zpool destroy -f`,
/// `zfs get -H -o value PROP NAME`, `zfs get all NAME`, `zfs destroy -r`. (zfs-fuse has no
/// `zpool get -H`, `zpool status -P/-L` or `zpool iostat -H/-p`.)
package struct ZFS: Sendable {
    package var host: any Host

    package init(host: any Host = LocalHost()) {
        self.host = host
    }

    /// The imported pools with their GUIDs (`zpool list -H -o name,guid`; FAULTED pools included).
    package func imported() async throws -> [ImportedPool] {
        ImportedPool.parseList(try await host.check(["zpool", "list", "-H", "-o", "name,guid"]).stdout)
    }

    /// Names of the imported pools.
    package func importedPools() async throws -> [String] {
        try await imported().map(\.name)
    }

    /// The GUID of imported pool `name`, `nil` when no such pool is imported.
    package func guid(ofPool name: String) async throws -> String? {
        let pools = try await imported()
        return pools.first { $0.name == name }?.guid
    }

    /// Kernel names (`loop3`, `sdb`) of the devices any imported pool is built on, FAULTED pools included
    /// (`zpool status`): the devices that must not be detached or deleted yet.
    package func devicesInUse() async throws -> Set<String> {
        Set(try await status().flatMap { $0.leaves.map { BlockDeviceName.kernelName($0.name) } })
    }

    /// The value of `property` on dataset `name` (`zfs get -H -o value`), `nil` when unset (`-`)
    /// or when the dataset does not exist.
    package func property(_ property: String, of name: String) async throws -> String? {
        let result = try await host.run(["zfs", "get", "-H", "-o", "value", property, name])
        guard result.succeeded else {
            if result.stderr.contains("does not exist") || result.stderr.contains("no such pool") { return nil }
            throw CommandError.failed(result)
        }
        let value = result.stdout.trimmingWhitespace
        return value.isEmpty || value == "-" ? nil : value
    }

    /// The run id in pool `name`'s marker, `nil` when it has none or is not imported.
    package func marker(ofPool name: String) async throws -> String? {
        try await property(PoolMarker.property, of: name)
    }

    /// Whether pool `name` is absent, ours (marked with `runID`, or of GUID `guid`: the one this run created
    /// under that name, whose marker a FAULTED pool may not answer) or foreign.
    package func ownership(ofPool name: String, runID: String, guid: String? = nil) async throws -> PoolOwnership {
        guard let pool = try await imported().first(where: { $0.name == name }) else { return .absent }
        if let guid, !guid.isEmpty, pool.guid == guid { return .ours }
        let marker = try await marker(ofPool: name)
        return marker == runID ? .ours : .foreign(marker: marker)
    }

    /// Imported pools whose marker is `runID`, or whose GUID is one of `guids` (pools this run created).
    /// A pool whose marker cannot be read (FAULTED) and whose GUID is not among `guids` is not ours.
    package func pools(markedWith runID: String, guids: Set<String> = []) async throws -> [String] {
        var marked: [String] = []
        for pool in try await imported() {
            if guids.contains(pool.guid) {
                marked.append(pool.name)
            } else if let marker = try? await marker(ofPool: pool.name), marker == runID {
                marked.append(pool.name)
            }
        }
        return marked
    }

    /// Parsed `zpool status` of `pools` (all imported pools when empty).
    package func status(_ pools: [String] = []) async throws -> [ZPoolStatus] {
        if pools.isEmpty, try await importedPools().isEmpty { return [] }
        return ZPoolStatus.parse(try await host.check(["zpool", "status"] + pools).stdout)
    }

    /// Runs a `zpool create` argv after checking that it carries this run's marker and that its pool
    /// name is not imported already (a leftover of this run is destroyed first; a foreign pool throws
    /// ``ZFSError/foreignPool``).
    package func createPool(_ command: ZPoolCreate, runID: String) async throws {
        let argv = command.argv
        guard command.marker == runID else { throw ZFSError.missingMarker(argv: argv, runID: runID) }
        switch try await ownership(ofPool: command.name, runID: runID) {
        case .absent: break
        case .ours: try await destroyPool(command.name, runID: runID)
        case .foreign(let marker): throw ZFSError.foreignPool(name: command.name, marker: marker, runID: runID)
        }
        try await host.check(argv)
    }

    /// Destroys pool `name` (`zpool destroy -f`) if it carries `runID`'s marker or has GUID `guid` (recorded
    /// when this run created it; a FAULTED pool's marker may be unreadable). Returns `false` when no such pool
    /// is imported; throws ``ZFSError/foreignPool`` and leaves it alone when it is not ours.
    @discardableResult
    package func destroyPool(_ name: String, runID: String, guid: String? = nil) async throws -> Bool {
        switch try await ownership(ofPool: name, runID: runID, guid: guid) {
        case .absent: return false
        case .foreign(let marker): throw ZFSError.foreignPool(name: name, marker: marker, runID: runID)
        case .ours:
            // zfs-fuse answers "pool is busy" to the first destroy of a pool with mounted child datasets
            // (it unmounts them, then gives up); a retry succeeds.
            try await host.checkRetryingWhileBusy(["zpool", "destroy", "-f", name], attempts: 5, backoff: 0.1)
            return true
        }
    }

    /// Destroys dataset `name` and its children (`zfs destroy -r`) if it carries `runID`'s marker
    /// (set on it or inherited from its pool). Returns `false` when it does not exist.
    @discardableResult
    package func destroyDataset(_ name: String, runID: String) async throws -> Bool {
        let pool = String(name.prefix(while: { $0 != "/" }))
        guard try await importedPools().contains(pool) else { return false }
        let marker = try await property(PoolMarker.property, of: name)
        guard try await host.run(["zfs", "list", "-H", "-o", "name", name]).succeeded else { return false }
        guard marker == runID else { throw ZFSError.foreignPool(name: name, marker: marker, runID: runID) }
        try await host.check(["zfs", "destroy", "-r", name])
        return true
    }
}
