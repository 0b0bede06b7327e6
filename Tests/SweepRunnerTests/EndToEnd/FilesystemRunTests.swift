import Foundation
import SweepModel
import SweepPlanner
import SweepRecords
import SweepRunner
import Testing

/// `iosweep run` on file-system targets, through the built binary on a scratch loop device: ext4, xfs and btrfs
/// made with the run's label, mounted, recorded and unmounted; `kill -9` at several moments then `resume`; `clean`
/// after a kill, leaving a mount it did not make alone.
@Suite(.serialized, .needsFilesystemTools) struct FilesystemRunTests {
    static let types = ["ext4", "xfs", "btrfs"]

    /// A study of one cell per type on one scratch disk, written into `scope`'s directory; `mountpoint` when given.
    static func experiment(_ scope: TestScope, mountpoint: String? = nil) throws -> String {
        let path = scope.directory + "/fs.yaml"
        try """
        experiment: fs-\(scope.id)
        disks: { scratch: { count: 1, size: 320M } }
        matrix:
          fs: [\(types.joined(separator: ", "))]
        filesystem:
          type: ${fs}
          devices: ${disks}
          mount-options: [noatime]
        \(mountpoint.map { "  mountpoint: \($0)" } ?? "")
        workload:
          fio:
            job: "[j]\\nbs=8k\\nsize=8M\\ntime_based\\nioengine=psync\\n"
            directory: ${mountpoint}
            rw: write
            runtime: 1
        collectors:
          - iostat: { interval: 1 }
        results: ${fs}
        """.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    static func iosweep(
        _ arguments: [String], _ scope: TestScope, environment: [String: String] = [:]
    ) async throws
        -> IOSweepBinary.Result
    {
        try await IOSweepBinary.run(arguments, in: scope.directory, environment: environment, timeout: 180)
    }

    /// The mount points under `results` now.
    static func mounts(under results: String) -> [String] {
        let table = (try? String(contentsOfFile: "/proc/self/mountinfo", encoding: .utf8)) ?? ""
        return table.split(separator: "\n").compactMap { $0.split(separator: " ").dropFirst(4).first.map(String.init) }
            .filter { $0.hasPrefix(results + "/") }
    }

    /// What a run in `results` left: mounts under it, loop devices over its scratch file, its live processes.
    static func leftovers(_ results: String, _ scope: TestScope) async throws -> [String] {
        let loops = try await LoopDevice.backing([results + "/.scratch/scratch0.img"], on: scope.host)
        return mounts(under: results).map { "mount \($0)" } + loops.map { "loop \($0.path)" }
            + RunState.markedProcesses(under: results).map { "process \($0.pid) \($0.argv.joined(separator: " "))" }
    }

    /// Makes sure nothing of a run in `results` outlives the test, whatever it did.
    static func guardTeardown(_ results: String, _ scope: TestScope) {
        let host = scope.host
        scope.onTeardown("what the run in \(results) left") {
            for mountpoint in mounts(under: results).reversed() { _ = try? await host.run(["umount", "-l", mountpoint]) }
            for loop in try await LoopDevice.backing([results + "/.scratch/scratch0.img"], on: host) {
                _ = try? await host.run(["losetup", "-d", loop.path])
            }
        }
    }

    /// Every cell published with status ok, and each finished ok once over all invocations.
    static func expectComplete(_ results: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        let finished = RunState.journal(results).filter { $0.event == .cellFinished && $0.status == "ok" }.compactMap(\.cell)
        #expect(finished.sorted() == types.map { "fs=\($0)" }.sorted(), "cells finished ok: \(finished)", sourceLocation: sourceLocation)
        for fs in types {
            let record = CellRecord.load(path: results + "/\(fs)/cell.json")
            #expect(record?.status == .ok, "\(fs): \(record?.reason ?? "no cell.json")", sourceLocation: sourceLocation)
        }
    }

    @Test("ext4, xfs and btrfs in turn: made with the run's label, mounted, recorded, unmounted; nothing left")
    func runsEveryType() async throws {
        try await withTestScope { scope in
            let results = scope.directory + "/results"
            Self.guardTeardown(results, scope)
            let run = try await Self.iosweep(["run", try Self.experiment(scope), "--results", results, "--yes"], scope)
            #expect(run.termination == .exited(0), "\(run.stderr)")
            Self.expectComplete(results)
            let runID = try #require(RunState.manifest(results)?.runID)
            let label = FilesystemLabel.of(runID: runID)
            #expect(label.count <= 12, "xfs takes 12 characters: \(label)")
            for (fs, detail) in [("ext4", "dumpe2fs.txt"), ("xfs", "xfs-info.txt"), ("btrfs", "btrfs-show.txt")] {
                let cell = results + "/" + fs
                let mount = IOSweepBinary.read(cell + "/mount.txt")
                #expect(mount.contains(" \(results)/.mnt \(fs) ") && mount.contains("noatime"), "\(fs): \(mount)")
                let blkid = IOSweepBinary.read(cell + "/blkid.txt")
                #expect(blkid.contains("LABEL=\"\(label)\"") && blkid.contains("TYPE=\"\(fs)\""), "\(fs): \(blkid)")
                #expect(!IOSweepBinary.read(cell + "/" + detail).isEmpty, "\(fs): no \(detail)")
                #expect((CellRecord.load(path: cell + "/cell.json")?.metrics?.iops ?? 0) > 0, "\(fs): no IOPS")
            }
            let journal = RunState.journal(results)
            let made = journal.filter { $0.event == .resourceCreated && $0.resource?.kind == .filesystem }
            let unmounted = journal.filter { $0.event == .resourceDestroyed && $0.resource?.kind == .filesystem }
            #expect(made.count == 3 && unmounted.count == 3, "\(made.count) mounts journalled, \(unmounted.count) unmounts")
            #expect(made.allSatisfy { $0.resource?.name == results + "/.mnt" }, "the bound mount point is journalled")
            let left = try await Self.leftovers(results, scope)
            #expect(left.isEmpty, "\(left)")
        }
    }

    /// The journal index (1-based: a fault-injection boundary) of the first event matching `matches`.
    static func boundary(_ journal: [JournalEvent], _ matches: (JournalEvent) -> Bool) throws -> Int {
        let index = journal.firstIndex(where: matches)
        return try #require(index, "no such event in the reference journal") + 1
    }

    @Test("kill -9 with a file system mounted, at several moments, then resume: every cell once, nothing left")
    func killedThenResumed() async throws {
        try await withTestScope { scope in
            let file = try Self.experiment(scope)
            let reference = scope.directory + "/reference"
            Self.guardTeardown(reference, scope)
            let run = try await Self.iosweep(["run", file, "--results", reference, "--yes", "--quiet"], scope)
            #expect(run.termination == .exited(0), "\(run.stderr)")
            let journal = RunState.journal(reference)
            func isMount(_ event: JournalEvent) -> Bool { event.resource?.kind == .filesystem }
            let moments: [(String, Int, mounted: Bool)] = [
                (
                    "right after the first mount was journalled",
                    try Self.boundary(journal) { $0.event == .resourceCreated && isMount($0) }, true
                ),
                (
                    "while the second cell's fio runs",
                    try Self.boundary(journal) { $0.event == .stepStarted && $0.kind == "workload" && $0.cell == "fs=xfs" }, true
                ),
                ("after a cell finished, before its unmount", try Self.boundary(journal) { $0.event == .cellFinished }, true),
                ("while an unmount runs", try Self.boundary(journal) { $0.event == .stepStarted && $0.kind == "teardown" }, false),
                (
                    "while the second mkfs runs", try Self.boundary(journal) { $0.event == .stepStarted && $0.argv?.first == "mkfs.xfs" },
                    false
                ),
            ]
            for (index, (moment, killAt, mounted)) in moments.enumerated() {
                let results = scope.directory + "/killed-\(index)"
                Self.guardTeardown(results, scope)
                let killed = try await Self.iosweep(
                    ["run", file, "--results", results, "--yes", "--quiet"], scope,
                    environment: [FaultInjection.environmentKey: "\(killAt)"])
                #expect(killed.termination == .signaled(SIGKILL), "\(moment): \(killed.stderr)")
                if mounted { #expect(Self.mounts(under: results) == [results + "/.mnt"], "\(moment): the file system is mounted") }
                let resumed = try await Self.iosweep(["resume", results, "--yes", "--quiet"], scope)
                #expect(resumed.termination == .exited(0), "\(moment): \(resumed.stderr)")
                Self.expectComplete(results)
                let left = try await Self.leftovers(results, scope)
                #expect(left.isEmpty, "\(moment): \(left)")
            }
        }
    }

    @Test("clean after a kill -9: unmounts the run's file system, releases its loop device, leaves a foreign mount alone")
    func cleanLeavesForeignMounts() async throws {
        try await withTestScope { scope in
            // A mount of the test's own: another loop device, even labelled like a run's.
            try await scope.host.check(["truncate", "-s", "64M", scope.directory + "/foreign.img"])
            let foreign = try await scope.attach(scope.directory + "/foreign.img")
            try await scope.host.check(["mkfs.ext4", "-q", "-F", "-L", "iosw-000000", foreign])
            let foreignMount = scope.directory + "/foreign"
            try FileManager.default.createDirectory(atPath: foreignMount, withIntermediateDirectories: true)
            try await scope.host.check(["mount", foreign, foreignMount])
            scope.onTeardown(run: ["umount", foreignMount])

            let results = scope.directory + "/results"
            Self.guardTeardown(results, scope)
            let file = try Self.experiment(scope)
            let reference = scope.directory + "/reference"
            Self.guardTeardown(reference, scope)
            _ = try await Self.iosweep(["run", file, "--results", reference, "--yes", "--quiet"], scope)
            let killAt = try Self.boundary(RunState.journal(reference)) { $0.event == .stepStarted && $0.kind == "workload" }
            let killed = try await Self.iosweep(
                ["run", file, "--results", results, "--yes", "--quiet"], scope, environment: [FaultInjection.environmentKey: "\(killAt)"])
            #expect(killed.termination == .signaled(SIGKILL))
            #expect(Self.mounts(under: results) == [results + "/.mnt"])

            let clean = try await Self.iosweep(["clean", results], scope)
            #expect(clean.termination == .exited(0), "\(clean.stderr)")
            #expect(clean.stdout.contains("unmounted \(results)/.mnt"), "\(clean.stdout)")
            #expect(clean.stdout.contains("detached /dev/"), "\(clean.stdout)")
            let left = try await Self.leftovers(results, scope)
            #expect(left.isEmpty, "\(left)")
            #expect(Self.mounts(under: scope.directory) == [foreignMount], "the foreign mount stays")
            let again = try await Self.iosweep(["clean", results], scope)
            #expect(again.termination == .exited(0) && !again.stdout.contains("unmounted"), "idempotent: \(again.stdout)")
        }
    }

    @Test("a failing workload with a retry: every file system is unmounted once its cell's attempts end, nothing left")
    func failedAttemptsUnmount() async throws {
        try await withTestScope { scope in
            let results = scope.directory + "/results"
            Self.guardTeardown(results, scope)
            // Two cells per file system type, each with its own (per-cell), kept for the cell's retry.
            let file = scope.directory + "/failing.yaml"
            try """
            experiment: fs-fail-\(scope.id)
            disks: { scratch: { count: 1, size: 320M } }
            matrix: { fs: [ext4, xfs], numjobs: [1, 2] }
            filesystem: { type: "${fs}", devices: "${disks}" }
            workload:
              fio: { job: "[j]\\nsize=8M\\n", directory: "${mountpoint}", numjobs: "${numjobs}", rw: no-such-mode, runtime: 1 }
            results: ${fs}/${numjobs}
            """.write(toFile: file, atomically: true, encoding: .utf8)
            let run = try await Self.iosweep(["run", file, "--results", results, "--yes", "--retries", "1", "--quiet"], scope)
            #expect(run.termination != .exited(0), "\(run.stderr)")
            let journal = RunState.journal(results)
            let mounted = journal.filter { $0.event == .resourceCreated && $0.resource?.kind == .filesystem }.count
            let unmounted = journal.filter { $0.event == .resourceDestroyed && $0.resource?.kind == .filesystem }.count
            #expect(mounted == 4 && unmounted == 4, "four cells: \(mounted) mounts, \(unmounted) unmounts")
            #expect(FileManager.default.fileExists(atPath: results + "/.failed"), "the first attempts were moved aside")
            #expect(!run.stderr.contains("teardown step failed"), "\(run.stderr)")
            let left = try await Self.leftovers(results, scope)
            #expect(left.isEmpty, "\(left)")
        }
    }

    @Test("a mount point where something else is mounted is refused (exit 3), the other mount untouched")
    func foreignMountpointIsRefused() async throws {
        try await withTestScope { scope in
            let busy = scope.directory + "/busy"
            try FileManager.default.createDirectory(atPath: busy, withIntermediateDirectories: true)
            try await scope.host.check(["mount", "-t", "tmpfs", "-o", "size=1m", "iosweep-test-tmpfs", busy])
            scope.onTeardown(run: ["umount", busy])
            let results = scope.directory + "/results"
            Self.guardTeardown(results, scope)
            let run = try await Self.iosweep(["run", try Self.experiment(scope, mountpoint: busy), "--results", results, "--yes"], scope)
            #expect(run.termination == .exited(3), "\(run.stderr)")
            #expect(run.stderr.contains("is mounted at \(busy) and is not this run's"), "\(run.stderr)")
            #expect(Self.mounts(under: scope.directory) == [busy], "the tmpfs is still the only mount")
            let left = try await Self.leftovers(results, scope)
            #expect(left.isEmpty, "\(left)")
        }
    }
}

extension Trait where Self == ConditionTrait {
    /// Skips (visibly) unless root with loop devices and mkfs for ext4, xfs and btrfs.
    static var needsFilesystemTools: Self {
        .enabled("needs root, losetup and mkfs.ext4/xfs/btrfs (Scripts/bootstrap.sh installs them)") {
            guard await Requirements.loopDevices() else { return false }
            for tool in ["mkfs.ext4", "mkfs.xfs", "mkfs.btrfs", "blkid", "findmnt"] {
                guard (try? await LocalHost().run(["which", tool]))?.succeeded == true else { return false }
            }
            return true
        }
    }
}
