import Foundation
import SweepModel

/// `cell.json`: everything needed to trust (or distrust) one cell's results.
///
/// Its one reader (the runner's resume, `status`, `report`, `compare`) is tolerant, so that a record of an older
/// or newer schema version still reads: every field may be missing or of another type (it then takes its empty
/// value: no status, no fingerprint — a cell the runner reruns and a report shows without a status), `values`
/// entries that do not decode are left out, and unknown fields are ignored.
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
    /// `nil` only in a record that does not say (or says what this version does not know).
    public var status: Status?
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

    private enum CodingKeys: String, CodingKey {
        case schemaVersion, id, values, resultPath, fingerprint, status, reason, attempt, start, end, seconds, steps, collectors
        case metrics, devices
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        var values = Settings()
        for case let entry? in (Self.read(c, .values, as: [Lossy<Settings.Entry>].self) ?? []).map(\.value) {
            values[entry.name] = entry.value
        }
        self.schemaVersion = Self.read(c, .schemaVersion, as: Int.self) ?? 1
        self.id = Self.read(c, .id, as: String.self) ?? ""
        self.values = values
        self.resultPath = Self.read(c, .resultPath, as: String.self) ?? ""
        self.fingerprint = Self.read(c, .fingerprint, as: String.self) ?? ""
        self.status = Self.read(c, .status, as: Status.self)
        self.reason = Self.read(c, .reason, as: String.self)
        self.attempt = Self.read(c, .attempt, as: Int.self) ?? 1
        self.start = Self.read(c, .start, as: String.self) ?? ""
        self.end = Self.read(c, .end, as: String.self) ?? ""
        self.seconds = Self.read(c, .seconds, as: Double.self) ?? 0
        self.steps = Self.read(c, .steps, as: [StepRecord].self) ?? []
        self.collectors = Self.read(c, .collectors, as: [CollectorRecord].self) ?? []
        self.metrics = Self.read(c, .metrics, as: Headline.self)
        self.devices = Self.read(c, .devices, as: [String: String].self)
    }

    /// The value at `key`, `nil` when it is missing or does not decode as `type`.
    private static func read<T: Decodable>(_ c: KeyedDecodingContainer<CodingKeys>, _ key: CodingKeys, as type: T.Type) -> T? {
        guard let value = try? c.decodeIfPresent(type, forKey: key) else { return nil }
        return value
    }

    /// Reads `cell.json`; `nil` when missing or unreadable (the cell counts as not done).
    public static func load(path: String) -> CellRecord? {
        try? read(path: path)
    }

    /// Reads `cell.json` at `path`.
    /// - Throws: ``ResultFileError`` naming the file when it cannot be read or is not a JSON object.
    public static func read(path: String) throws(ResultFileError) -> CellRecord {
        let bytes = try FileSystem.bytes(path)
        do {
            return try JSONDecoder().decode(CellRecord.self, from: Data(bytes))
        } catch {
            throw ResultFileError(file: path, "\(RunLayout.cellRecord) is not a JSON object (\(error))")
        }
    }

    public func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        var data = try encoder.encode(self)
        data.append(0x0A)
        return data
    }
}
