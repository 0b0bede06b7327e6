import Foundation

/// Spellings of a block device: `sdb`, `/dev/sdb`, `/dev/disk/by-id/…` all name one kernel device.
package enum BlockDeviceName {
    /// The kernel name (`sdb`, `loop3`, `nvme0n1`): `/dev/` stripped, symlinks under `/dev` resolved.
    package static func kernelName(_ device: String) -> String {
        let path = devicePath(device)
        let resolved = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
        let chosen = resolved.hasPrefix("/dev/") ? resolved : path
        return chosen.hasPrefix("/dev/") ? String(chosen.dropFirst("/dev/".count)) : chosen
    }

    /// `/dev/<device>` unless `device` is already a path.
    package static func devicePath(_ device: String) -> String {
        device.hasPrefix("/") ? device : "/dev/" + device
    }
}
