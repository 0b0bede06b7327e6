import Foundation
import SweepRunner
import Testing

/// What the machine offers; tests that need more are skipped with a visible reason.
enum Requirements {
    static var isRoot: Bool { getuid() == 0 }

    /// Root and `losetup` (loop devices).
    static func loopDevices() async -> Bool {
        guard isRoot else { return false }
        return (try? await LocalHost().run(["losetup", "--list"]))?.succeeded == true
    }

    /// Loop devices plus a ZFS that answers (`zpool list`): zfs-fuse needs `/dev/fuse` and its daemon.
    static func zfs() async -> Bool {
        guard await loopDevices() else { return false }
        return (try? await LocalHost().run(["zpool", "list"]))?.succeeded == true
    }
}

extension Trait where Self == ConditionTrait {
    /// Skips (visibly) unless root with loop devices.
    static var needsLoopDevices: Self {
        .enabled("needs root and losetup (loop devices); run as root on Linux") { await Requirements.loopDevices() }
    }

    /// Skips (visibly) unless root with loop devices and a ZFS answering `zpool list`.
    static var needsZFS: Self {
        .enabled("needs root, loop devices and ZFS (`zpool list` must answer: run Scripts/bootstrap.sh for zfs-fuse)") {
            await Requirements.zfs()
        }
    }
}
