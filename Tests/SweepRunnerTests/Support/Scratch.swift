import Foundation
import SweepRecords
import SweepPlanner
import SweepRunner

/// A unique temporary directory per test, removed afterwards with every process the runs in it left.
struct Scratch {
    let root: String

    init(_ label: String) throws {
        root = NSTemporaryDirectory() + "iosweep-runner-\(label)-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
    }

    /// Kills whatever carries the run marker of a results directory under `root`, then removes `root`.
    func remove() {
        for process in RunState.markedProcesses(under: root) { kill(process.pid, SIGKILL) }
        try? FileManager.default.removeItem(atPath: root)
    }
}

/// Reading a results directory the way a test checks it.
enum RunState {
    static func manifest(_ results: String) -> RunManifest? {
        RunManifest.load(path: results + "/iosweep-run.json")
    }

    static func journal(_ results: String) -> [JournalEvent] {
        Journal.read(path: results + "/journal.jsonl")
    }

    /// Live processes that belong to a run under `root`: those carrying its run id in their environment,
    /// and any `iosweep` whose command line names a path under `root`.
    static func markedProcesses(under root: String) -> [ProcessEntry] {
        let runIDs = Set(runDirectories(under: root).compactMap { manifest($0)?.runID })
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap { Int32($0) }.compactMap(ProcessTable.info).filter { entry in
            guard entry.pid != getpid() else { return false }
            if let id = entry.runID, runIDs.contains(id) { return true }
            return entry.argv.contains { $0.hasPrefix(root) } && entry.argv.contains { $0.hasSuffix("iosweep") }
        }
    }

    private static func runDirectories(under root: String) -> [String] {
        let enumerator = FileManager.default.enumerator(atPath: root)
        var found: [String] = []
        while let item = enumerator?.nextObject() as? String {
            if item.hasSuffix("iosweep-run.json") { found.append(root + "/" + (item as NSString).deletingLastPathComponent) }
        }
        return found
    }

    /// The published cells: result path → cell.json.
    static func publishedCells(_ results: String, plan: Plan) -> [String: CellRecord] {
        var cells: [String: CellRecord] = [:]
        for cell in plan.cells {
            if let record = CellRecord.load(path: results + "/" + cell.resultPath + "/cell.json") {
                cells[cell.resultPath] = record
            }
        }
        return cells
    }
}
