import Foundation
import SweepModel
import SweepPlanner
import Testing

/// Runs generated scripts for real: scratch loop devices, zfs-fuse pools, fio and iostat.
/// Whether the scripts of ``ShellScriptRunTests`` can run here: root, the tools, a ZFS that answers.
var shellScriptsCanRun: Bool {
    getuid() == 0 && ["zpool", "fio", "iostat", "losetup"].allSatisfy(haveTool) && (try? runTool(["zpool", "list"]).status) == 0
}

/// Skipped through a trait that says why when not root or when no ZFS answers; every pool, loop device and file
/// made here is removed on success and on failure.
@Suite(
    "The sh rendering, executed", .serialized,
    .enabled(
        if: shellScriptsCanRun, "needs root, zfs-fuse answering `zpool list`, fio, iostat and losetup (run Scripts/bootstrap.sh)"))
struct ShellScriptRunTests {

    private func experiment(pool: String, fioOption: Settings = [:]) -> Experiment {
        var options: Settings = ["ioengine": "psync", "rw": "write", "bs": "8k"]
        for entry in fioOption { options[entry.name] = entry.value }
        return Experiment(
            name: "sh-run",
            disks: .scratch(Scratch(count: 2, size: "128M")),
            matrix: Matrix(axes: [Axis("ndisks", [1, 2])]),
            pool: Pool(name: pool, vdevs: [Vdev(.stripe, "${disks[:ndisks]}")], force: true),
            datasets: [Dataset("\(pool)/fs", properties: ["recsize": "8k"])],
            workload: .fio(
                Fio(job: "[w]\ntime_based\n", directory: .string("/\(pool)/fs"), numjobs: 1, size: "8M", runtime: 2, options: options)),
            collectors: [Collector(.iostat, interval: 1)],
            results: "${ndisks}-disks")
    }

    /// Writes the script, runs it with a results directory, cleans up whatever it may have left.
    private func run(_ plan: Plan, pool: String) throws -> (status: Int32, output: String, results: URL) {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("iosweep-sh-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let script = dir.appendingPathComponent("plan.sh")
        try ShellScriptRenderer().render(plan).write(to: script, atomically: true, encoding: .utf8)
        let results = dir.appendingPathComponent("results")
        // `timeout` guards the test run: on expiry bash gets SIGTERM and its trap still cleans up.
        let result = try runTool(["timeout", "180", "bash", script.path, results.path])
        return (result.status, result.output, results)
    }

    private func leftovers(pool: String, results: URL) throws -> [String] {
        var found: [String] = []
        if (try runTool(["zpool", "list", pool])).status == 0 { found.append("pool \(pool)") }
        for i in 0..<2 {
            let image = results.appendingPathComponent(".scratch/scratch\(i).img").path
            let bound = try runTool(["losetup", "-j", image]).output.trimmingCharacters(in: .whitespacesAndNewlines)
            if !bound.isEmpty { found.append("loop device \(bound)") }
            if FileManager.default.fileExists(atPath: image) { found.append("file \(image)") }
        }
        return found
    }

    private func forceCleanup(pool: String, results: URL) {
        _ = try? runTool(["zpool", "destroy", "-f", pool])
        for i in 0..<2 {
            let image = results.appendingPathComponent(".scratch/scratch\(i).img").path
            if let bound = try? runTool(["losetup", "-j", image]).output {
                for line in bound.split(separator: "\n") {
                    if let device = line.split(separator: ":").first { _ = try? runTool(["losetup", "-d", String(device)]) }
                }
            }
        }
        try? FileManager.default.removeItem(at: results.deletingLastPathComponent())
    }

    @Test("A scratch-disk study runs end to end and leaves nothing behind")
    func runsAndCleansUp() throws {
        let pool = "shrun\(UUID().uuidString.prefix(6).lowercased())"
        let plan = try Planner(baseDirectory: "/").plan(experiment(pool: pool))
        let (status, output, results) = try run(plan, pool: pool)
        defer { forceCleanup(pool: pool, results: results) }
        #expect(status == 0, "script output:\n\(output)")
        for (cell, disks) in [("1-disks", ["scratch0"]), ("2-disks", ["scratch0", "scratch1"])] {
            let folder = results.appendingPathComponent(cell)
            let fio = try String(contentsOf: folder.appendingPathComponent("fio.json"), encoding: .utf8)
            #expect(fio.contains("\"jobs\""))
            for disk in disks {
                let iostat = try String(contentsOf: folder.appendingPathComponent("iostat-\(disk).txt"), encoding: .utf8)
                #expect(iostat.contains("Device"), "iostat output of \(disk): \(iostat)")
            }
            #expect(try String(contentsOf: folder.appendingPathComponent("zpool-status.txt"), encoding: .utf8).contains(pool))
            #expect(try String(contentsOf: folder.appendingPathComponent("zfs-get.txt"), encoding: .utf8).contains("recordsize"))
        }
        #expect(try leftovers(pool: pool, results: results) == [])
    }

    @Test("A failing workload: non-zero exit, and the trap tears down the pool and the loop devices")
    func failureTearsDown() throws {
        let pool = "shfail\(UUID().uuidString.prefix(6).lowercased())"
        let plan = try Planner(baseDirectory: "/").plan(experiment(pool: pool, fioOption: ["ioengine": "no-such-engine"]))
        let (status, output, results) = try run(plan, pool: pool)
        defer { forceCleanup(pool: pool, results: results) }
        #expect(status != 0, "script output:\n\(output)")
        #expect(try leftovers(pool: pool, results: results) == [])
        #expect(!FileManager.default.fileExists(atPath: results.appendingPathComponent("1-disks").path))
    }
}
