import Foundation
import SweepModel
import SweepRecords

/// Checks devices before a destructive step (`zpool create`, `wipefs`) and explains every refusal.
///
/// A device passes when it is in the allowlist, is a block device, is not mounted (itself or a
/// partition), is not swap, has no holders, is not a leaf of an imported pool lacking this run's
/// marker, and carries no partition table or file system signature — unless `wipe` is set, or the
/// only signatures are ZFS labels of a pool this run created on it (``Request/ownPools``) or a file system
/// this run made on it (an ext4, xfs or btrfs signature carrying the run's ``FilesystemLabel``).
///
/// Every table is read, and every command run, on ``host``: the machine whose devices they are (a storage host
/// reached over ssh answers with its own kernel's mounts, swaps, holders and signatures).
package struct DiskSafety: Sendable {
    /// What to check.
    package struct Request: Hashable, Sendable {
        /// Devices the step will destroy (`sdb`, `/dev/loop3`, `/dev/disk/by-id/…`).
        package var devices: [String]
        /// The experiment's `disks`, or the loop devices bound to its scratch disks.
        package var allowed: [String]
        package var runID: String
        /// The experiment's `wipe: true`.
        package var wipe: Bool
        /// Pool names this run created (journalled): their leftover `zfs_member` labels are not refused.
        package var ownPools: Set<String>

        package init(devices: [String], allowed: [String], runID: String, wipe: Bool = false, ownPools: Set<String> = []) {
            self.devices = devices
            self.allowed = allowed
            self.runID = runID
            self.wipe = wipe
            self.ownPools = ownPools
        }
    }

    package var host: any Host
    /// Where `/proc/self/mountinfo`, `/proc/swaps` and `/sys/class/block` are read on ``host``.
    package var system: SystemPaths

    package init(host: any Host = LocalHost(), system: SystemPaths = SystemPaths()) {
        self.host = host
        self.system = system
    }

    /// Every refusal for every device of `request`, in device order; empty when all may be destroyed.
    package func check(_ request: Request) async -> [DiskRefusal] {
        // Names as the host resolves them (`/dev/disk/by-id/…` → `sdb` there).
        let named = await host.resolved((request.allowed + request.devices).map(BlockDeviceName.devicePath)).map(BlockDeviceName.kernelName)
        let allowed = Set(named.prefix(request.allowed.count))
        // A table that cannot be read (a host that stopped answering) proves nothing: every device is refused.
        let mountinfo = await host.contents(of: system.mountinfo)
        let swapList = await host.contents(of: system.swaps)
        let blockDevices = Set(await host.entries(of: system.sysClassBlock))
        var unread: [String] = []
        if mountinfo == nil { unread.append(system.mountinfo) }
        if swapList == nil { unread.append(system.swaps) }
        if blockDevices.isEmpty { unread.append(system.sysClassBlock) }
        let mounts = MountTable.parse(mountinfo ?? "")
        let swaps = Set(SwapTable.parse(swapList ?? "").map(BlockDeviceName.kernelName))
        var pools: Result<[(ZPoolStatus, String?)], Error>?

        var refusals: [DiskRefusal] = []
        var seen = Set<String>()
        for name in named.dropFirst(request.allowed.count) {
            guard seen.insert(name).inserted else { continue }
            func refuse(_ reason: DiskRefusal.Reason) { refusals.append(DiskRefusal(device: name, reason: reason)) }

            if !allowed.contains(name) { refuse(.notAllowed(allowed: request.allowed)) }
            if !unread.isEmpty {
                refuse(.unverifiable(check: "the kernel's tables", detail: "cannot read \(unread.joined(separator: ", "))"))
                continue
            }
            switch await host.kind(of: "/dev/" + name) {
            case nil: refuse(.missing); continue
            case .blockDevice?: break
            default: refuse(.notBlockDevice); continue
            }

            let partitions = await self.partitions(of: name, among: blockDevices)
            let family = [(name, nil as String?)] + partitions.map { ($0, $0 as String?) }
            var holders: [String] = []
            for (member, partition) in family {
                let number = await majorMinor(member)
                for mount in mounts.mounts
                where mount.device == number || mount.source.hasPrefix("/dev/") && BlockDeviceName.kernelName(mount.source) == member {
                    refuse(.mounted(mountPoint: mount.mountPoint, fileSystem: mount.fileSystem, partition: partition))
                }
                if swaps.contains(member) { refuse(.swap(partition: partition)) }
                holders += await host.entries(of: system.sysClassBlock + "/" + member + "/holders")
            }
            if !holders.isEmpty { refuse(.held(by: holders.sorted())) }

            if pools == nil { pools = await Result { try await importedPoolStatus() } }
            var ourPoolLabels = request.ownPools
            switch pools {
            case .success(let statuses):
                for (status, marker) in statuses where await status.leaves.asyncContains(where: { await leafDevice($0.name) == name }) {
                    if marker == request.runID {
                        ourPoolLabels.insert(status.name)
                    } else {
                        refuse(.poolMember(pool: status.name, marker: marker))
                    }
                }
            case .failure(let error):
                refuse(.unverifiable(check: "imported pools", detail: "\(error)"))
            case nil: break
            }

            if !request.wipe {
                do {
                    // A file system an earlier cell of this run made carries the run's label (no label without a run id).
                    let ownLabel = request.runID.isEmpty ? nil : FilesystemLabel.of(runID: request.runID)
                    let probe = try await host.check(DiskSignature.probeArgv("/dev/" + name))
                    let signatures = try DiskSignature.parse(probe.stdout).filter { signature in
                        !(signature.type == "zfs_member" && signature.label.map(ourPoolLabels.contains) == true)
                            && !(Self.madeFileSystems.contains(signature.type) && signature.label != nil
                                && signature.label == ownLabel)
                    }
                    if !signatures.isEmpty { refuse(.signatures(signatures)) }
                } catch {
                    refuse(.unverifiable(check: "signatures", detail: "\(error)"))
                }
            }
        }
        return refusals
    }

    /// The file-system types iosweep makes, whose signature with the run's label is the run's own.
    static let madeFileSystems = Set(Filesystem.Kind.allCases.map(\.rawValue))

    /// Imported pools' status with their markers.
    private func importedPoolStatus() async throws -> [(ZPoolStatus, String?)] {
        let zfs = ZFS(host: host)
        var statuses: [(ZPoolStatus, String?)] = []
        for status in try await zfs.status() {
            statuses.append((status, try await zfs.marker(ofPool: status.name)))
        }
        return statuses
    }

    /// The whole-device kernel name behind a pool leaf (`loop0`, `/dev/sdb1` → `sdb`, `ata-…` via
    /// `/dev/disk/by-*`); the leaf unchanged when it is a file or unknown.
    func leafDevice(_ leaf: String) async -> String {
        var candidates = [leaf.hasPrefix("/") ? leaf : "/dev/" + leaf]
        if !leaf.hasPrefix("/") {
            candidates += ["by-id", "by-path", "by-uuid", "by-partuuid", "by-label"].map { "/dev/disk/\($0)/\(leaf)" }
            candidates.append("/dev/mapper/" + leaf)
        }
        for path in candidates where await host.kind(of: path) != nil {
            // A link in /dev/disk names its device by where it points (`../../sdb1`).
            let name = BlockDeviceName.kernelName(await host.resolved([path])[0])
            return await parentDevice(ofPartition: name) ?? name
        }
        return leaf
    }

    /// `sdb` for partition `sdb1` (`/sys/class/block/sdb1/partition` exists); `nil` for a whole device.
    func parentDevice(ofPartition name: String) async -> String? {
        let entry = system.sysClassBlock + "/" + name
        guard await host.kind(of: entry + "/partition") != nil else { return nil }
        return FileSystem.parent(of: await host.resolved([entry])[0]).split(separator: "/").last.map(String.init)
    }

    /// Partitions of `name`: the entries of `/sys/class/block/NAME` that are block devices themselves (`blockDevices`,
    /// the entries of `/sys/class/block`) and hold a `partition` file.
    func partitions(of name: String, among blockDevices: Set<String>) async -> [String] {
        let entry = system.sysClassBlock + "/" + name
        var partitions: [String] = []
        for child in await host.entries(of: entry) where blockDevices.contains(child) {
            if await host.kind(of: entry + "/" + child + "/partition") != nil { partitions.append(child) }
        }
        return partitions.sorted()
    }

    /// `major:minor` from `/sys/class/block/NAME/dev`.
    func majorMinor(_ name: String) async -> String? {
        await host.contents(of: system.sysClassBlock + "/" + name + "/dev")?.trimmingWhitespace
    }
}

extension Sequence {
    /// Whether an element satisfies the asynchronous `predicate` (stops at the first that does).
    func asyncContains(where predicate: (Element) async -> Bool) async -> Bool {
        for element in self where await predicate(element) { return true }
        return false
    }
}

/// Where the kernel's tables are read; tests of parsing may point these at fixtures.
package struct SystemPaths: Hashable, Sendable {
    package var mountinfo: String
    package var swaps: String
    package var sysClassBlock: String

    package init(
        mountinfo: String = "/proc/self/mountinfo", swaps: String = "/proc/swaps",
        sysClassBlock: String = "/sys/class/block"
    ) {
        self.mountinfo = mountinfo
        self.swaps = swaps
        self.sysClassBlock = sysClassBlock
    }
}

extension Result where Failure == Error {
    init(catching body: () async throws -> Success) async {
        do { self = .success(try await body()) } catch { self = .failure(error) }
    }
}
