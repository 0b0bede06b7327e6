import SweepModel

/// Merges the job entries of one group as fio's `group_reporting` would.
///
/// IOPS, bandwidth, byte and I/O counts are summed; runtime is the longest; mean latency is weighted
/// by each job's I/O count and the standard deviation pooled; minimum and maximum are taken over jobs
/// with I/O. Percentiles are recomputed from the merged json+ `bins` when every job has them (the same
/// walk as fio's stat.c); otherwise they are the one job's when only one job has I/O in that direction,
/// or else the I/O-weighted mean of the jobs' percentiles, and the latency object is listed in
/// `FioGroup.approximatePercentiles`. Keys that cannot be merged
/// (`bw_min`, `latency_us` buckets, …) are left out of a merged group.
package struct FioJobAggregator {
    private static let summed: Set<String> = [
        "io_bytes", "io_kbytes", "bw_bytes", "bw", "iops", "total_ios", "short_ios", "drop_ios",
        "bw_agg", "bw_mean", "iops_mean", "bw_samples", "iops_samples",
    ]

    /// Merges `jobs` (normalised, non-empty) into one group.
    package func merge(_ jobs: [JSONObject], host: String?) -> FioGroup {
        let first = jobs[0]
        let name = first["jobname"]?.stringValue ?? ""
        let groupID = first["groupid"]?.intValue ?? 0
        // An error that is not a whole number (`1e400`, `nan`) is still an error.
        let error = jobs.lazy.compactMap { $0["error"]?.doubleValue }.first(where: { $0 != 0 }).map { Int(exactly: $0) ?? -1 } ?? 0
        guard jobs.count > 1 else {
            return FioGroup(name: name, groupID: groupID, host: host, jobCount: 1, error: error, stats: first)
        }
        var merged = JSONObject()
        var approximate: Set<String> = []
        merged["jobname"] = .string(name)
        merged["groupid"] = .number(Double(groupID))
        merged["error"] = .number(Double(error))
        for key in ["hostname", "port", "job options"] { merged[key] = first[key] }
        merged["elapsed"] = Self.combine(jobs, "elapsed", using: max)
        merged["job_runtime"] = Self.combine(jobs, "job_runtime", using: +)
        for key in ["ctx", "majf", "minf"] { merged[key] = Self.combine(jobs, key, using: +) }
        for key in ["usr_cpu", "sys_cpu"] {
            let values = jobs.compactMap { $0[key]?.doubleValue }
            if !values.isEmpty { merged[key] = .number(values.reduce(0, +) / Double(values.count)) }
        }
        for direction in FioNormalizer.directions {
            let parts = jobs.compactMap { $0[direction]?.objectValue }
            guard !parts.isEmpty else { continue }
            merged[direction] = .object(mergeDirection(parts, path: direction, approximate: &approximate))
        }
        merged["aggregated_jobs"] = .number(Double(jobs.count))
        return FioGroup(
            name: name, groupID: groupID, host: host, jobCount: jobs.count, error: error, stats: merged,
            approximatePercentiles: approximate)
    }

    private static func combine(_ objects: [JSONObject], _ key: String, using op: (Double, Double) -> Double) -> JSONValue? {
        let values = objects.compactMap { $0[key]?.doubleValue }
        guard let first = values.first else { return nil }
        return .number(values.dropFirst().reduce(first, op))
    }

    private func mergeDirection(_ parts: [JSONObject], path: String, approximate: inout Set<String>) -> JSONObject {
        var merged = JSONObject()
        for member in parts[0].members {
            let key = member.key
            if Self.summed.contains(key) {
                merged[key] = Self.combine(parts, key, using: +)
            } else if key == "runtime" {
                merged[key] = Self.combine(parts, key, using: max)
            } else if key.hasSuffix("_ns"), member.value.objectValue != nil {
                let latencies = parts.map { part -> (JSONObject, Double) in
                    let latency = part[key]?.objectValue ?? JSONObject()
                    let count = latency["N"]?.doubleValue ?? part["total_ios"]?.doubleValue ?? 0
                    return (latency, count)
                }
                let (object, isApproximate) = mergeLatency(latencies)
                merged[key] = .object(object)
                if isApproximate { approximate.insert(path + "." + key) }
            }
        }
        return merged
    }

    /// Merges latency objects weighted by their I/O counts; returns whether percentiles are approximate.
    private func mergeLatency(_ parts: [(latency: JSONObject, count: Double)]) -> (JSONObject, Bool) {
        let withIO = parts.filter { $0.count > 0 }
        var merged = JSONObject()
        let total = withIO.reduce(0) { $0 + $1.count }
        func number(_ object: JSONObject, _ key: String) -> Double { object[key]?.doubleValue ?? 0 }
        merged["min"] = .number(withIO.map { number($0.latency, "min") }.min() ?? 0)
        merged["max"] = .number(withIO.map { number($0.latency, "max") }.max() ?? 0)
        let mean = total > 0 ? withIO.reduce(0) { $0 + $1.count * number($1.latency, "mean") } / total : 0
        merged["mean"] = .number(mean)
        let secondMoment =
            total > 0
            ? withIO.reduce(0) { sum, part in
                let sd = number(part.latency, "stddev"), mu = number(part.latency, "mean")
                return sum + part.count * (sd * sd + mu * mu)
            } / total : 0
        merged["stddev"] = .number(max(0, secondMoment - mean * mean).squareRoot())
        if parts.contains(where: { $0.latency["N"] != nil }) { merged["N"] = .number(total) }

        guard let template = withIO.lazy.compactMap({ $0.latency["percentile"]?.objectValue }).first else {
            return (merged, false)
        }
        let percents = template.keys
        let allBins = withIO.compactMap { $0.latency["bins"]?.objectValue }
        if allBins.count == withIO.count {
            let bins = FioLatencyBins(merging: allBins)
            merged["percentile"] = .object(bins.percentiles(percents))
            merged["bins"] = .object(bins.object)
            return (merged, false)
        }
        if withIO.count == 1 {
            // One job with I/O (client/server: a direction only one client used): its percentiles are exact.
            merged["percentile"] = .object(template)
            return (merged, false)
        }
        var averaged = JSONObject()
        for key in percents {
            var sum = 0.0, weight = 0.0
            for part in withIO {
                guard let value = part.latency["percentile"]?[key]?.doubleValue else { continue }
                sum += part.count * value
                weight += part.count
            }
            averaged[key] = .number(weight > 0 ? sum / weight : 0)
        }
        merged["percentile"] = .object(averaged)
        return (merged, true)
    }
}
