import Foundation

/// The block device under a directory, as `iostat` and `diskstats` name it: the default device they sample in a
/// study with neither a pool nor `disks` (``SweepPlanner/Placeholder/workloadDevice``).
///
/// The directory's realpath (its nearest existing ancestor while it does not exist yet) is matched against
/// `/proc/self/mountinfo`: the mount with the longest mount-point prefix gives `major:minor`, and
/// `/sys/dev/block/MAJ:MIN` the kernel name (`vda`, `vda1` for a partition, `loop5`, `dm-0`). A file system with
/// no block device (overlay, tmpfs, FUSE, NFS: major 0 and a source that is no block device) has none: the
/// collectors defaulting to it are skipped with a warning, and recorded failed in the cell.
package enum WorkloadDevice {
    /// What the lookup found.
    package enum Resolution: Hashable, Sendable {
        /// The kernel name of the device (`vda1`).
        case device(String)
        /// Why there is none (`/work is on overlay (overlay), which has no block device`).
        case none(reason: String)
    }

    /// The device under `directory` (made absolute and resolved), from `/proc/self/mountinfo` and `/sys/dev/block`.
    package static func resolve(_ directory: String) -> Resolution {
        guard let mountinfo = try? String(contentsOfFile: "/proc/self/mountinfo", encoding: .utf8) else {
            return .none(reason: "cannot read /proc/self/mountinfo")
        }
        return lookup(existingRealPath(directory), mountinfo: mountinfo, sysBlock: "/sys/dev/block")
    }

    /// The device under the resolved `path`, from `mountinfo` (its text) and `sysBlock` (a `/sys/dev/block`).
    static func lookup(_ path: String, mountinfo text: String, sysBlock: String) -> Resolution {
        let mounts = MountTable.parse(text).mounts
        // The last of equally long mount points is the one on top (mounted later).
        var found: MountTable.Mount?
        for mount in mounts where contains(mount.mountPoint, path) {
            if mount.mountPoint.count >= (found?.mountPoint.count ?? 0) { found = mount }
        }
        guard let mount = found else { return .none(reason: "no mount holds \(path)") }
        let link = sysBlock + "/" + mount.device
        if let target = try? FileManager.default.destinationOfSymbolicLink(atPath: link),
            let name = target.split(separator: "/").last, !mount.device.hasPrefix("0:")
        {
            return .device(String(name))
        }
        // btrfs and others report an anonymous 0:N; their source may still be a block device.
        var info = stat()
        if mount.source.hasPrefix("/dev/"), stat(mount.source, &info) == 0, (info.st_mode & S_IFMT) == S_IFBLK {
            return .device(BlockDeviceName.kernelName(mount.source))
        }
        return .none(reason: "\(path) is on \(mount.fileSystem) (\(mount.source)), which has no block device")
    }

    /// Whether `path` is `mountPoint` or below it.
    private static func contains(_ mountPoint: String, _ path: String) -> Bool {
        mountPoint == "/" || path == mountPoint || path.hasPrefix(mountPoint + "/")
    }

    /// The realpath of `directory`, or of its nearest existing ancestor.
    static func existingRealPath(_ directory: String) -> String {
        var path = directory.hasPrefix("/") ? directory : FileManager.default.currentDirectoryPath + "/" + directory
        while !FileManager.default.fileExists(atPath: path), path != "/" {
            path = (path as NSString).deletingLastPathComponent
        }
        guard let resolved = realpath(path, nil) else { return path }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}
