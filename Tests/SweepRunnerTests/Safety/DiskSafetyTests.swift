import Foundation
@testable import SweepRunner
import Testing

/// Each refusal is triggered by a real loop device set up for it, and the device is left as it was.
@Suite("Disk safety", .serialized)
struct DiskSafetyTests {
    private func check(
        _ scope: TestScope, _ devices: [String], allowed: [String]? = nil, runID: String = "t-run", wipe: Bool = false,
        ownPools: Set<String> = []
    ) async -> [DiskRefusal] {
        await DiskSafety(host: scope.host).check(
            .init(
                devices: devices, allowed: allowed ?? devices, runID: runID, wipe: wipe, ownPools: ownPools))
    }

    private func signatureTypes(_ scope: TestScope, _ device: String) async throws -> [String] {
        let probe = try await scope.host.check(DiskSignature.probeArgv(device))
        return try DiskSignature.parse(probe.stdout).map(\.type)
    }

    @Test("a blank scratch device passes", .needsLoopDevices)
    func blank() async throws {
        try await withTestScope { scope in
            let disks = try await scope.scratch(2)
            #expect(await check(scope, disks.map(\.devicePath)) == [])
            #expect(await check(scope, [], allowed: []) == [])
        }
    }

    @Test("a host whose kernel tables cannot be read (one that stopped answering) has every device refused", .needsLoopDevices)
    func unreadableTables() async throws {
        try await withTestScope { scope in
            let disks = try await scope.scratch(1)
            let refusals = await DiskSafety(host: UnreadableTablesHost()).check(
                .init(devices: [disks[0].devicePath], allowed: [disks[0].device], runID: "t-run"))
            #expect(
                refusals.map(\.description) == [
                    "refusing /dev/\(disks[0].device): cannot check the kernel's tables: cannot read /proc/self/mountinfo, /proc/swaps"
                ])
        }
    }

    /// This machine, but its mount and swap tables read nothing.
    private struct UnreadableTablesHost: SweepRunner.Host {
        let local = LocalHost()
        func start(_ command: Command) async throws -> any RunningProcess { try await local.start(command) }
        func run(_ argv: [String], environment: [String: String], limit: Int) async throws -> CommandResult {
            try await local.run(argv, environment: environment, limit: limit)
        }
        func contents(of path: String) async -> String? { path.hasPrefix("/proc/") ? nil : await local.contents(of: path) }
    }

    @Test("not listed, missing and not a block device are refused", .needsLoopDevices)
    func notAllowedMissingNotBlock() async throws {
        try await withTestScope { scope in
            let disks = try await scope.scratch(2)
            let refusals = await check(
                scope, [disks[0].devicePath, disks[1].device, "/dev/null", "iosweep-no-such-device"],
                allowed: [disks[0].device, "/dev/null", "iosweep-no-such-device"])
            #expect(
                refusals == [
                    DiskRefusal(
                        device: disks[1].device, reason: .notAllowed(allowed: [disks[0].device, "/dev/null", "iosweep-no-such-device"])),
                    DiskRefusal(device: "null", reason: .notBlockDevice),
                    DiskRefusal(device: "iosweep-no-such-device", reason: .missing),
                ])
            #expect(refusals[0].description.contains("refusing /dev/\(disks[1].device): not listed in the experiment's disks"))
        }
    }

    @Test("a mounted ext4 device is refused, wipe or not, and stays mounted", .needsLoopDevices)
    func mounted() async throws {
        try await withTestScope { scope in
            let disk = try await scope.scratch(1)[0]
            try await scope.host.check(["mkfs.ext4", "-q", "-F", disk.devicePath])
            let mountPoint = scope.directory + "/mnt"
            try FileManager.default.createDirectory(atPath: mountPoint, withIntermediateDirectories: true)
            try await scope.host.check(["mount", disk.devicePath, mountPoint])
            scope.onTeardown(run: ["umount", mountPoint])

            let refusals = await check(scope, [disk.devicePath])
            #expect(
                refusals.contains(
                    DiskRefusal(
                        device: disk.device, reason: .mounted(mountPoint: mountPoint, fileSystem: "ext4", partition: nil))))
            #expect(refusals.contains(DiskRefusal(device: disk.device, reason: .signatures([DiskSignature(type: "ext4")]))))
            let wiped = await check(scope, [disk.devicePath], wipe: true)
            #expect(
                wiped == [
                    DiskRefusal(
                        device: disk.device, reason: .mounted(mountPoint: mountPoint, fileSystem: "ext4", partition: nil))
                ])
            #expect(wiped[0].description == "refusing \(disk.devicePath): mounted at \(mountPoint) (ext4)")

            let mounts = MountTable.parse(
                String(decoding: FileManager.default.contents(atPath: "/proc/self/mountinfo") ?? Data(), as: UTF8.self))
            #expect(mounts.mounts.contains { $0.mountPoint == mountPoint }, "still mounted")
        }
    }

    @Test("a mounted partition refuses its whole device; the partition table is a signature", .needsLoopDevices)
    func mountedPartition() async throws {
        try await withTestScope { scope in
            let file = scope.directory + "/parted.img"
            try Self.writeDiskWithOnePartition(file, size: 64 << 20)
            let device = try await scope.attach(file)
            try await scope.host.check(["partx", "--add", device])
            scope.onTeardown(run: ["partx", "--delete", device])
            let partition = device + "p1"
            try await scope.host.check(["mkfs.ext4", "-q", "-F", partition])
            let mountPoint = scope.directory + "/mnt part"
            try FileManager.default.createDirectory(atPath: mountPoint, withIntermediateDirectories: true)
            try await scope.host.check(["mount", partition, mountPoint])
            scope.onTeardown(run: ["umount", mountPoint])

            let name = String(device.dropFirst("/dev/".count))
            let refusals = await check(scope, [device], wipe: true)
            #expect(
                refusals == [
                    DiskRefusal(
                        device: name, reason: .mounted(mountPoint: mountPoint, fileSystem: "ext4", partition: name + "p1"))
                ])
            #expect(refusals.first?.description.contains("its partition \(partition) is mounted at \(mountPoint)") == true)
            let signed = await check(scope, [device])
            #expect(signed.contains(DiskRefusal(device: name, reason: .signatures([DiskSignature(type: "dos")]))))
        }
    }

    @Test("active swap is refused and stays active", .needsLoopDevices)
    func swap() async throws {
        try await withTestScope { scope in
            let disk = try await scope.scratch(1)[0]
            try await scope.host.check(["mkswap", disk.devicePath])
            try await scope.host.check(["swapon", disk.devicePath])
            scope.onTeardown(run: ["swapoff", disk.devicePath])

            let refusals = await check(scope, [disk.devicePath], wipe: true)
            #expect(refusals == [DiskRefusal(device: disk.device, reason: .swap(partition: nil))])
            #expect(refusals.first?.description == "refusing \(disk.devicePath): active swap")
            let swaps = SwapTable.parse(String(decoding: FileManager.default.contents(atPath: "/proc/swaps") ?? Data(), as: UTF8.self))
            #expect(swaps.map(BlockDeviceName.kernelName).contains(disk.device), "still swapping")
        }
    }

    @Test("a file system signature is refused unless wipe is set, and is left intact", .needsLoopDevices)
    func signature() async throws {
        try await withTestScope { scope in
            let disk = try await scope.scratch(1)[0]
            try await scope.host.check(["mkfs.ext4", "-q", "-F", "-L", "keepme", disk.devicePath])

            let refusals = await check(scope, [disk.devicePath])
            #expect(
                refusals == [
                    DiskRefusal(
                        device: disk.device, reason: .signatures([DiskSignature(type: "ext4", label: "keepme")]))
                ])
            #expect(refusals.first?.description.contains("carries ext4 \"keepme\"; set `wipe: true`") == true)
            #expect(await check(scope, [disk.devicePath], wipe: true) == [])
            #expect(try await signatureTypes(scope, disk.devicePath) == ["ext4"], "checking wrote nothing")
        }
    }

    @Test("a file system with this run's label (an earlier cell's) passes; another run's label is refused", .needsLoopDevices)
    func ownFileSystemLabel() async throws {
        try await withTestScope { scope in
            let disk = try await scope.scratch(1)[0]
            let label = FilesystemLabel.of(runID: "20261202T000000Z-a1b2c3")
            #expect(label == "iosw-a1b2c3")
            try await scope.host.check(["mkfs.ext4", "-q", "-F", "-L", label, disk.devicePath])
            #expect(await check(scope, [disk.devicePath], runID: "20261202T000000Z-a1b2c3") == [])
            #expect(
                await check(scope, [disk.devicePath], runID: "20261202T000000Z-000000")
                    == [DiskRefusal(device: disk.device, reason: .signatures([DiskSignature(type: "ext4", label: label)]))])
            #expect(await check(scope, [disk.devicePath], runID: "") != [], "no run id, no label of its own")
        }
    }

    @Test("a member of a foreign pool is refused; the pool is untouched", .needsZFS)
    func foreignPool() async throws {
        try await withTestScope { scope in
            let disks = try await scope.scratch(2)
            let pool = scope.poolName()
            try await scope.createPoolUnguarded(pool, ["zpool", "create", "-m", "none", pool, disks[0].devicePath])

            let refusals = await check(scope, disks.map(\.devicePath), wipe: true)
            #expect(refusals == [DiskRefusal(device: disks[0].device, reason: .poolMember(pool: pool, marker: nil))])
            #expect(
                refusals.first?.description == "refusing \(disks[0].devicePath): member of imported pool '\(pool)' (not created by iosweep)"
            )

            let otherRun = await check(scope, [disks[0].devicePath], runID: "another", wipe: true)
            #expect(otherRun.count == 1)
            let status = try await ZFS(host: scope.host).status([pool])
            #expect(status.first?.state == "ONLINE")
            #expect(status.first?.leaves.map(\.name) == [disks[0].device])
        }
    }

    @Test("a member of this run's pool passes, and so does its label after the pool is destroyed", .needsZFS)
    func ownPool() async throws {
        try await withTestScope { scope in
            let disks = try await scope.scratch(1)
            let pool = scope.poolName()
            let runID = scope.runID
            let zfs = ZFS(host: scope.host)
            scope.onTeardown(run: ["zpool", "destroy", "-f", pool])
            try await zfs.createPool(ZPoolCreate(name: pool, vdevs: [.init(.stripe, [disks[0].devicePath])], marker: runID), runID: runID)

            #expect(await check(scope, [disks[0].devicePath], runID: runID) == [])
            #expect(
                await check(scope, [disks[0].devicePath], runID: "another").contains {
                    $0.reason == .poolMember(pool: pool, marker: runID)
                })

            try await zfs.destroyPool(pool, runID: runID)
            let leftover = await check(scope, [disks[0].devicePath], runID: runID)
            #expect(
                leftover == [
                    DiskRefusal(
                        device: disks[0].device, reason: .signatures([DiskSignature(type: "zfs_member", label: pool)]))
                ])
            #expect(await check(scope, [disks[0].devicePath], runID: runID, ownPools: [pool]) == [])
        }
    }

    @Test("every refusal of every device is reported, not just the first", .needsLoopDevices)
    func allRefusals() async throws {
        try await withTestScope { scope in
            let disks = try await scope.scratch(3)
            try await scope.host.check(["mkswap", disks[0].devicePath])
            try await scope.host.check(["swapon", disks[0].devicePath])
            scope.onTeardown(run: ["swapoff", disks[0].devicePath])
            try await scope.host.check(["mkfs.ext4", "-q", "-F", disks[1].devicePath])

            let refusals = await check(scope, disks.map(\.devicePath), allowed: [disks[0].device, disks[1].device])
            #expect(refusals.map(\.device) == [disks[0].device, disks[0].device, disks[1].device, disks[2].device])
            #expect(refusals.contains(DiskRefusal(device: disks[0].device, reason: .swap(partition: nil))))
            #expect(refusals.contains(DiskRefusal(device: disks[0].device, reason: .signatures([DiskSignature(type: "swap")]))))
            #expect(refusals.contains(DiskRefusal(device: disks[1].device, reason: .signatures([DiskSignature(type: "ext4")]))))
            #expect(refusals.last?.reason == .notAllowed(allowed: [disks[0].device, disks[1].device]))
        }
    }

    @Test("mountinfo and swaps parse, escapes decoded")
    func parsesTables() {
        let mountinfo = """
            36 35 98:0 /mnt1 /mnt/parent\\040dir rw,noatime master:1 - ext3 /dev/root rw,errors=continue
            40 22 0:45 / /tank/dozer rw shared:2 - fuse tank/dozer rw,user_id=0
            bogus line
            """
        let table = MountTable.parse(mountinfo)
        #expect(
            table.mounts == [
                .init(device: "98:0", mountPoint: "/mnt/parent dir", fileSystem: "ext3", source: "/dev/root"),
                .init(device: "0:45", mountPoint: "/tank/dozer", fileSystem: "fuse", source: "tank/dozer"),
            ])
        let swaps =
            "Filename\t\t\t\tType\t\tSize\tUsed\tPriority\n/dev/loop4                              partition\t65532\t0\t-2\n/swap\\040file file 1 0 -3\n"
        #expect(SwapTable.parse(swaps) == ["/dev/loop4", "/swap file"])
    }

    /// A sparse file of `size` bytes holding an MBR with one Linux partition from sector 2048 to the end.
    static func writeDiskWithOnePartition(_ path: String, size: Int64) throws {
        var mbr = [UInt8](repeating: 0, count: 512)
        let start: UInt32 = 2048
        let sectors = UInt32(size / 512) - start
        mbr[446 + 4] = 0x83
        withUnsafeBytes(of: start.littleEndian) { mbr.replaceSubrange(454..<458, with: $0) }
        withUnsafeBytes(of: sectors.littleEndian) { mbr.replaceSubrange(458..<462, with: $0) }
        mbr[510] = 0x55
        mbr[511] = 0xAA
        _ = FileManager.default.createFile(atPath: path, contents: Data(mbr))
        let handle = try FileHandle(forWritingAtPath: path).orThrow(path)
        try handle.truncate(atOffset: UInt64(size))
        try handle.close()
    }
}

extension Optional {
    func orThrow(_ what: String) throws -> Wrapped {
        guard let value = self else { throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: what]) }
        return value
    }
}
