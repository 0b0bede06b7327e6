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
        if stop.condition == .latencyAbove, stop.threshold.value(inUnit: metric.unit) == nil {
            return [
                Diagnostic(
                    .error, "limit \(stop.threshold) cannot be compared with \(stop.metric), measured in \(metric.unit)",
                    hint: "give the limit in \(metric.unit) or as a plain number", path: rule / "latency-above")
            ]
        }
        return []
    }
}
