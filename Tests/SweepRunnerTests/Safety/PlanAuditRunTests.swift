import Foundation
import SweepPlanner
import SweepRunner
import Testing

/// `iosweep run --plan` with hand-edited plan JSON: a step that would change a device, pool or dataset the plan
/// does not declare is refused (exit 3) before anything runs, through the built binary.
@Suite(.serialized, .timeLimit(.minutes(10)))
struct PlanAuditRunTests {
    /// Writes `plan` as `iosweep plan --format json` would, runs it, and returns the result.
    static func run(_ plan: Plan, in root: String, named name: String) async throws -> (IOSweepBinary.Result, results: String) {
        let path = root + "/\(name).json"
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        try encoder.encode(plan).write(to: URL(fileURLWithPath: path))
        let results = root + "/results-\(name)"
        let result = try await IOSweepBinary.run(["run", "--plan", path, "--results", results, "--yes"], in: root, timeout: 120)
        return (result, results)
    }

    /// Adds `step` to the first cell, before its workload.
    static func inserting(_ step: Step, into plan: Plan) -> Plan {
        var plan = plan
        plan.groups[0].cells[0].steps.insert(step, at: 0)
        return plan
    }

    /// Each attack is refused with exit 3 naming the step and why; no directory, journal or step appears.
    static func expectRefused(
        _ plan: Plan, in root: String, named name: String, mentioning: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws {
        let (result, results) = try await run(plan, in: root, named: name)
        #expect(result.termination == .exited(3), "\(name): \(result.stderr)", sourceLocation: sourceLocation)
        #expect(result.stderr.contains("refused"), "\(name): \(result.stderr)", sourceLocation: sourceLocation)
        #expect(result.stderr.contains(mentioning), "\(name): \(result.stderr)", sourceLocation: sourceLocation)
        #expect(!FileManager.default.fileExists(atPath: results), "\(name): something ran", sourceLocation: sourceLocation)
    }

    @Test("without root: extra zpool, zfs, losetup, wrapped and raw-device steps in a directory plan are refused, nothing runs")
    func refusedWithoutZFS() async throws {
        let scratch = try Scratch("audit")
        defer { scratch.remove() }
        let study = TestStudy(root: scratch.root)
        let marker = scratch.root + "/ran"
        let plan = study.plan
        let attacks: [(String, Step, String)] = [
            ("export", Step(.hook, argv: ["zpool", "export", "somepool"]), "zpool export is never part of a plan"),
            ("add", Step(.hook, argv: ["sudo", "/sbin/zpool", "add", "-f", "somepool", "/dev/loop63"]), "zpool add"),
            (
                "zfs-destroy", Step(.record, argv: ["zfs", "destroy", "-r", "somepool/data"], stdout: "x.txt"),
                "only a dataset the plan creates"
            ),
            ("losetup", Step(.hook, argv: ["losetup", "-D"]), "losetup changes devices"),
            ("wrapped", Step(.hook, argv: ["timeout", "9", "zpool", "destroy", "somepool"]), "runs zpool"),
            ("shell", Step(.hook, argv: ["sh", "-c", "touch \(marker); zpool export somepool"]), "runs zpool"),
            (
                "raw-device", Step(.hook, argv: ["dd", "if=/dev/zero", "of=/dev/loop63", "count=1"]),
                "/dev/loop63 is a device not in the plan's destroys list"
            ),
        ]
        for (name, step, reason) in attacks {
            try await Self.expectRefused(Self.inserting(step, into: plan), in: scratch.root, named: name, mentioning: reason)
        }
        var workload = plan
        let fio = try #require(workload.groups[0].cells[0].steps.firstIndex { $0.kind == .workload })
        workload.groups[0].cells[0].steps[fio].argv.insert("--filename=/dev/loop63", at: 1)
        try await Self.expectRefused(workload, in: scratch.root, named: "fio-filename", mentioning: "/dev/loop63 is a device")
        var escape = plan
        escape.groups[0].cells[0].resultPath = "../escaped"
        try await Self.expectRefused(escape, in: scratch.root, named: "result-path", mentioning: "leaves the results directory")
        #expect(!FileManager.default.fileExists(atPath: marker))
        // The unchanged plan runs.
        let (ok, _) = try await Self.run(plan, in: scratch.root, named: "unchanged")
        #expect(ok.termination == .exited(0), "\(ok.stderr)")
    }

    @Test(
        "on zfs-fuse: zpool add of an undeclared device, zfs destroy in a foreign pool, zpool export of it: refused, both intact",
        .needsZFS)
    func refusedOnRealPools() async throws {
        try await withTestScope { scope in
            let disks = try await scope.scratch(2, size: 96 << 20, prefix: "audit")
            let foreign = scope.ownedPoolName("-foreign")
            try await scope.host.check(["zpool", "create", "-f", foreign, disks[0].devicePath])
            try await scope.host.check(["zfs", "create", foreign + "/data"])
            let study = ZFSStudy(root: scope.directory, pool: scope.poolName(), scratchCount: 1, ndisks: [1], numjobs: [1], runtime: 1)
            scope.cleansUp(after: study)
            let plan = try study.plan
            let attacks: [(String, Step, String)] = [
                ("add", Step(.hook, argv: ["zpool", "add", "-f", study.pool, disks[1].devicePath]), "zpool add is never part of a plan"),
                ("destroy", Step(.hook, argv: ["zfs", "destroy", foreign + "/data"]), "only a dataset the plan creates"),
                (
                    "export", Step(.record, argv: ["zpool", "export", foreign], stdout: "export.txt"),
                    "zpool export is never part of a plan"
                ),
            ]
            for (name, step, reason) in attacks {
                try await Self.expectRefused(Self.inserting(step, into: plan), in: scope.directory, named: name, mentioning: reason)
            }
            // A zpool create of the plan's own pool with an undeclared device.
            var create = plan
            create.groups[0].setup[0].argv.append(disks[1].devicePath)
            try await Self.expectRefused(create, in: scope.directory, named: "create", mentioning: "is not in the plan's destroys list")
            #expect(try await Leftovers.pools(named: [foreign]) == [foreign], "the foreign pool is gone")
            #expect(try await scope.host.run(["zfs", "list", foreign + "/data"]).succeeded, "the foreign dataset is gone")
            let status = try await scope.host.run(["zpool", "status", foreign])
            #expect(!status.stdout.contains(disks[1].device), "\(status.stdout)")
            // Destroyed here, with retries (bounded: 10 × 0.5 s), not only by the teardown, whose single
            // attempt was seen to fail while zfs-fuse still held the pool busy, leaking it.
            var destroyed = false
            for _ in 0..<10 where !destroyed {
                destroyed = try await scope.host.run(["zpool", "destroy", "-f", foreign]).succeeded
                if !destroyed { try await Task.sleep(for: .milliseconds(500)) }
            }
            #expect(destroyed, "the test's own foreign pool \(foreign) could not be destroyed")
        }
    }
}
