import Foundation
import SweepModel

/// `cell.json`: everything needed to trust (or distrust) one cell's results.
public struct CellRecord: Hashable, Sendable, Codable {
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

    public init(
        id: String, values: Settings, resultPath: String, fingerprint: String, status: Status, reason: String?,
        attempt: Int, start: String, end: String, seconds: Double, steps: [StepRecord],
        collectors: [CollectorRecord], metrics: Headline?
    ) {
        self.schemaVersion = 1
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
    }

    /// Reads `cell.json`; `nil` when missing or unreadable (the cell counts as not done).
    public static func load(path: String) -> CellRecord? {
        guard let data = FileSystem.read(path) else { return nil }
        return try? JSONDecoder().decode(CellRecord.self, from: data)
    }

    public func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        var data = try encoder.encode(self)
        data.append(0x0A)
        return data
    }
}

/// One executed step of a cell.
public struct StepRecord: Hashable, Sendable, Codable {
    public var kind: String
    public var argv: [String]
    public var pid: Int32?
    public var exit: Int32?
    public var signal: Int32?
    public var timedOut: Bool?
    public var start: String
    public var end: String
    public var seconds: Double
    /// Files holding the step's stdout and stderr, relative to the cell directory.
    public var stdout: String?
    public var stderr: String?
    /// Why the step failed to start, when it did.
    public var error: String?

    public init(
        kind: String, argv: [String], pid: Int32?, exit: Int32?, signal: Int32?, timedOut: Bool?, start: String,
        end: String, seconds: Double, stdout: String?, stderr: String?, error: String?
    ) {
        self.kind = kind
        self.argv = argv
        self.pid = pid
        self.exit = exit
        self.signal = signal
        self.timedOut = timedOut
        self.start = start
        self.end = end
        self.seconds = seconds
        self.stdout = stdout
        self.stderr = stderr
        self.error = error
    }
}

/// What became of a collector.
public struct CollectorRecord: Hashable, Sendable, Codable {
    public enum Status: String, Hashable, Sendable, Codable {
        /// Ran until the runner stopped it.
        case ok
        /// Ended by itself, successfully, before the workload finished.
        case exitedEarly = "exited-early"
        /// Could not start, or ended by itself with an error.
        case failed
    }

    public var name: String
    public var required: Bool
    public var status: Status
    public var exit: Int32?
    public var signal: Int32?
    /// The last signal the runner sent to stop it (`INT`, `TERM`, `KILL`).
    public var stoppedWith: String?
    public var output: String?
    public var reason: String?

    public init(
        name: String, required: Bool, status: Status, exit: Int32?, signal: Int32?, stoppedWith: String?,
        output: String?, reason: String?
    ) {
        self.name = name
        self.required = required
        self.status = status
        self.exit = exit
        self.signal = signal
        self.stoppedWith = stoppedWith
        self.output = output
        self.reason = reason
    }
}
