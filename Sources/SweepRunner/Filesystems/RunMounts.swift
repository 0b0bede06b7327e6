import Foundation
import SweepRecords

/// The file systems a run mounted, found in the mount table: a mount is the run's when its source is one of the
/// run's devices (its scratch loop devices, the real devices its plan destroys) **and** the file system carries
/// the run's label (``FilesystemLabel``), in ``host``'s mount table. Only such mounts are ever unmounted; any other mount — at the run's
/// mount point or on one of its devices — is left as it is, and what depends on it (a loop device under it) is kept.
package struct RunMounts: Sendable {
    /// What is mounted at a mount point.
    package enum Ownership: Hashable, Sendable {
        case absent
        /// The run's own file system (its device, its label).
        case ours(MountTable.Mount)
        /// Someone else's: another source, or another label.
        case foreign(MountTable.Mount)
    }

    package var host: any Host
    /// The run's label.
    package var label: String
    /// Kernel names of the run's devices (`loop3`, `sdb`).
    package var devices: Set<String>
    /// Where the mount table is read.
    package var mountinfo: String

    package init(host: any Host, label: String, devices: some Sequence<String>, mountinfo: String = "/proc/self/mountinfo") {
        self.host = host
        self.label = label
        self.devices = Set(devices.map(BlockDeviceName.kernelName))
        self.mountinfo = mountinfo
    }

    /// The kernel names of a run's devices: the loop devices backed by `loopFiles` (its journalled scratch files)
    /// and `realDevices` (its plan's destroys without placeholders).
    package static func devices(loopFiles: [String], realDevices: [String], host: any Host) async -> Set<String> {
        var names = Set(realDevices.map(BlockDeviceName.kernelName))
        if !loopFiles.isEmpty, let loops = try? await LoopDevice.backing(loopFiles, on: host) {
            names.formUnion(loops.map(\.name))
        }
        return names
    }

    /// The mount table of ``host`` now (empty when it cannot be read).
    package func table() async -> [MountTable.Mount] {
        MountTable.parse(await host.contents(of: mountinfo) ?? "").mounts
    }

    /// Whether `mount` is the run's: its source is one of the run's devices and carries the run's label.
    package func isOurs(_ mount: MountTable.Mount) async -> Bool {
        guard mount.source.hasPrefix("/dev/"), devices.contains(BlockDeviceName.kernelName(mount.source)) else { return false }
        return await self.label(of: mount.source) == label
    }

    /// The label of the file system on `device` (`blkid -p`, read from the device, not a cache), `nil` when it has none.
    package func label(of device: String) async -> String? {
        guard let result = try? await host.run(["blkid", "-p", "-o", "value", "-s", "LABEL", device]), result.succeeded else {
            return nil
        }
        let value = result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        return value.isEmpty ? nil : value
    }

    /// What is mounted at `mountpoint` (the topmost mount there).
    package func ownership(of mountpoint: String) async -> Ownership {
        let target = await host.resolved([mountpoint])[0]
        guard let mount = await table().last(where: { $0.mountPoint == target }) else { return .absent }
        return await isOurs(mount) ? .ours(mount) : .foreign(mount)
    }

    /// The run's mounts now, newest first (a mount on top of another comes off first).
    package func ours() async -> [MountTable.Mount] {
        var found: [MountTable.Mount] = []
        for mount in await table().reversed() where await isOurs(mount) { found.append(mount) }
        return found
    }

    /// Every block device mounted now, by kernel name (`loop3`), with its first mount: whoever mounted it.
    package func mountedDevices() async -> [String: MountTable.Mount] {
        var mounted: [String: MountTable.Mount] = [:]
        for mount in await table() where mount.source.hasPrefix("/dev/") {
            let name = BlockDeviceName.kernelName(mount.source)
            if mounted[name] == nil { mounted[name] = mount }
        }
        return mounted
    }

    /// Unmounts `mountpoint`, retrying while it is busy (a process of the cell that has just ended, a flush):
    /// up to 10 attempts over about 7 s. Throws the last failure.
    package func unmount(_ mountpoint: String) async throws {
        try await host.checkRetryingWhileBusy(["umount", mountpoint], attempts: 10, backoff: 0.15)
    }

    /// Unmounts every mount of the run (newest first); returns the mount points unmounted and the failures.
    package func unmountOurs() async -> (unmounted: [String], failures: [String]) {
        var unmounted: [String] = []
        var failures: [String] = []
        for mount in await ours() {
            do {
                try await unmount(mount.mountPoint)
                unmounted.append(mount.mountPoint)
            } catch {
                failures.append("could not unmount \(mount.mountPoint) (\(mount.source)): \(error)")
            }
        }
        return (unmounted, failures)
    }
}
