import Foundation
import SweepModel
import SweepPlanner
import Testing

/// The sh rendering of a file-system study, executed: ext4, xfs and btrfs made, mounted and unmounted on a scratch
/// loop device, also when the workload fails; nothing left mounted or attached. Needs root and the tools.
@Suite(
    "File-system studies' sh scripts, executed", .serialized,
    .enabled(
        if: getuid() == 0 && ["fio", "losetup", "mkfs.ext4", "mkfs.xfs", "mkfs.btrfs", "findmnt", "shellcheck"].allSatisfy(haveTool),
        "needs root, losetup, fio, mkfs.ext4/xfs/btrfs and shellcheck (Scripts/bootstrap.sh installs them)"))
struct FilesystemScriptRunTests {
    static func study(rw: String) throws -> Experiment {
        try ExperimentLoader.load(
            yaml: """
                experiment: fs-sh
                disks: { scratch: { count: 1, size: 320M } }
                matrix:
                  fs: [ext4, xfs, btrfs]
                filesystem:
                  type: ${fs}
                  devices: ${disks}
                  mount-options: [noatime]
                workload:
                  fio: { job: "[j]\\nbs=8k\\nsize=8M\\n", directory: "${mountpoint}", rw: \(rw), runtime: 1 }
                results: ${fs}
                """, file: "fs-sh.yaml", directory: "/"
        ).experiment
    }

    /// Renders `experiment`'s script into a fresh directory, checks it with shellcheck, runs it; returns the
    /// status, output and results directory (its parent is the test's to remove), and what it left mounted or
    /// attached (cleaned up, if anything).
    static func run(
        _ experiment: Experiment, baseDirectory: String = "/"
    ) throws -> (status: Int32, output: String, results: URL, left: [String]) {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("iosweep-fs-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let script = dir.appendingPathComponent("plan.sh")
        try ShellScriptRenderer().render(try Planner(baseDirectory: baseDirectory).plan(experiment)).write(
            to: script, atomically: true, encoding: .utf8)
        let check = try runTool(["shellcheck", script.path])
        #expect(check.status == 0, "\(check.output)")
        let results = dir.appendingPathComponent("results")
        let result = try runTool(["timeout", "180", "bash", script.path, results.path])
        var left: [String] = []
        let mounted = try runTool(["findmnt", "-n", "-o", "TARGET", "--target", results.appendingPathComponent(".mnt").path])
        if mounted.output.contains(".mnt") {
            left.append("mount \(mounted.output)")
            _ = try? runTool(["umount", results.appendingPathComponent(".mnt").path])
        }
        let image = results.appendingPathComponent(".scratch/scratch0.img").path
        let bound = try runTool(["losetup", "-j", image]).output.trimmingCharacters(in: .whitespacesAndNewlines)
        if !bound.isEmpty {
            left.append("loop \(bound)")
            if let device = bound.split(separator: ":").first { _ = try? runTool(["losetup", "-d", String(device)]) }
        }
        return (result.status, result.output, results, left)
    }

    @Test("ext4, xfs and btrfs in turn on one scratch disk: made with the label, recorded, unmounted")
    func runsEveryType() throws {
        let (status, output, results, left) = try Self.run(try Self.study(rw: "write"))
        defer { try? FileManager.default.removeItem(at: results.deletingLastPathComponent()) }
        #expect(status == 0, "\(output)")
        #expect(left.isEmpty, "\(left)")
        for (fs, detail) in [("ext4", "dumpe2fs.txt"), ("xfs", "xfs-info.txt"), ("btrfs", "btrfs-show.txt")] {
            let cell = results.appendingPathComponent(fs)
            let mount = (try? String(contentsOf: cell.appendingPathComponent("mount.txt"), encoding: .utf8)) ?? ""
            #expect(mount.contains(" \(fs) ") && mount.contains("noatime"), "\(fs): \(mount)")
            let blkid = (try? String(contentsOf: cell.appendingPathComponent("blkid.txt"), encoding: .utf8)) ?? ""
            #expect(blkid.contains("LABEL=\"iosw") && blkid.contains("TYPE=\"\(fs)\""), "\(fs): \(blkid)")
            #expect(FileManager.default.fileExists(atPath: cell.appendingPathComponent(detail).path), "\(fs): no \(detail)")
            #expect(FileManager.default.fileExists(atPath: cell.appendingPathComponent("fio.json").path), "\(fs): no fio.json")
        }
    }

    @Test("a failing workload: non-zero exit, and the trap unmounts and detaches")
    func failureUnmounts() throws {
        let (status, output, results, left) = try Self.run(try Self.study(rw: "no-such-mode"))
        defer { try? FileManager.default.removeItem(at: results.deletingLastPathComponent()) }
        #expect(status != 0, "\(output)")
        #expect(left.isEmpty, "\(left)")
    }

    @Test(
        "Experiments/filesystems.yaml as a script: shellcheck-clean, ext4, xfs, btrfs and ZFS end to end, nothing left",
        .enabled(if: haveTool("zpool") && (try? runTool(["zpool", "list"]))?.status == 0, "needs a ZFS answering zpool list"))
    func shippedStudy() throws {
        let path = Fixtures.packageRoot.appendingPathComponent("Experiments/filesystems.yaml").path
        let (status, output, results, left) = try Self.run(
            try ExperimentLoader.load(path: path).experiment, baseDirectory: Fixtures.packageRoot.appendingPathComponent("Experiments").path
        )
        defer {
            _ = try? runTool(["zpool", "destroy", "-f", "iosweep-filesystems"])
            try? FileManager.default.removeItem(at: results.deletingLastPathComponent())
        }
        #expect(status == 0, "\(output)")
        #expect(left.isEmpty, "\(left)")
        for fs in ["ext4", "xfs", "btrfs", "zfs"] {
            #expect(
                FileManager.default.fileExists(atPath: results.appendingPathComponent("\(fs)/4-jobs/fio.json").path), "\(fs): no fio.json")
        }
        #expect(!((try? runTool(["zpool", "list", "-H", "-o", "name"]))?.output.contains("iosweep-filesystems") ?? true))
    }
}
