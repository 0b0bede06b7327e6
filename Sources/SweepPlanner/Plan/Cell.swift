import SweepModel

/// One point of the matrix: its axis values, identity, result path and steps.
public struct Cell: Hashable, Sendable, Codable {
    /// Readable stable id from the axis values: `ndisks=2,numjobs=32` (plus `repeat=1` when repeating).
    public var id: String
    /// Axis values (and extra `include` keys), in axis order.
    public var values: Settings
    /// Directory of the cell's results, relative to the results directory.
    public var resultPath: String
    /// SHA-256 (hex) of the cell's resolved steps (group setup and teardown included) and referenced file contents.
    public var fingerprint: String
    /// Seconds the workload is expected to run (fio `runtime`), for estimates and progress.
    public var estimatedSeconds: Double?
    /// The cell's own steps: hooks, collectors, workload, record, publish.
    public var steps: [Step]

    public init(
        id: String, values: Settings, resultPath: String, fingerprint: String, estimatedSeconds: Double?, steps: [Step]
    ) {
        self.id = id
        self.values = values
        self.resultPath = resultPath
        self.fingerprint = fingerprint
        self.estimatedSeconds = estimatedSeconds
        self.steps = steps
    }
}
