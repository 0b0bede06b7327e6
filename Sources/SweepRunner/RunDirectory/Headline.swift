import Foundation

/// The two numbers shown while a study runs: total IOPS and mean completion latency, from `fio.json`.
///
/// A deliberately small reading of fio's JSON (the full parser lives in SweepAnalysis): it skips text fio
/// writes before the document, sums `iops` over jobs and directions, and weights `lat_ns.mean` by I/O count.
public struct Headline: Hashable, Sendable, Codable {
    public var iops: Double
    /// Mean total latency in nanoseconds, weighted over jobs and directions.
    public var meanLatencyNs: Double
    /// Non-zero `error` values of jobs (errno).
    public var jobErrors: [Int]

    public init(iops: Double, meanLatencyNs: Double, jobErrors: [Int]) {
        self.iops = iops
        self.meanLatencyNs = meanLatencyNs
        self.jobErrors = jobErrors
    }

    /// `1234 IOPS, 0.81 ms`.
    public var summary: String {
        let latency =
            meanLatencyNs >= 1_000_000
            ? String(format: "%.2f ms", meanLatencyNs / 1e6) : String(format: "%.1f µs", meanLatencyNs / 1e3)
        return String(format: "%.0f IOPS, ", iops) + latency
    }

    /// Reads the first fio JSON document in `data`; `nil` if there is none or it does not parse.
    public static func read(fioOutput data: Data) -> Headline? {
        guard let document = firstDocument(in: data),
            let object = try? JSONSerialization.jsonObject(with: document) as? [String: Any],
            let jobs = object["jobs"] as? [[String: Any]]
        else { return nil }
        var iops = 0.0
        var latencyWeighted = 0.0
        var ios = 0.0
        var errors: [Int] = []
        for job in jobs {
            if let error = (job["error"] as? NSNumber)?.intValue, error != 0 { errors.append(error) }
            for direction in ["read", "write", "trim"] {
                guard let stats = job[direction] as? [String: Any] else { continue }
                iops += (stats["iops"] as? NSNumber)?.doubleValue ?? 0
                let count = (stats["total_ios"] as? NSNumber)?.doubleValue ?? 0
                if count > 0, let lat = stats["lat_ns"] as? [String: Any],
                    let mean = (lat["mean"] as? NSNumber)?.doubleValue
                {
                    latencyWeighted += mean * count
                    ios += count
                }
            }
        }
        return Headline(iops: iops, meanLatencyNs: ios > 0 ? latencyWeighted / ios : 0, jobErrors: errors)
    }

    /// From the first line that is exactly `{` to the first later line that is exactly `}`.
    private static func firstDocument(in data: Data) -> Data? {
        let lines = data.split(separator: 0x0A, omittingEmptySubsequences: false)
        guard let open = lines.firstIndex(where: { $0.elementsEqual([0x7B]) }),
            let close = lines[open...].firstIndex(where: { $0.elementsEqual([0x7D]) })
        else { return nil }
        return Data(lines[open...close].joined(separator: [0x0A]))
    }
}
