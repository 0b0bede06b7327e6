import Foundation
import SweepAnalysis
import SweepPlanner
import SweepRunner

/// The content of `iosweep status`: counts per state and one row per cell.
struct StatusReport: Encodable {
    struct Row: Encodable {
        var id: String
        var state: CellMark
        var interrupted: Bool
        var resultPath: String
        var seconds: Double?
        var iops: Double?
        var meanLatencyNs: Double?
        /// fio's own steady state (`ss`): whether it was attained; `nil` when the cell did not ask for it.
        var fioSteadyStateAttained: Bool?
        var reason: String?
    }

    var experiment: String
    var directory: String
    /// The pid of the run holding the directory, if one is active.
    var runningPid: Int32?
    var counts: [String: Int]
    var cells: [Row]
    /// Where each search of the plan stands (its answer, or the bracket so far) and each repeated cell's precision.
    var searches: [String]

    /// The order `status` counts cells in: what is finished first.
    static let order: [CellMark] = [.done, .skipped, .stale, .failed, .pending]

    init(plan: Plan, directory: RunDirectory) {
        let states = directory.states(of: plan)
        experiment = plan.experiment
        self.directory = directory.root
        runningPid = RunLock.holder(of: directory.lock)
        counts = Dictionary(
            uniqueKeysWithValues: Self.order.map { state in
                (state.rawValue, states.count(where: { $0.state == state }))
            })
        searches = AdaptiveOutcome(plan: plan, root: directory.root).lines
        cells = states.map { status in
            Row(
                id: status.cell.id, state: status.state, interrupted: status.interrupted,
                resultPath: status.cell.resultPath, seconds: status.record?.seconds,
                iops: status.record?.metrics?.iops, meanLatencyNs: status.record?.metrics?.meanLatencyNs,
                fioSteadyStateAttained: status.record?.metrics?.steadyStateAttained, reason: status.skipReason ?? status.record?.reason)
        }
    }

    func json() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(self), as: UTF8.self) + "\n"
    }

    func table() -> String {
        var out = "\(experiment): \(cells.count) cells — "
        // `skipped` is a state only adaptive studies reach: the line of a plain study reads as it always did.
        let shown = Self.order.filter { $0 != .skipped || (counts[$0.rawValue] ?? 0) > 0 }
        out += shown.map { "\(counts[$0.rawValue] ?? 0) \($0.rawValue)" }.joined(separator: ", ")
        if let runningPid { out += " (a run is active: pid \(runningPid))" }
        out += "\n\n"
        let header = ["cell", "state", "seconds", "IOPS", "mean lat"]
        var rows = [header]
        for row in cells {
            var state = row.state.rawValue
            if row.interrupted, row.state == .pending { state += " (interrupted)" }
            if row.state == .done, row.fioSteadyStateAttained == false { state += " (ss not attained)" }
            rows.append([
                row.id, state, row.seconds.map { String(format: "%.1f", $0) } ?? "",
                row.iops.map { String(format: "%.0f", $0) } ?? "",
                row.meanLatencyNs.map { String(format: "%.3f ms", $0 / 1e6) } ?? "",
            ])
        }
        let widths = header.indices.map { column in rows.map { $0[column].count }.max() ?? 0 }
        for row in rows {
            let cells = row.enumerated().map { column, text in
                column == 0 || column == 1
                    ? text.padding(toLength: widths[column], withPad: " ", startingAt: 0)
                    : String(repeating: " ", count: widths[column] - text.count) + text
            }
            out += cells.joined(separator: "  ").trimmingCharacters(in: .whitespaces) + "\n"
        }
        for row in cells where row.state == .failed {
            out += "\(row.id): \(row.reason ?? "failed")\n"
        }
        for row in cells where row.state == .skipped {
            out += "\(row.id): skipped: \(row.reason ?? "by a rule")\n"
        }
        for row in cells where row.state == .done && row.fioSteadyStateAttained == false {
            out += "\(row.id): \(FioSteadyStateNotice.notAttained)\n"
        }
        for line in searches { out += line + "\n" }
        return out
    }
}
