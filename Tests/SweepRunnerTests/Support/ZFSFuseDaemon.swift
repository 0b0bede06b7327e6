import Foundation
import IOSweepTestSupport
import SweepRunner
import Testing

/// The user-space zfs-fuse daemon, for the one test that kills it (SIGKILL) and starts it again the way
/// `Scripts/bootstrap.sh` does. Killing it disturbs every ZFS user of the machine: keep the window short.
enum ZFSFuseDaemon {
    static let pidfile = "/run/zfs-fuse.pid"

    /// The pid in the pidfile, if that process is a running zfs-fuse.
    static var pid: Int32? {
        guard let text = try? String(contentsOfFile: pidfile, encoding: .utf8),
            let pid = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines)),
            let comm = try? String(contentsOfFile: "/proc/\(pid)/comm", encoding: .utf8),
            comm.trimmingCharacters(in: .whitespacesAndNewlines) == "zfs-fuse"
        else { return nil }
        return pid
    }

    /// Root, zfs-fuse running under its pidfile (not the OpenZFS kernel module), a ZFS answering.
    static func isKillable() async -> Bool {
        guard !FileManager.default.fileExists(atPath: "/sys/module/zfs"), pid != nil else { return false }
        return await Requirements.zfs()
    }

    /// SIGKILLs the daemon and waits (up to 5 s) until it is gone.
    static func kill() async throws {
        let pid = try #require(pid, "zfs-fuse is not running")
        Foundation.kill(pid, SIGKILL)
        for _ in 0..<100 where FileManager.default.fileExists(atPath: "/proc/\(pid)/comm") {
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    /// Starts the daemon unless it runs (removing a stale pidfile, which makes zfs-fuse exit 1 silently),
    /// then waits (up to 10 s) until `zpool list` answers. Returns whether it does.
    @discardableResult
    static func restart() async throws -> Bool {
        let host = LocalHost()
        if pid == nil {
            try? FileManager.default.removeItem(atPath: pidfile)
            // The daemon forks away; its output goes nowhere, so no pipe waits on it (see ``TestProcess`` for why not
            // Foundation's Process: it waited forever on the launcher's zombie, the hang of this test).
            let executable = try LocalHost.resolve("zfs-fuse", path: RunOptions.defaultPath)
            let status = try TestProcess.run(executable, ["--pidfile", pidfile], discardingOutput: true, timeout: .seconds(30)).status
            if status != 0 { print("zfs-fuse did not start: exit status \(status)") }
        }
        for _ in 0..<50 {
            if (try? await host.run(["zpool", "list"]))?.succeeded == true { return true }
            try await Task.sleep(for: .milliseconds(200))
        }
        return false
    }
}

extension Trait where Self == ConditionTrait {
    /// Skips (visibly) unless the ZFS is the zfs-fuse daemon under `/run/zfs-fuse.pid`, which a test may kill and
    /// restart.
    static var needsKillableZFSFuse: Self {
        .enabled("needs root, loop devices and the zfs-fuse daemon under /run/zfs-fuse.pid (Scripts/bootstrap.sh starts it)") {
            await ZFSFuseDaemon.isKillable()
        }
    }
}
