import Foundation
import SweepModel

/// `cell.json`: everything needed to trust (or distrust) one cell's results.
public struct CellRecord: Hashable, Sendable, Codable {
    /// Whether the cell succeeded.
    public enum Status: String, Hashable, Sendable, Codable {
        case ok
        case failed
    }

    public var schemaVersion: Int
    public var id: String
    /// Axis values, encoded like `Settings`: `[{"name": …, "value": …}]` in axis order.
    public var values: Settings
    public var resultPath: String
    public var fingerprint: String
    public var status: Status
    /// Why the cell failed.
    public var reason: String?
    /// 1 for the first try; higher with `--retries`.
    public var attempt: Int
    /// UTC, ISO 8601 with milliseconds.
    public var start: String
    public var end: String
    public var seconds: Double
    public var steps: [StepRecord]
    public var collectors: [CollectorRecord]
    /// IOPS and mean latency read from `fio.json`.
    public var metrics: Headline?
    /// The scratch disks' devices in this cell's run: `scratch0` → `/dev/loop3`. Collector output names
    /// the loop devices; the report reads this to name rows by the experiment's stable names.
    public var devices: [String: String]?

    public init(
        id: String, values: Settings, resultPath: String, fingerprint: String, status: Status, reason: String?,
        attempt: Int, start: String, end: String, seconds: Double, steps: [StepRecord],
        collectors: [CollectorRecord], metrics: Headline?, devices: [String: String]? = nil
    ) {
        self.schemaVersion = RunLayout.SchemaVersion.cellRecord
        self.id = id
        self.values = values
        self.resultPath = resultPath
        self.fingerprint = fingerprint
        self.status = status
        self.reason = reason
        self.attempt = attempt
        self.start = start
        self.end = end
        self.seconds = seconds
        self.steps = steps
        self.collectors = collectors
        self.metrics = metrics
        self.devices = devices
    }

    /// Reads `cell.json`; `nil` when missing or unreadable (the cell counts as not done).
    public static func load(path: String) -> CellRecord? {
        FileSystem.read(path).flatMap { try? JSONDecoder().decode(CellRecord.self, from: $0) }
    }

    public func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        var data = try encoder.encode(self)
        data.append(0x0A)
        return data
    }
}
