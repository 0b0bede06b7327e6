import Foundation
import SweepRecords
import SweepRunner
import Testing

/// The shipped target studies, run end to end as a user runs them (`Experiments/raw.yaml`,
/// `Experiments/filesystems.yaml`) on their scratch disks, then reported.
@Suite(.serialized) struct ShippedStudyRunTests {
    static func iosweep(_ arguments: [String], _ scope: TestScope) async throws -> IOSweepBinary.Result {
        try await IOSweepBinary.run(arguments, in: scope.directory, timeout: 300)
    }

    /// The numbers of a text pivot's body rows (after its `---` rule), row by row.
    static func pivotRows(_ text: String) -> [[String]] {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard let rule = lines.firstIndex(where: { $0.hasPrefix("---") }) else { return [] }
        return lines[(rule + 1)...].prefix { !$0.isEmpty }.map { $0.split(separator: " ").map(String.init) }
    }

    /// Nothing of the run in `results` is left: no loop device over its scratch files, nothing mounted under it.
    static func expectNothingLeft(_ results: String, _ scope: TestScope) async throws {
        let files = ((try? FileManager.default.contentsOfDirectory(atPath: results + "/.scratch")) ?? []).map {
            results + "/.scratch/" + $0
        }
        let loops = files.isEmpty ? [] : try await LoopDevice.backing(files, on: scope.host)
        #expect(loops.isEmpty, "\(loops)")
        let mounts = (try? String(contentsOfFile: "/proc/self/mountinfo", encoding: .utf8)) ?? ""
        #expect(!mounts.contains(" " + results + "/"), "something is still mounted under \(results)")
    }

    @Test("Experiments/raw.yaml: bench-fio's sweep on a raw scratch device, every cell ok, reported", .needsLoopDevices)
    func rawStudy() async throws {
        try await withTestScope { scope in
            let results = scope.directory + "/raw"
            let run = try await Self.iosweep(
                ["run", IOSweepBinary.packageRoot + "/Experiments/raw.yaml", "--results", results, "--yes", "--quiet"], scope)
            #expect(run.termination == .exited(0), "\(run.stderr)")
            let report = try await Self.iosweep(
                [
                    "report", results, "--where", "bs=4k", "--rows", "iodepth", "--columns", "rw", "--metric", "read.iops", "--metric",
                    "write.iops",
                ],
                scope)
            #expect(report.termination == .exited(0), "\(report.stderr)")
            #expect(report.stdout.contains("iodepth  randread  randwrite"), "\(report.stdout)")
            let rows = Self.pivotRows(report.stdout)
            #expect(rows.map(\.first) == ["1", "8", "32"], "\(report.stdout)")
            try await Self.expectNothingLeft(results, scope)
        }
    }

    @Test(
        "Experiments/filesystems.yaml: ext4, xfs, btrfs and ZFS on one disk; report --rows numjobs --columns fs compares them",
        .needsZFS, .needsFilesystemTools)
    func filesystemsStudy() async throws {
        try await withTestScope { scope in
            let results = scope.directory + "/filesystems"
            scope.onTeardown(run: ["zpool", "destroy", "-f", "iosweep-filesystems"])
            let run = try await Self.iosweep(
                ["run", IOSweepBinary.packageRoot + "/Experiments/filesystems.yaml", "--results", results, "--yes", "--quiet"], scope)
            #expect(run.termination == .exited(0), "\(run.stderr)")
            let report = try await Self.iosweep(["report", results, "--rows", "numjobs", "--columns", "fs"], scope)
            #expect(report.termination == .exited(0), "\(report.stderr)")
            #expect(report.stdout.hasPrefix("write.iops (IO/s), rows numjobs, columns fs\n"), "\(report.stdout)")
            #expect(report.stdout.contains("write.lat.mean (ns), rows numjobs, columns fs\n"), "\(report.stdout)")
            let header = report.stdout.split(separator: "\n").dropFirst().first?.split(separator: " ").map(String.init)
            #expect(header == ["numjobs", "btrfs", "ext4", "xfs", "zfs"], "\(report.stdout)")
            let rows = Self.pivotRows(report.stdout)
            #expect(rows.count == 4 && rows.allSatisfy { $0.count == 5 }, "4 numjobs × 4 targets, every value there: \(report.stdout)")
            for fs in ["ext4", "xfs", "btrfs"] {
                #expect(FileManager.default.fileExists(atPath: results + "/\(fs)/1-jobs/blkid.txt"), "\(fs) records its file system")
            }
            #expect(FileManager.default.fileExists(atPath: results + "/zfs/1-jobs/zpool-status.txt"), "zfs records its pool")
            try await Self.expectNothingLeft(results, scope)
            let pools = try await scope.host.run(["zpool", "list", "-H", "-o", "name"])
            #expect(!pools.stdout.contains("iosweep-filesystems"), "the pool is destroyed")
        }
    }
}
