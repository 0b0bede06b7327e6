import SweepAnalysis
import SweepModel

/// The checks of adaptive rules that need `report`'s metric catalog, which the model does not know: every metric
/// a rule names is one `report` can read (and, for a fio value, one fio writes), and a limit measures what its
/// metric measures (`10ms` for a latency, not for IO/s). Located at the rule's field.
enum RuleMetricCheck {
    static func problems(_ experiment: Experiment) -> [Diagnostic] {
        var problems: [Diagnostic] = []
        if let stop = experiment.matrix.stop {
            let rule = FieldPath.root / "matrix" / "stop"
            let written = stop.condition == .latencyAbove ? rule / "latency-above" : rule / "metric"
            if let metric = known(stop.metric, rule: "stop", at: written, into: &problems) {
                if stop.condition == .gainBelow, metric.direction == .neutral {
                    problems.append(
                        Diagnostic(
                            .error, "'gain-below' needs a metric that is better when higher or lower; \(stop.metric) is neither",
                            hint: "e.g. write.iops, write.bw or write.lat.mean", path: written))
                }
                if stop.condition == .latencyAbove {
                    comparable(stop.threshold, metric, at: rule / "latency-above", into: &problems)
                }
            }
        }
        if let until = experiment.matrix.repeat?.until {
            _ = known(until.metric, rule: "repeat", at: .root / "matrix" / "repeat" / "until" / "metric", into: &problems)
        }
        if let steady = experiment.steadyState {
            _ = known(steady.metric, rule: "steady-state", at: .root / "steady-state" / "metric", into: &problems)
        }
        if let search = experiment.search {
            let rule = FieldPath.root / "search"
            for (index, constraint) in search.constraints.enumerated() {
                let at = search.constraints.count == 1 ? rule / "subject-to" : rule / "subject-to" / index
                if let metric = known(constraint.metric, rule: "search", at: at, into: &problems) {
                    comparable(constraint.limit, metric, at: at, into: &problems)
                }
            }
            if let maximize = search.maximize { _ = known(maximize, rule: "search", at: rule / "maximize", into: &problems) }
        }
        return problems
    }

    /// The metric `name`, or `nil` with a problem added when `report` does not know it or it is a fio path fio never
    /// writes (`report` takes any path below a job; a rule reading one would never decide anything).
    static func known(_ name: String, rule: String, at path: FieldPath, into problems: inout [Diagnostic]) -> Metric? {
        let metric: Metric
        do {
            metric = try MetricCatalog.metric(named: name)
        } catch {
            problems.append(
                Diagnostic(
                    .error, "'\(rule)' reads metric '\(name)', which report does not know: \(error.message)",
                    hint: "e.g. write.iops, read.bw, write.clat.p99, iostat.%util", path: path))
            return nil
        }
        if case .fio = metric.source, metric.unit.isEmpty {
            let direction = name.split(separator: ".").first.map(String.init) ?? "write"
            let candidates = fioKeys.map { "\(direction).\($0)" }
            problems.append(
                Diagnostic(
                    .error, "'\(rule)' reads metric '\(name)', which is no value fio writes for a job",
                    hint: Suggestion.closest(to: name, among: candidates).map { "did you mean '\($0)'?" }
                        ?? "e.g. \(direction).iops, \(direction).bw, \(direction).clat.p99, \(direction).lat.mean", path: path))
            return nil
        }
        return metric
    }

    /// Adds a problem when `limit` is not in a unit `metric` is measured in.
    static func comparable(_ limit: Quantity, _ metric: Metric, at path: FieldPath, into problems: inout [Diagnostic]) {
        guard limit.value(inUnit: metric.unit) == nil else { return }
        problems.append(
            Diagnostic(
                .error, "limit \(limit) cannot be compared with \(metric.name), measured in \(metric.unit)",
                hint: "give the limit in \(metric.unit) or as a plain number", path: path))
    }

    /// The keys below a job's direction that fio writes and `report` has a unit for, with the latency aliases.
    static let fioKeys = [
        "iops", "iops_mean", "iops_min", "iops_max", "bw", "bw_mean", "bw_min", "bw_max", "bw_bytes", "io_bytes", "io_kbytes",
        "runtime", "total_ios", "lat.mean", "lat.max", "lat.p99", "clat.mean", "clat.max", "clat.p99", "clat.p99.9", "slat.mean",
    ]
}
