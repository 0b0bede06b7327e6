import Foundation
import SweepRecords
import SweepRunner
import Testing

/// A storage host that sees other mounts than this machine — its sshd, and so every command iosweep runs there, in a
/// private mount namespace — stands for a storage server of its own: its scratch disks must be made there and its
/// devices checked against its own mount table, not this machine's.
@Suite(.serialized) struct RemoteStorageHostTests {
    /// A study of an ext4 file system made and mounted on `storage`, written by fio through a managed fio server there
    /// (`clients: [storage]`): every command that sees the mount runs on the host. (Not a zfs-fuse pool: zfs-fuse
    /// mounts and unmounts from the `zfs` command's mount namespace, which a private one here cannot share with its
    /// daemon.)
    static func study(_ storage: NamespaceHost, disks: String, wipe: Bool = false) -> String {
        """
        experiment: remote-storage
        hosts:
          - { name: storage, ssh: root@\(storage.address), ssh-options: [\(storage.sshOptions.map { "\"\($0)\"" }.joined(separator: ", "))] }
        disks: \(disks)
        wipe: \(wipe)
        filesystem: { host: storage, type: ext4, devices: "${disks[:1]}" }
        workload:
          fio:
            clients: [storage]
            directory: ${mountpoint}
            runtime: 1
            job: |
              [w]
              rw=write
              bs=64k
              ioengine=psync
              size=4m
        results: cell

        """
    }

    @Test(
        "scratch disks of a storage host are made on it: the run succeeds with a scratch directory only that host can see, and nothing is left there",
        .needsNamespaces, .needsLoopDevices)
    func scratchDisksMadeOnTheStorageHost() async throws {
        try await withTestScope { scope in
            let storage = try await NamespaceHost.make(in: scope, tag: "p", privateMounts: true)
            let hidden = scope.directory + "/storage-only"
            try FileManager.default.createDirectory(atPath: hidden, withIntermediateDirectories: true)
            try await scope.host.check(try storage.inItsMounts(["mount", "-t", "tmpfs", "-o", "size=300m", "iosweep-test", hidden]))
            scope.onTeardown(run: try storage.inItsMounts(["umount", "-l", hidden]))
            scope.onTeardown("loop devices over \(hidden)") {
                for device in try await LoopDevice.all(on: scope.host) where device.backingFile.hasPrefix(hidden + "/") {
                    _ = try await scope.host.run(["losetup", "-d", device.path])
                }
            }
            let experiment = scope.directory + "/remote.yaml"
            try Self.study(storage, disks: "{ scratch: { count: 1, size: 256M, dir: \(hidden) } }")
                .write(toFile: experiment, atomically: true, encoding: .utf8)
            let results = scope.directory + "/results"

            let run = try await IOSweepBinary.run(
                ["run", experiment, "--results", results, "--yes", "--quiet"], in: scope.directory, timeout: 240)
            #expect(run.termination == .exited(0), "\(run.stderr)")
            let loops = Journal.read(path: results + "/journal.jsonl").compactMap(\.resourceCreatedOrCreating).filter { $0.kind == .loop }
            #expect(loops.map(\.file) == [hidden + "/scratch0.img"], "the scratch file, journalled: \(loops)")
            #expect(FileManager.default.fileExists(atPath: results + "/cell/fio.json"), "the cell's results")

            // This machine never saw the file (its directory here is another one); the host's copy is gone too.
            #expect(try FileManager.default.contentsOfDirectory(atPath: hidden).isEmpty, "nothing made on this machine")
            let there = try await scope.host.check(try storage.inItsMounts(["ls", "-A", hidden]))
            #expect(there.stdout.isEmpty, "the scratch file is deleted on the storage host: \(there.stdout)")
            let attached = try await scope.host.check(["losetup", "--list", "--noheadings", "--output", "BACK-FILE"])
            #expect(!attached.stdout.contains(hidden), "no loop device left: \(attached.stdout)")
            let mounts = try await scope.host.check(try storage.inItsMounts(["cat", "/proc/self/mountinfo"]))
            #expect(
                !mounts.stdout.contains(results), "the file system is unmounted there: \(IOSweepBinary.read(results + "/journal.jsonl"))")
            let servers = try await scope.host.run(["pgrep", "-a", "fio"])
            #expect(!servers.stdout.contains(storage.address), "the fio server is stopped: \(servers.stdout)")
        }
    }

    @Test(
        "a device mounted only on the storage host is refused before anything runs (exit 3), naming the mount there, even with wipe: true",
        .needsNamespaces, .needsLoopDevices)
    func deviceMountedOnTheStorageHostIsRefused() async throws {
        try await withTestScope { scope in
            let disk = try #require(try await scope.scratch(1).first)
            try await scope.host.check(["mkfs.ext4", "-q", "-F", disk.devicePath])
            let storage = try await NamespaceHost.make(in: scope, tag: "q", privateMounts: true)
            let mountpoint = scope.directory + "/mounted-there"
            try FileManager.default.createDirectory(atPath: mountpoint, withIntermediateDirectories: true)
            try await scope.host.check(try storage.inItsMounts(["mount", disk.devicePath, mountpoint]))
            scope.onTeardown(run: try storage.inItsMounts(["umount", "-l", mountpoint]))
            let here = try String(contentsOfFile: "/proc/self/mountinfo", encoding: .utf8)
            #expect(!here.contains(mountpoint), "mounted on the storage host only")

            let experiment = scope.directory + "/remote.yaml"
            try Self.study(storage, disks: "[\(disk.devicePath)]", wipe: true)
                .write(toFile: experiment, atomically: true, encoding: .utf8)
            let results = scope.directory + "/results"
            let refused = try await IOSweepBinary.run(
                ["run", experiment, "--results", results, "--yes", "--quiet"], in: scope.directory, timeout: 120)
            #expect(refused.termination == .exited(3), "\(refused.stderr)")
            #expect(refused.stderr.contains("refusing \(disk.devicePath): mounted at \(mountpoint)"), "\(refused.stderr)")
            let events = Journal.read(path: results + "/journal.jsonl")
            #expect(!events.contains { $0.event == .stepStarted || $0.event == .serverStarted }, "nothing ran")
        }
    }
}
