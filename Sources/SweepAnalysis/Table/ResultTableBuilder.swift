import Foundation
import SweepRecords
import SweepModel

/// Builds the tidy `ResultTable` of a `ResultTree`: selects cells, reads only the files the metrics
/// need, and turns every problem into a warning that names its files.
///
/// Cell files: fio output is `fio.json` (or another `fio*.json`); collector files start with the
/// collector's name: `iostat*.txt` / `iostat*.json`, `mpstat*.txt` / `mpstat*.json`, `vmstat*.txt`,
/// `zpool-iostat*.txt`, `diskstats*.txt`.
public struct ResultTableBuilder: Sendable {
    public var query: ReportQuery

    public init(query: ReportQuery) {
        self.query = query
    }

    /// Axes the query filters on that the tree does not have (a usage error for the caller).
    public func unknownFilterAxes(in tree: ResultTree) -> [String] {
        let known = Set(tree.axes + ["job", "device"])
        var unknown: [String] = []
        for filter in query.filters where !known.contains(filter.axis) && !unknown.contains(filter.axis) {
            unknown.append(filter.axis)
        }
        return unknown
    }

    public func build(_ tree: ResultTree) -> ResultTable {
        let treeAxes = Set(tree.axes)
        let cells = tree.cells.filter { query.selects($0.values, only: treeAxes) }
        var outcomes = [CellReading?](repeating: nil, count: cells.count)
        var gaveUp: [String] = []
        outcomes.withUnsafeMutableBufferPointer { buffer in
            nonisolated(unsafe) let results = buffer
            DispatchQueue.concurrentPerform(iterations: cells.count) { index in
                results[index] = CellReader(query: query).read(cells[index])
            }
        }
        var axes = tree.axes
        for (cell, outcome) in zip(cells, outcomes) where outcome?.steadyStateGaveUp == true { gaveUp.append(cell.id) }
        let all = outcomes.compactMap { $0 }
        if all.contains(where: \.splitByJob) { axes.append("job") }
        if query.perDevice, all.contains(where: \.splitByDevice) { axes.append("device") }
        let records = all.flatMap(\.records).filter { query.selects($0.axes, only: ["job", "device"]) }
            .sorted { lhs, rhs in
                for axis in axes {
                    guard let a = lhs.axes[axis], let b = rhs.axes[axis] else { continue }
                    if Value.axisOrder(a, b) { return true }
                    if Value.axisOrder(b, a) { return false }
                }
                return lhs.cellPath < rhs.cellPath
            }

        var warnings = tree.warnings
        warnings += Self.warnings(for: all.flatMap(\.problems))
        if cells.isEmpty, !tree.cells.isEmpty {
            warnings.append(AnalysisWarning("no cell matches the --where selection"))
        }
        return ResultTable(
            axes: axes, metrics: query.metrics, records: records, warnings: warnings, steadyState: FioSteadyStateNotice(cells: gaveUp))
    }

    /// One warning per set of files with the same problems: each file is named once, with all its problems
    /// (each once, in the order found), and files whose problems are the same share a line.
    static func warnings(for problems: [(message: String, file: String)]) -> [AnalysisWarning] {
        var messages: [String: [String]] = [:]
        var files: [String] = []
        for problem in problems {
            if messages[problem.file] == nil { files.append(problem.file) }
            if messages[problem.file, default: []].contains(problem.message) { continue }
            messages[problem.file, default: []].append(problem.message)
        }
        var grouped: [[String]: [String]] = [:]
        var order: [[String]] = []
        for file in files {
            let list = messages[file] ?? []
            if grouped[list] == nil { order.append(list) }
            grouped[list, default: []].append(file)
        }
        return order.map { AnalysisWarning($0.joined(separator: "; "), files: grouped[$0] ?? []) }
    }
}
