import SweepAnalysis
import SweepModel
import SweepPlanner

/// The metric values of the cells a run has published for its plan: finished `ok` with the plan's fingerprint
/// (a stale cell of an earlier plan decides nothing), read by the report's own loader. What every adaptive decision
/// and every answer is made of — never the runner's memory.
struct PublishedMetrics {
    /// The metrics read, in the order of each cell's values.
    var metrics: [Metric]
    /// Cell id → the value of each metric (`nil`: none or not finite). A cell is published when it has an entry.
    var values: [String: [Double?]]

    init(metrics: [Metric], values: [String: [Double?]]) {
        self.metrics = metrics
        self.values = values
    }

    init(plan: Plan, metrics: [Metric], root: String) {
        self.init(metrics: metrics, values: [:])
        guard !metrics.isEmpty, let tree = try? ResultsLoader().load(root) else { return }
        let fingerprints = Dictionary(plan.cells.map { ($0.id, $0.fingerprint) }, uniquingKeysWith: { first, _ in first })
        var current = tree
        current.cells = tree.cells.filter { $0.status == .ok && $0.fingerprint == fingerprints[$0.id] }
        guard !current.cells.isEmpty else { return }
        let table = ResultTableBuilder(query: ReportQuery(metrics: metrics)).build(current)
        for record in table.records where values[record.cellID] == nil {
            values[record.cellID] = record.values.map { value in value?.value.isFinite == true ? value?.value : nil }
        }
    }

    /// Every metric `rules` read, each once, in the order the rules are written (stop, search, repeat, steady-state).
    static func metrics(of rules: AdaptiveRules) -> [Metric] {
        var names: [String] = []
        if let stop = rules.stop { names.append(stop.metric) }
        if let search = rules.search { names += search.constraints.map(\.metric) + (search.maximize.map { [$0] } ?? []) }
        if let until = rules.repeatUntil?.until { names.append(until.metric) }
        if let steady = rules.steadyState { names.append(steady.metric) }
        var metrics: [Metric] = []
        for name in names {
            if let metric = try? MetricCatalog.metric(named: name), !metrics.contains(metric) { metrics.append(metric) }
        }
        return metrics
    }

    /// Whether the cell `id` is published.
    func isPublished(_ id: String) -> Bool { values[id] != nil }

    /// The published value of `metric` for the cell `id`.
    func value(_ id: String, _ metric: Metric) -> Double? {
        guard let index = metrics.firstIndex(of: metric), let row = values[id], index < row.count else { return nil }
        return row[index]
    }
}
