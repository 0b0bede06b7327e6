/// Why a device may not be destroyed, with the device it concerns.
package struct DiskRefusal: Hashable, Sendable, Error {
    package enum Reason: Hashable, Sendable {
        /// Not listed in the experiment's `disks` (nor one of its scratch devices).
        case notAllowed(allowed: [String])
        /// `/dev/NAME` does not exist.
        case missing
        /// `/dev/NAME` exists but is not a block device.
        case notBlockDevice
        /// The device, or its partition `partition`, is mounted.
        case mounted(mountPoint: String, fileSystem: String, partition: String?)
        /// The device, or its partition `partition`, is active swap.
        case swap(partition: String?)
        /// Another kernel device sits on it (device-mapper, md): `/sys/class/block/NAME/holders`.
        case held(by: [String])
        /// A leaf of imported pool `pool`, which does not carry this run's marker.
        case poolMember(pool: String, marker: String?)
        /// Carries a partition table or file system signature and the experiment does not set `wipe: true`.
        case signatures([DiskSignature])
        /// A check could not be made (a probe failed), so the device is not known to be safe.
        case unverifiable(check: String, detail: String)
    }

    /// Kernel name (`loop3`, `sdb`).
    package var device: String
    package var reason: Reason

    package init(device: String, reason: Reason) {
        self.device = device
        self.reason = reason
    }
}

extension DiskRefusal: CustomStringConvertible {
    /// One line: `refusing /dev/loop3: mounted at /mnt/x (ext4)`.
    package var description: String {
        "refusing /dev/\(device): " + reasonText
    }

    private var reasonText: String {
        switch reason {
        case .notAllowed(let allowed):
            let list = allowed.isEmpty ? "none" : allowed.joined(separator: ", ")
            return "not listed in the experiment's disks (allowed: \(list))"
        case .missing:
            return "no such device"
        case .notBlockDevice:
            return "not a block device"
        case .mounted(let mountPoint, let fileSystem, let partition):
            let what = partition.map { "its partition /dev/\($0) is mounted" } ?? "mounted"
            return "\(what) at \(mountPoint) (\(fileSystem))"
        case .swap(let partition):
            return partition.map { "its partition /dev/\($0) is active swap" } ?? "active swap"
        case .held(let holders):
            return "in use by \(holders.map { "/dev/" + $0 }.joined(separator: ", ")) (device-mapper, md or similar)"
        case .poolMember(let pool, let marker):
            let owner = marker.map { "marked by run \($0)" } ?? "not created by iosweep"
            return "member of imported pool '\(pool)' (\(owner))"
        case .signatures(let signatures):
            return "carries \(signatures.map(\.description).joined(separator: ", ")); "
                + "set `wipe: true` in the experiment to allow destroying it"
        case .unverifiable(let check, let detail):
            return "cannot check \(check): \(detail)"
        }
    }
}
