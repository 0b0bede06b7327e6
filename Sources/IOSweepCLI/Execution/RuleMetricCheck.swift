import SweepAnalysis
import SweepModel

/// The checks of adaptive rules that need `report`'s metric catalog, which the model does not know: every metric
/// a rule names is one `report` can read, and a limit measures what its metric measures (`10ms` for a latency,
/// not for IO/s). Located at the rule's field.
enum RuleMetricCheck {
    static func problems(_ experiment: Experiment) -> [Diagnostic] {
        guard let stop = experiment.matrix.stop else { return [] }
        let rule = FieldPath.root / "matrix" / "stop"
        let written = stop.condition == .latencyAbove ? rule / "latency-above" : rule / "metric"
        let metric: Metric
        do {
            metric = try MetricCatalog.metric(named: stop.metric)
        } catch {
            return [
                Diagnostic(
                    .error, "'stop' reads metric '\(stop.metric)', which report does not know: \(error.message)",
                    hint: "e.g. write.iops, read.bw, write.clat.p99, iostat.%util", path: written)
            ]
        }
        // fio paths are open-ended in `report`; a rule reading one fio never writes would never trigger.
        if case .fio = metric.source, metric.unit.isEmpty {
            let direction = stop.metric.split(separator: ".").first.map(String.init) ?? "write"
            let known = Self.fioKeys.map { "\(direction).\($0)" }
            return [
                Diagnostic(
                    .error, "'stop' reads metric '\(stop.metric)', which is no value fio writes for a job",
                    hint: Suggestion.closest(to: stop.metric, among: known).map { "did you mean '\($0)'?" }
                        ?? "e.g. \(direction).iops, \(direction).bw, \(direction).clat.p99, \(direction).lat.mean", path: written)
            ]
        }
        if stop.condition == .gainBelow, metric.direction == .neutral {
            return [
                Diagnostic(
                    .error, "'gain-below' needs a metric that is better when higher or lower; \(stop.metric) is neither",
                    hint: "e.g. write.iops, write.bw or write.lat.mean", path: written)
            ]
        }
        if stop.condition == .latencyAbove, stop.threshold.value(inUnit: metric.unit) == nil {
            return [
                Diagnostic(
                    .error, "limit \(stop.threshold) cannot be compared with \(stop.metric), measured in \(metric.unit)",
                    hint: "give the limit in \(metric.unit) or as a plain number", path: rule / "latency-above")
            ]
        }
        return []
    }

    /// The keys below a job's direction that fio writes and `report` has a unit for, with the latency aliases.
    static let fioKeys = [
        "iops", "iops_mean", "iops_min", "iops_max", "bw", "bw_mean", "bw_min", "bw_max", "bw_bytes", "io_bytes", "io_kbytes",
        "runtime", "total_ios", "lat.mean", "lat.max", "lat.p99", "clat.mean", "clat.max", "clat.p99", "clat.p99.9", "slat.mean",
    ]
}
