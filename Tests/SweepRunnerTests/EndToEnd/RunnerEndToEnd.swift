import Foundation
import SweepRecords
import SweepPlanner
import SweepRunner
import Testing

/// Tests that run the built `iosweep` binary with real fio, iostat and the diskstats sampler. Serialized:
/// they share two cores with everything else.
@Suite(.serialized, .timeLimit(.minutes(20)))
struct RunnerEndToEnd {
    /// Writes `experiment` to `study.yaml` in `scratch`, each `DATA` in it the scratch's `data` directory (which such a
    /// study's hooks make and remove); returns the file's path.
    static func writeStudy(_ experiment: String, in scratch: Scratch) throws -> String {
        let file = scratch.root + "/study.yaml"
        try experiment.replacingOccurrences(of: "DATA", with: scratch.root + "/data").write(toFile: file, atomically: true, encoding: .utf8)
        return file
    }

    /// Checks a finished study: every cell published once with its fingerprint, valid fio JSON and collector
    /// output, nothing partial, `status` all done, and no process of the run left.
    static func expectCompleted(_ study: TestStudy, sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let plan = study.plan
        let published = RunState.publishedCells(study.results, plan: plan)
        #expect(Set(published.keys) == Set(plan.cells.map(\.resultPath)), sourceLocation: sourceLocation)
        for cell in plan.cells {
            let record = try #require(published[cell.resultPath], "\(cell.id) not published", sourceLocation: sourceLocation)
            #expect(record.status == .ok, "\(cell.id): \(record.reason ?? "")", sourceLocation: sourceLocation)
            #expect(record.fingerprint == cell.fingerprint, sourceLocation: sourceLocation)
            #expect(record.id == cell.id, sourceLocation: sourceLocation)
            let directory = study.results + "/" + cell.resultPath
            let fio = try #require(FileManager.default.contents(atPath: directory + "/fio.json"), sourceLocation: sourceLocation)
            let headline = try #require(
                Headline.read(fioOutput: fio), "\(cell.id): fio.json is not fio JSON", sourceLocation: sourceLocation)
            #expect(headline.iops > 0 && headline.jobErrors.isEmpty, sourceLocation: sourceLocation)
            #expect(record.metrics == headline, sourceLocation: sourceLocation)
            let iostat = IOSweepBinary.read(directory + "/iostat.txt")
            #expect(iostat.contains("Device"), "\(cell.id): iostat output lacks its header", sourceLocation: sourceLocation)
            #expect(record.collectors.allSatisfy { $0.status == .ok }, sourceLocation: sourceLocation)
        }
        #expect(
            !FileManager.default.fileExists(atPath: study.results + "/.partial"), "a partial cell was left", sourceLocation: sourceLocation)
        let status = try await IOSweepBinary.run(["status", "--json", study.results], in: study.root)
        #expect(status.termination == .exited(0), sourceLocation: sourceLocation)
        let counts = try statusCounts(status.stdout)
        #expect(counts == ["done": plan.cells.count, "skipped": 0, "stale": 0, "failed": 0, "pending": 0], sourceLocation: sourceLocation)
        let left = RunState.markedProcesses(under: study.root)
        #expect(left.isEmpty, "processes left: \(left.map { $0.argv.joined(separator: " ") })", sourceLocation: sourceLocation)
    }

    static func statusCounts(_ json: String) throws -> [String: Int] {
        let object = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
        return try #require(object?["counts"] as? [String: Int], "status --json has no counts: \(json)")
    }

    /// Waits until the journal of `results` has an event matching `predicate` (the run reached that point).
    static func waitForJournal(
        _ results: String, timeout: Double = 120, _ predicate: (JournalEvent) -> Bool
    ) async throws {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if RunState.journal(results).contains(where: predicate) { return }
            try await Task.sleep(for: .milliseconds(50))
        }
        Issue.record("the journal of \(results) never reached the expected event")
    }
}
