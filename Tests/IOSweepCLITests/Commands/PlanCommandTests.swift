import ArgumentParser
import Foundation
import SweepRecords
import SweepModel
import SweepPlanner
import SweepRunner
import Testing
@testable import IOSweepCLI

@Suite("iosweep plan")
struct PlanCommandTests {
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let seed = root.appendingPathComponent("Experiments/seed.yaml").path

    static func exitCode(_ arguments: [String]) async -> Int32 {
        do {
            var command = try IOSweep.parseAsRoot(arguments)
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
            return 0
        } catch {
            return IOSweep.exitCode(for: error).rawValue
        }
    }

    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("iosweep-plan-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test("Exit statuses: 0 planned, 64 a malformed --only, 2 an --only matching nothing or a plan error")
    func exitStatuses() async throws {
        #expect(await Self.exitCode(["plan", Self.seed, "--only", "ndisks=1", "--only", "numjobs=1", "--format", "json"]) == 0)
        #expect(await Self.exitCode(["plan", Self.seed, "--only", "ndisks"]) == 64)
        #expect(await Self.exitCode(["plan", Self.seed, "--format", "html"]) == 64)
        #expect(await Self.exitCode(["plan", Self.seed, "--only", "numjobs=3"]) == 2)
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let text = try String(contentsOfFile: Self.seed, encoding: .utf8)
            .replacingOccurrences(of: "results: ${ndisks}-disks/${numjobs}-jobs", with: "results: ${ndisks}-disks")
        try text.write(to: dir.appendingPathComponent("dup.yaml"), atomically: true, encoding: .utf8)
        try FileManager.default.copyItem(
            at: Self.root.appendingPathComponent("Experiments/workload.fio"), to: dir.appendingPathComponent("workload.fio"))
        #expect(await Self.exitCode(["plan", dir.appendingPathComponent("dup.yaml").path]) == 2)
        #expect(await Self.exitCode(["validate", "--quiet", dir.appendingPathComponent("dup.yaml").path]) == 2)
    }

    @Test("--results marks cells from the runner's cell.json records: done, stale, failed or pending")
    func resultMarks() throws {
        let file = try ExperimentLoader.load(path: Self.seed)
        let plan = try Planner(baseDirectory: file.directory).plan(file.experiment)
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let cells = plan.cells
        func record(_ cell: Cell, fingerprint: String, status: CellRecord.Status) throws {
            let folder = dir.appendingPathComponent(cell.resultPath)
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let record = CellRecord(
                id: cell.id, values: cell.values, resultPath: cell.resultPath, fingerprint: fingerprint, status: status,
                reason: nil, attempt: 1, start: "2026-11-27T08:00:00Z", end: "2026-11-27T08:01:00Z", seconds: 60,
                steps: [], collectors: [], metrics: nil)
            try record.encoded().write(to: folder.appendingPathComponent("cell.json"))
        }
        try record(cells[0], fingerprint: cells[0].fingerprint, status: .ok)
        try record(cells[1], fingerprint: String(repeating: "0", count: 64), status: .ok)
        try record(cells[2], fingerprint: cells[2].fingerprint, status: .failed)
        let marks = ResultMarks.states(plan: plan, resultsDirectory: dir.path).marks
        #expect(marks[cells[0].id] == .done)
        #expect(marks[cells[1].id] == .stale)
        #expect(marks[cells[2].id] == .failed)
        #expect(marks[cells[3].id] == .pending)
        #expect(plan.remaining(marks).cells.count == 32)
    }
}
