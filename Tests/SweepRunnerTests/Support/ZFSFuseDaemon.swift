import Foundation
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
            // The daemon forks away; its output goes nowhere, so no pipe waits on it. posix_spawn and waitpid, not
            // Foundation's Process: in a process where swift-subprocess already watches children, Process never saw
            // the launcher exit and `waitUntilExit()` waited forever on a zombie (the hang of this test).
            let executable = try LocalHost.resolve("zfs-fuse", path: RunOptions.defaultPath)
            let status = try spawnAndWait([executable, "--pidfile", pidfile])
            if status != 0 { print("zfs-fuse did not start: exit status \(status)") }
        }
        for _ in 0..<50 {
            if (try? await host.run(["zpool", "list"]))?.succeeded == true { return true }
            try await Task.sleep(for: .milliseconds(200))
        }
        return false
    }

    /// Runs `argv` with standard input and output on /dev/null and returns its wait status.
    private static func spawnAndWait(_ argv: [String]) throws -> Int32 {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        for descriptor: Int32 in [0, 1, 2] {
            posix_spawn_file_actions_addopen(&actions, descriptor, "/dev/null", descriptor == 0 ? O_RDONLY : O_WRONLY, 0)
        }
        var arguments = argv.map { strdup($0) } + [nil]
        defer { for argument in arguments { free(argument) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, argv[0], &actions, nil, &arguments, environ)
        try #require(spawned == 0, "posix_spawn \(argv[0]): \(String(cString: strerror(spawned)))")
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        return status
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
