import Foundation
@testable import SweepRunner
import SweepRecords
import Testing

@Suite("ZFS pools on scratch loops", .serialized)
struct ZFSTests {
    @Test("a stripe with -o/-O properties and the marker; status and properties readable; marker-guarded destroy", .needsZFS)
    func stripe() async throws {
        try await withTestScope { scope in
            let disks = try await scope.scratch(2)
            let zfs = ZFS(host: scope.host)
            let pool = scope.ownedPoolName()
            let runID = scope.runID
            let create = ZPoolCreate(
                name: pool, vdevs: [.init(.stripe, disks.map(\.devicePath))], force: true,
                properties: [("cachefile", "none")], filesystemProperties: [("recordsize", "8k"), ("mountpoint", "none")],
                marker: runID)
            #expect(
                create.argv == [
                    "zpool", "create", "-f", "-o", "cachefile=none", "-O", "iosweep:run=\(runID)",
                    "-O", "recordsize=8k", "-O", "mountpoint=none", pool,
                ] + disks.map(\.devicePath))
            try await zfs.createPool(create, runID: runID)

            #expect(try await zfs.importedPools().contains(pool))
            #expect(try await zfs.marker(ofPool: pool) == runID)
            #expect(try await zfs.ownership(ofPool: pool, runID: runID) == .ours)
            #expect(try await zfs.ownership(ofPool: pool, runID: "other") == .foreign(marker: runID))
            #expect(try await zfs.pools(markedWith: runID) == [pool])
            #expect(try await zfs.property("recordsize", of: pool) == "8K")
            #expect(try await zfs.status([pool]).first?.leaves.map(\.name) == disks.map(\.device))

            try await scope.host.check(["zfs", "create", "-o", "recordsize=16k", pool + "/dozer"])
            // What a cell's record steps save (`zpool status`, `zfs get all`) parses and carries the marker.
            let status = try await scope.host.check(["zpool", "status", pool]).stdout
            #expect(ZPoolStatus.parse(status).first?.leaves.map(\.name) == disks.map(\.device))
            let dataset = try await scope.host.check(["zfs", "get", "all", pool + "/dozer"]).stdout
            #expect(dataset.contains("recordsize") && dataset.contains("16K"))
            #expect(try await zfs.property(PoolMarker.property, of: pool + "/dozer") == runID, "the marker is inherited")

            await #expect(throws: ZFSError.foreignPool(name: pool, marker: runID, runID: "other")) {
                try await zfs.destroyPool(pool, runID: "other")
            }
            #expect(try await zfs.importedPools().contains(pool), "another run's pool is left alone")
            #expect(try await zfs.destroyPool(pool, runID: runID))
            #expect(try await zfs.ownership(ofPool: pool, runID: runID) == .absent)
            #expect(try await zfs.destroyPool(pool, runID: runID) == false, "destroying twice is a no-op")
        }
    }

    @Test("a mirror with log and cache devices", .needsZFS)
    func mirrorLogCache() async throws {
        try await withTestScope { scope in
            let disks = try await scope.scratch(4)
            let zfs = ZFS(host: scope.host)
            let pool = scope.ownedPoolName()
            let runID = scope.runID
            try await zfs.createPool(
                ZPoolCreate(
                    name: pool, vdevs: [.init(.mirror, [disks[0].devicePath, disks[1].devicePath])],
                    log: [.init(.stripe, [disks[2].devicePath])], cache: [.init(.stripe, [disks[3].devicePath])],
                    filesystemProperties: [("mountpoint", scope.directory + "/mnt")], marker: runID), runID: runID)
            try Data("busy".utf8).write(to: URL(fileURLWithPath: scope.directory + "/mnt/file"))

            let leaves = try #require(try await zfs.status([pool]).first).leaves
            #expect(leaves.map(\.name) == disks.map(\.device))
            #expect(leaves.map(\.section) == ["data", "data", "logs", "cache"])
            #expect(leaves[0].group?.hasPrefix("mirror") == true && leaves[1].group == leaves[0].group)
            #expect(try await zfs.destroyPool(pool, runID: runID), "destroyed although mounted")
            #expect(!FileManager.default.fileExists(atPath: scope.directory + "/mnt/file"))
        }
    }

    @Test("raidz of three", .needsZFS)
    func raidz() async throws {
        try await withTestScope { scope in
            let disks = try await scope.scratch(3)
            let zfs = ZFS(host: scope.host)
            let pool = scope.ownedPoolName()
            let runID = scope.runID
            try await zfs.createPool(
                ZPoolCreate(
                    name: pool, vdevs: [.init(.raidz, disks.map(\.devicePath))],
                    filesystemProperties: [("mountpoint", "none"), ("compression", "off")], marker: runID), runID: runID)
            let leaves = try #require(try await zfs.status([pool]).first).leaves
            #expect(leaves.map(\.name) == disks.map(\.device))
            #expect(leaves.allSatisfy { $0.group?.hasPrefix("raidz") == true })
            #expect(try await zfs.property("compression", of: pool) == "off")
            #expect(try await zfs.destroyPool(pool, runID: runID))
        }
    }

    @Test("a foreign pool of the same name stops creation and is never destroyed", .needsZFS)
    func foreignPoolName() async throws {
        try await withTestScope { scope in
            let disks = try await scope.scratch(2)
            let zfs = ZFS(host: scope.host)
            let pool = scope.poolName()
            try await scope.createPoolUnguarded(pool, ["zpool", "create", "-m", "none", pool, disks[0].devicePath])
            let runID = scope.runID

            #expect(try await zfs.ownership(ofPool: pool, runID: runID) == .foreign(marker: nil))
            #expect(try await zfs.pools(markedWith: runID).isEmpty)
            let create = ZPoolCreate(name: pool, vdevs: [.init(.stripe, [disks[1].devicePath])], marker: runID)
            await #expect(throws: ZFSError.foreignPool(name: pool, marker: nil, runID: runID)) {
                try await zfs.createPool(create, runID: runID)
            }
            await #expect(throws: ZFSError.self) { try await zfs.destroyPool(pool, runID: runID) }
            #expect(try await zfs.status([pool]).first?.leaves.map(\.name) == [disks[0].device], "untouched")
            let message = ZFSError.foreignPool(name: pool, marker: nil, runID: runID).description
            #expect(message.contains("pool '\(pool)' is already imported and carries no iosweep marker"))
        }
    }

    @Test("a leftover pool of this run is destroyed before it is created again", .needsZFS)
    func recreateOwnLeftover() async throws {
        try await withTestScope { scope in
            let disks = try await scope.scratch(2)
            let zfs = ZFS(host: scope.host)
            let pool = scope.ownedPoolName()
            let runID = scope.runID
            let first = ZPoolCreate(
                name: pool, vdevs: [.init(.stripe, [disks[0].devicePath])],
                filesystemProperties: [("mountpoint", "none")], marker: runID)
            try await zfs.createPool(first, runID: runID)
            var second = first
            second.vdevs = [.init(.stripe, [disks[1].devicePath])]
            second.force = true
            try await zfs.createPool(second, runID: runID)
            #expect(try await zfs.status([pool]).first?.leaves.map(\.name) == [disks[1].device])
            #expect(try await zfs.destroyPool(pool, runID: runID))
        }
    }

    @Test("a bound zpool create argv names its pool, every device and the marker; layouts are not devices")
    func parseCreateArgv() throws {
        let create = ZPoolCreate(
            name: "tank", vdevs: [.init(.mirror, ["/dev/loop3", "/dev/loop4"]), .init(.raidz2, ["sdb", "sdc", "sdd"])],
            log: [.init(.mirror, ["nvme0n1", "nvme1n1"])], cache: [.init(.stripe, ["sde"])], force: true,
            properties: [("ashift", "12")], filesystemProperties: [("recordsize", "8k")], marker: "run-1")
        let parsed = try #require(ZPoolCreate.parse(argv: ["sudo"] + create.argv))
        #expect(parsed.name == "tank")
        #expect(parsed.devices == ["/dev/loop3", "/dev/loop4", "sdb", "sdc", "sdd", "nvme0n1", "nvme1n1", "sde"])
        #expect(parsed.marker == "run-1")
        #expect(ZPoolCreate.parse(argv: ["zpool", "create", "-f", "tank", "sdb"])?.marker == nil)
        #expect(ZPoolCreate.parse(argv: ["zpool", "destroy", "tank"]) == nil)
        #expect(ZPoolCreate.parse(argv: ["zpool", "create", "-f"]) == nil)
    }

    @Test("a create command without this run's marker is refused before anything runs")
    func missingMarker() async throws {
        let host = RecordingHost()
        let create = ZPoolCreate(name: "tank", vdevs: [.init(.stripe, ["sdb"])], marker: "other")
        await #expect(throws: ZFSError.missingMarker(argv: create.argv, runID: "mine")) {
            try await ZFS(host: host).createPool(create, runID: "mine")
        }
        #expect(host.commands.isEmpty)
    }

    @Test("OpenZFS answers: pools by marker over `zpool list -H` and `zfs get -H`")
    func markedPoolsOpenZFS() async throws {
        let host = RecordingHost()
        host.reply(["zpool", "list", "-H", "-o", "name,guid"], stdout: "rpool\t11\ntank\t12\nscratch\t13\n")
        host.reply(["zfs", "get", "-H", "-o", "value", "iosweep:run", "rpool"], stdout: "-\n")
        host.reply(["zfs", "get", "-H", "-o", "value", "iosweep:run", "tank"], stdout: "run-1\n")
        host.reply(["zfs", "get", "-H", "-o", "value", "iosweep:run", "scratch"], stdout: "run-2\n")
        host.reply(["zpool", "destroy", "-f", "tank"])
        let zfs = ZFS(host: host)
        #expect(try await zfs.pools(markedWith: "run-1") == ["tank"])
        #expect(try await zfs.destroyPool("tank", runID: "run-1"))
        #expect(host.commands.last == ["zpool", "destroy", "-f", "tank"])
        await #expect(throws: ZFSError.foreignPool(name: "rpool", marker: nil, runID: "run-1")) {
            try await zfs.destroyPool("rpool", runID: "run-1")
        }
        #expect(!host.commands.contains(["zpool", "destroy", "-f", "rpool"]))
    }

    @Test("a FAULTED pool whose marker is unreadable is ours by its journalled GUID, and only by it")
    func faultedPoolByGUID() async throws {
        let host = RecordingHost()
        host.reply(["zpool", "list", "-H", "-o", "name,guid"], stdout: "tank\t2977667825521175178\nother\t42\n")
        // zfs-fuse on a pool re-imported FAULTED: `zfs get` aborts.
        for pool in ["tank", "other"] {
            host.reply(
                ["zfs", "get", "-H", "-o", "value", "iosweep:run", pool],
                stderr: "internal error: Value too large for defined data type", status: 134)
        }
        host.reply(["zpool", "destroy", "-f", "tank"])
        let zfs = ZFS(host: host)
        #expect(try await zfs.pools(markedWith: "run-1").isEmpty, "an unreadable marker is nobody's")
        #expect(try await zfs.pools(markedWith: "run-1", guids: ["2977667825521175178"]) == ["tank"])
        #expect(try await zfs.destroyPool("tank", runID: "run-1", guid: "2977667825521175178"))
        #expect(host.commands.last == ["zpool", "destroy", "-f", "tank"])
        await #expect(throws: (any Error).self) { try await zfs.destroyPool("other", runID: "run-1", guid: "2977667825521175178") }
        #expect(!host.commands.contains(["zpool", "destroy", "-f", "other"]))
    }

    @Test("a pool's second resource-created adds its GUID; its destroy by name removes it from the leftovers")
    func journalledGUID() {
        func event(_ name: JournalEvent.Name, _ resource: JournalResource) -> JournalEvent {
            var event = JournalEvent(name)
            event.resource = resource
            return event
        }
        let created = Recovery(events: [
            event(.resourceCreated, JournalResource(kind: .pool, name: "tank")),
            event(.resourceCreated, JournalResource(kind: .pool, name: "tank", guid: "77")),
        ])
        #expect(created.leftoverResources == [JournalResource(kind: .pool, name: "tank", guid: "77")])
        let destroyed = Recovery(events: [
            event(.resourceCreated, JournalResource(kind: .pool, name: "tank")),
            event(.resourceCreated, JournalResource(kind: .pool, name: "tank", guid: "77")),
            event(.resourceDestroyed, JournalResource(kind: .pool, name: "tank")),
        ])
        #expect(destroyed.leftoverResources.isEmpty)
    }
}
