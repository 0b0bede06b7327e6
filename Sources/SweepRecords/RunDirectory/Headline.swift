import SweepModel
import Foundation

/// The two numbers shown while a study runs: total IOPS and mean completion latency, from `fio.json`.
///
/// Read with the records' fio parser (``read(fioOutput:)``), so the runner and the reports agree on
/// what fio wrote, fio 2.x latencies in µs and client/server output included.
public struct Headline: Hashable, Sendable, Codable {
    /// Total IOPS over job groups and directions.
    public var iops: Double
    /// Mean total latency in nanoseconds, weighted over jobs and directions.
    public var meanLatencyNs: Double
    /// Non-zero `error` values (errno), the first of each job group.
    public var jobErrors: [Int]
    /// fio's own steady-state detection (the `ss` option): whether every job group that asked for it attained it
    /// (`false`: one gave up at its runtime); `nil` when none asked.
    public var steadyStateAttained: Bool?

    public init(iops: Double, meanLatencyNs: Double, jobErrors: [Int], steadyStateAttained: Bool? = nil) {
        self.iops = iops
        self.meanLatencyNs = meanLatencyNs
        self.jobErrors = jobErrors
        self.steadyStateAttained = steadyStateAttained
    }

    /// `1234 IOPS, 0.81 ms`.
    public var summary: String {
        let latency =
            meanLatencyNs >= 1_000_000
            ? String(format: "%.2f ms", meanLatencyNs / 1e6) : String(format: "%.1f µs", meanLatencyNs / 1e3)
        return String(format: "%.0f IOPS, ", iops) + latency
    }

    /// The headline of fio's JSON output in `data`, read by ``FioParser`` (text around the
    /// document is skipped; with several status documents the last counts). IOPS are summed over the job
    /// groups (client/server: iosweep's `All clients` sum of the clients, ``FioReport/allClients``) and the
    /// read, write and trim directions; mean latency (`lat_ns.mean`) is weighted by each direction's I/O
    /// count; `jobErrors` holds each group's first non-zero `error`; `steadyStateAttained` reads each group's
    /// `steadystate.attained`. `nil` if there is no fio JSON document or it does not parse.
    public static func read(fioOutput data: Data) -> Headline? {
        guard let report = try? FioParser().parse([UInt8](data), file: RunLayout.fioOutput) else { return nil }
        var iops = 0.0
        var latencyWeighted = 0.0
        var ios = 0.0
        var errors: [Int] = []
        var attained: Bool?
        for group in report.summaryGroups {
            if group.error != 0 { errors.append(group.error) }
            for direction in ["read", "write", "trim"] {
                iops += group.value(atPath: direction + ".iops") ?? 0
                let count = group.value(atPath: direction + ".total_ios") ?? 0
                if count > 0, let mean = group.value(atPath: direction + ".lat_ns.mean") {
                    latencyWeighted += mean * count
                    ios += count
                }
            }
        }
        // Every group, each client's too (the `All clients` sum has no steady state of its own).
        for group in report.groups {
            if let value = group.value(atPath: "steadystate.attained") { attained = (attained ?? true) && value != 0 }
        }
        return Headline(
            iops: iops, meanLatencyNs: ios > 0 ? latencyWeighted / ios : 0, jobErrors: errors, steadyStateAttained: attained)
    }
}
