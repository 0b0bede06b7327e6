import Foundation
import SweepModel

/// Checks devices before a destructive step (`zpool create`, `wipefs`) and explains every refusal.
///
/// A device passes when it is in the allowlist, is a block device, is not mounted (itself or a
/// partition), is not swap, has no holders, is not a leaf of an imported pool lacking this run's
/// marker, and carries no partition table or file system signature — unless `wipe` is set, or the
/// only signatures are ZFS labels of a pool this run created on it (``Request/ownPools``) or a file system
/// this run made on it (an ext4, xfs or btrfs signature carrying the run's ``FilesystemLabel``).
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
    /// Where `/proc/self/mountinfo`, `/proc/swaps` and `/sys/class/block` are read.
    package var system: SystemPaths

    package init(host: any Host = LocalHost(), system: SystemPaths = SystemPaths()) {
        self.host = host
        self.system = system
    }

    /// Every refusal for every device of `request`, in device order; empty when all may be destroyed.
    package func check(_ request: Request) async -> [DiskRefusal] {
        let allowed = Set(request.allowed.map(BlockDeviceName.kernelName))
        let mounts = MountTable.parse(read(system.mountinfo) ?? "")
        let swaps = Set(SwapTable.parse(read(system.swaps) ?? "").map(BlockDeviceName.kernelName))
        var pools: Result<[(ZPoolStatus, String?)], Error>?

        var refusals: [DiskRefusal] = []
        var seen = Set<String>()
        for requested in request.devices {
            let name = BlockDeviceName.kernelName(requested)
            guard seen.insert(name).inserted else { continue }
            func refuse(_ reason: DiskRefusal.Reason) { refusals.append(DiskRefusal(device: name, reason: reason)) }

            if !allowed.contains(name) { refuse(.notAllowed(allowed: request.allowed)) }
            var info = stat()
            guard stat("/dev/" + name, &info) == 0 else { refuse(.missing); continue }
            guard (info.st_mode & S_IFMT) == S_IFBLK else { refuse(.notBlockDevice); continue }

            let partitions = self.partitions(of: name)
            let family = [(name, nil as String?)] + partitions.map { ($0, $0 as String?) }
            for (member, partition) in family {
                let number = majorMinor(member)
                for mount in mounts.mounts
                where mount.device == number || mount.source.hasPrefix("/dev/") && BlockDeviceName.kernelName(mount.source) == member {
                    refuse(.mounted(mountPoint: mount.mountPoint, fileSystem: mount.fileSystem, partition: partition))
                }
                if swaps.contains(member) { refuse(.swap(partition: partition)) }
            }
            let holders = family.flatMap { list(system.sysClassBlock + "/" + $0.0 + "/holders") }
            if !holders.isEmpty { refuse(.held(by: holders.sorted())) }

            if pools == nil { pools = await Result { try await importedPoolStatus() } }
            var ourPoolLabels = request.ownPools
            switch pools {
            case .success(let statuses):
                for (status, marker) in statuses where status.leaves.contains(where: { leafDevice($0.name) == name }) {
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
    func leafDevice(_ leaf: String) -> String {
        var candidates = [leaf.hasPrefix("/") ? leaf : "/dev/" + leaf]
        if !leaf.hasPrefix("/") {
            candidates += ["by-id", "by-path", "by-uuid", "by-partuuid", "by-label"].map { "/dev/disk/\($0)/\(leaf)" }
            candidates.append("/dev/mapper/" + leaf)
        }
        guard let path = candidates.first(where: { FileManager.default.fileExists(atPath: $0) }) else { return leaf }
        let name = BlockDeviceName.kernelName(path)
        return parentDevice(ofPartition: name) ?? name
    }

    /// `sdb` for partition `sdb1` (`/sys/class/block/sdb1/partition` exists); `nil` for a whole device.
    func parentDevice(ofPartition name: String) -> String? {
        let entry = system.sysClassBlock + "/" + name
        guard FileManager.default.fileExists(atPath: entry + "/partition") else { return nil }
        let resolved = URL(fileURLWithPath: entry).resolvingSymlinksInPath()
        return resolved.deletingLastPathComponent().lastPathComponent
    }

    /// Partitions of `name`: subdirectories of `/sys/class/block/NAME` holding a `partition` file.
    func partitions(of name: String) -> [String] {
        let entry = system.sysClassBlock + "/" + name
        return list(entry).filter { FileManager.default.fileExists(atPath: entry + "/" + $0 + "/partition") }.sorted()
    }

    /// `major:minor` from `/sys/class/block/NAME/dev`.
    func majorMinor(_ name: String) -> String? {
        read(system.sysClassBlock + "/" + name + "/dev")?.trimmingWhitespace
    }

    private func read(_ path: String) -> String? {
        FileManager.default.contents(atPath: path).map { String(decoding: $0, as: UTF8.self) }
    }

    private func list(_ path: String) -> [String] {
        (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
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
