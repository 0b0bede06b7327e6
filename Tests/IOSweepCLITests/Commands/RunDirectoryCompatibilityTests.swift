import Foundation
import IOSweepTestSupport
import SweepPlanner
import SweepRecords
import Testing

/// A run directory written by an earlier iosweep (`Fixtures/run-v1`, a real run of `Fixtures/run-v1.yaml` by the
/// version before the records module; see Fixtures/README.md) still reports, compares, shows its status and
/// resumes as it did: the goldens `golden/run-v1-*` were recorded with that version's binary.
@Suite struct RunDirectoryCompatibilityTests {
    /// A copy of the fixture in a fresh directory (resume writes to it), run from its parent as `run-v1`.
    static func copy() throws -> (parent: String, directory: String) {
        let parent = TestEnvironment.temporaryDirectory("run-v1")
        try FileManager.default.copyItem(atPath: TestEnvironment.fixtures + "/run-v1", toPath: parent + "/run-v1")
        return (parent, parent + "/run-v1")
    }

    /// `iosweep ARGUMENTS` in `directory`, as the goldens hold it: standard output, exit status, standard error.
    static func transcript(_ arguments: [String], in directory: String) throws -> String {
        let binary = try #require(ReportCommandTests.executable, "build the iosweep product first: swift build")
        let result = try TestProcess.run(binary, arguments, currentDirectory: directory)
        return result.stdout + "--- exit \(result.status)\n--- stderr\n" + result.stderr
    }

    @Test(arguments: [
        (
            "report.table",
            [
                "report", "run-v1", "--metric", "write.iops", "--metric", "write.lat.mean", "--metric", "iostat.%util", "--metric",
                "vmstat.us",
            ]
        ),
        (
            "report.json",
            [
                "report", "run-v1", "--format", "json", "--where", "numjobs=2", "--metric", "write.iops", "--metric", "write.clat.p99",
                "--metric", "iostat.w/s",
            ]
        ),
        ("pivot.csv", ["report", "run-v1", "--format", "csv", "--metric", "write.iops", "--rows", "numjobs", "--columns", "bs"]),
        ("compare.table", ["compare", "run-v1", "run-v1", "--metric", "write.iops", "--metric", "write.lat.mean"]),
        ("status.txt", ["status", "run-v1"]),
    ])
    func readsAsBefore(_ golden: String, _ arguments: [String]) throws {
        let (parent, _) = try Self.copy()
        defer { try? FileManager.default.removeItem(atPath: parent) }
        let name = "run-v1-" + golden
        try Golden.expect(
            try Self.transcript(arguments, in: parent), golden: TestEnvironment.fixtures + "/golden/" + name,
            source: ReportCommandTests.goldenSource(name))
    }

    @Test("resume finds every cell done: it runs nothing, changes no result and keeps the run id and fingerprint")
    func resumesAsBefore() throws {
        let (parent, directory) = try Self.copy()
        defer { try? FileManager.default.removeItem(atPath: parent) }
        let before = try Self.cellRecords(directory)
        let manifest = try #require(RunManifest.load(path: directory + "/iosweep-run.json"))
        let oldPlan = try JSONDecoder().decode(Plan.self, from: Data(contentsOf: URL(fileURLWithPath: directory + "/iosweep-plan.json")))

        let resumed = try Self.transcript(["resume", "run-v1"], in: parent)
        #expect(resumed.hasPrefix("--- exit 0\n"), "\(resumed)")
        #expect(resumed.contains("iosweep: 8 cells: 8 done, 0 to run"), "\(resumed)")
        #expect(resumed.contains("8 already done, 0 ok, 0 failed"), "\(resumed)")

        #expect(try Self.cellRecords(directory) == before)
        let after = try #require(RunManifest.load(path: directory + "/iosweep-run.json"))
        #expect(after.runID == manifest.runID)
        #expect(after.created == manifest.created)
        #expect(after.planFingerprint == manifest.planFingerprint)
        let newPlan = try JSONDecoder().decode(Plan.self, from: Data(contentsOf: URL(fileURLWithPath: directory + "/iosweep-plan.json")))
        #expect(newPlan == oldPlan)
        let journal = try String(contentsOfFile: directory + "/journal.jsonl", encoding: .utf8)
        #expect(!journal.split(separator: "\n").suffix(2).contains { $0.contains("\"cell-started\"") })
        try Golden.expect(
            try Self.transcript(["status", "run-v1"], in: parent), golden: TestEnvironment.fixtures + "/golden/run-v1-status.txt",
            source: ReportCommandTests.goldenSource("run-v1-status.txt"))
    }

    /// Every `cell.json` under `directory`, by relative path.
    static func cellRecords(_ directory: String) throws -> [String: Data] {
        var records: [String: Data] = [:]
        let enumerator = FileManager.default.enumerator(atPath: directory)
        while let path = enumerator?.nextObject() as? String {
            guard path.hasSuffix("/cell.json") else { continue }
            records[path] = try Data(contentsOf: URL(fileURLWithPath: directory + "/" + path))
        }
        #expect(records.count == 8)
        return records
    }
}
