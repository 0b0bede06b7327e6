import SweepModel

/// A parsed fio JSON result, normalised to the fio 3.x shape and grouped.
///
/// - Latencies are nanoseconds under `slat_ns` / `clat_ns` / `lat_ns` whatever the fio version
///   (2.x `slat` / `clat` / `lat` in µs are converted, bins and percentiles included).
/// - `io_bytes` is bytes and `io_kbytes` KiB (fio ≤ 2.20 put KiB in `io_bytes`).
/// - Percentile keys are `%f` (`"99.000000"`); the padding `"0.00"` keys of fio < 3.4 are dropped.
/// - Jobs are merged per group as `group_reporting` would (see `FioGroup`).
public struct FioReport: Sendable {
    /// The version that wrote the file, if it says.
    public var version: FioVersion?
    /// Whether the file is client/server output (`client_stats`).
    public var isClientServer: Bool
    /// One entry per job group (per host and group in client/server output), in file order.
    public var groups: [FioGroup]
    /// The client/server aggregate, named `All clients` with no host, computed by iosweep from every
    /// client's job entries as `FioJobAggregator` merges a group (IOPS and bandwidth summed, mean latency
    /// weighted by I/O count, percentiles from the merged json+ `bins`); a single job entry is its own
    /// aggregate. `nil` for standalone output.
    public var allClients: FioGroup?
    /// fio's own `"jobname": "All clients"` entry, as fio wrote it (fio adds it when there is more than one
    /// job result). Reports do not use it: its sums have had arithmetic bugs and it carries the hostname and
    /// port of whichever client reported last. When it disagrees with ``allClients``, ``problems`` says so.
    public var fioAllClients: FioGroup?
    /// How many complete JSON documents the file held (`--status-interval` writes several; the last is used).
    public var documentCount: Int
    /// Non-blank text outside the JSON (warnings, `normal`-format report lines).
    public var otherLines: [String]
    /// What was skipped because it is not what fio writes (a percentile key that is not a percent, …),
    /// each described once: reports name the file with them.
    public var problems: [String]

    public init(
        version: FioVersion?, isClientServer: Bool, groups: [FioGroup], allClients: FioGroup?,
        fioAllClients: FioGroup? = nil, documentCount: Int, otherLines: [String], problems: [String] = []
    ) {
        self.version = version
        self.isClientServer = isClientServer
        self.groups = groups
        self.allClients = allClients
        self.fioAllClients = fioAllClients
        self.documentCount = documentCount
        self.otherLines = otherLines
        self.problems = problems
    }

    /// The groups a report row is made from: iosweep's `All clients` aggregate (``allClients``) for
    /// client/server output, otherwise every group.
    public var summaryGroups: [FioGroup] {
        if let allClients { return [allClients] }
        return groups
    }

    /// The groups rows are made from: ``groups`` (one per host and group) when `perHost` is asked for,
    /// otherwise ``summaryGroups``.
    public func rowGroups(perHost: Bool) -> [FioGroup] {
        perHost ? groups : summaryGroups
    }

    /// Lines of text outside the JSON that fio uses for errors (`fio: …`, `note: …`, `error…`).
    public var errorLines: [String] {
        otherLines.filter { $0.hasPrefix("fio:") || $0.hasPrefix("note:") || $0.lowercased().contains("error") }
    }
}

/// The statistics of one fio job group: a single job entry, or several merged.
public struct FioGroup: Sendable {
    /// The job name (the first job's, as fio's `group_reporting` does).
    public var name: String
    public var groupID: Int
    /// `hostname:port` of the server in client/server output.
    public var host: String?
    /// How many job entries were merged into this group (1 when fio already merged them).
    public var jobCount: Int
    /// The first non-zero job `error` (an errno), or 0.
    public var error: Int
    /// The job object, normalised (and merged when `jobCount > 1`): look values up with `value(atPath:)`.
    public var stats: JSONObject
    /// Latency objects whose percentiles were averaged rather than recomputed (no json+ bins), as
    /// paths such as `write.clat_ns`.
    public var approximatePercentiles: Set<String>

    public init(
        name: String, groupID: Int, host: String? = nil, jobCount: Int, error: Int, stats: JSONObject,
        approximatePercentiles: Set<String> = []
    ) {
        self.name = name
        self.groupID = groupID
        self.host = host
        self.jobCount = jobCount
        self.error = error
        self.stats = stats
        self.approximatePercentiles = approximatePercentiles
    }

    /// The number at a dotted path below the job (`write.iops`, `write.clat_ns.percentile.99.000000`).
    public func value(atPath path: String) -> Double? {
        JSONValue.object(stats).value(atPath: Substring(path))?.doubleValue
    }

    /// Whether the value at `path` comes from averaged percentiles.
    public func isApproximate(path: String) -> Bool {
        approximatePercentiles.contains { path.hasPrefix($0 + ".percentile") }
    }
}
