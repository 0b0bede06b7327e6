import SweepAnalysis
import SweepModel
import SweepPlanner

/// The metric values of the cells a run has published for its plan: finished `ok` with the plan's fingerprint
/// (a stale cell of an earlier plan decides nothing), read by the report's own loader. What every adaptive decision
/// and every answer is made of — never the runner's memory.
struct PublishedMetrics {
    /// Cell id → the value of each metric asked for (`nil`: none or not finite).
    var values: [String: [Double?]]

    init(plan: Plan, metrics: [Metric], root: String) {
        values = [:]
        guard let tree = try? ResultsLoader().load(root) else { return }
        let fingerprints = Dictionary(plan.cells.map { ($0.id, $0.fingerprint) }, uniquingKeysWith: { first, _ in first })
        var current = tree
        current.cells = tree.cells.filter { $0.status == .ok && $0.fingerprint == fingerprints[$0.id] }
        guard !current.cells.isEmpty else { return }
        let table = ResultTableBuilder(query: ReportQuery(metrics: metrics)).build(current)
        for record in table.records where values[record.cellID] == nil {
            values[record.cellID] = record.values.map { value in value?.value.isFinite == true ? value?.value : nil }
        }
    }
}
