import Foundation
import SweepModel

/// What a run directory's `iosweep-run.json` says about the run, read tolerantly: every field is optional,
/// unknown fields are ignored, and host facts are whatever the `host` object holds.
public struct RunInfo: Sendable, Hashable {
    /// One matrix axis and its declared values.
    public struct Axis: Sendable, Hashable {
        public var name: String
        public var values: [String]
    }

    public var experimentName: String?
    public var description: String?
    public var axes: [Axis]
    /// Repetitions per cell (`matrix.repeat`), when declared.
    public var repeatCount: Int?
    /// Host facts in a fixed order (known facts first, then the rest by name), values as text.
    public var host: [HTMLReport.Fact]
    public var toolVersion: String?
    public var runID: String?
    public var created: String?

    /// The file name inside a run directory.
    public static let fileName = RunLayout.manifest

    /// Reads `<directory>/iosweep-run.json`; `nil` when there is none (a foreign results tree).
    /// - Throws: `AnalysisFileError` when the file exists but is not a JSON object.
    public static func load(directory: String) throws -> RunInfo? {
        let path = directory.hasSuffix("/") ? directory + fileName : directory + "/" + fileName
        let data: Data
        switch FileContents.read(path, limit: FileContents.textLimit) {
        case .success(let bytes): data = Data(bytes)
        case .failure(.missing): return nil
        case .failure(let failure): throw RunInfoError(path: path, message: "\(failure)")
        }
        do {
            return try RunInfo(json: data)
        } catch {
            throw RunInfoError(path: path, message: "not a JSON object (\(error))")
        }
    }

    /// Parses the manifest's JSON.
    public init(json data: Data) throws {
        guard case .object(let object) = try JSONDecoder().decode(LooseJSON.self, from: data) else {
            throw RunInfoError(path: "", message: "the top level is not an object")
        }
        let experiment = object["experiment"]?.object
        experimentName = experiment?["name"]?.string ?? object["experimentName"]?.string
        description = experiment?["description"]?.string
        let matrix = experiment?["matrix"]?.object
        axes = (matrix?["axes"]?.array ?? []).compactMap { axis in
            guard let name = axis.object?["name"]?.string else { return nil }
            return Axis(name: name, values: (axis.object?["values"]?.array ?? []).map(\.text))
        }
        repeatCount = matrix?["repeat"]?.object?["count"]?.number.flatMap { Int(exactly: $0) }
        toolVersion = object["toolVersion"]?.string
        runID = object["runID"]?.string
        created = object["created"]?.string
        let hostObject = object["host"]?.object ?? [:]
        let known = ["hostname", "kernel", "cpuModel", "cpuCount", "memoryBytes", "fioVersion", "sysstatVersion", "zfsVersion"]
        let names = known.filter { hostObject[$0] != nil } + hostObject.keys.filter { !known.contains($0) }.sorted()
        host = names.compactMap { name in
            guard let value = hostObject[name], value != .null else { return nil }
            if name == "memoryBytes", let bytes = value.number {
                return HTMLReport.Fact(Self.label(name), ChartNumber.decimal(bytes / 1_073_741_824, places: 1) + " GiB")
            }
            return HTMLReport.Fact(Self.label(name), value.text)
        }
    }

    /// `cpuModel` → `CPU model`, `fioVersion` → `fio`.
    private static func label(_ key: String) -> String {
        let labels = [
            "hostname": "host", "kernel": "kernel", "cpuModel": "CPU model", "cpuCount": "CPUs", "memoryBytes": "memory",
            "fioVersion": "fio", "sysstatVersion": "sysstat", "zfsVersion": "ZFS",
        ]
        return labels[key] ?? key
    }
}

/// Any JSON, decoded without a schema (the manifest is read tolerantly).
private enum LooseJSON: Decodable, Equatable {
    case null, bool(Bool), number(Double), string(String), array([LooseJSON]), object([String: LooseJSON])

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let bool = try? container.decode(Bool.self) {
            self = .bool(bool)
        } else if let number = try? container.decode(Double.self) {
            self = .number(number)
        } else if let string = try? container.decode(String.self) {
            self = .string(string)
        } else if let array = try? container.decode([LooseJSON].self) {
            self = .array(array)
        } else {
            self = .object(try container.decode([String: LooseJSON].self))
        }
    }

    var object: [String: LooseJSON]? { if case .object(let value) = self { value } else { nil } }
    var array: [LooseJSON]? { if case .array(let value) = self { value } else { nil } }
    var string: String? { if case .string(let value) = self { value } else { nil } }
    var number: Double? { if case .number(let value) = self { value } else { nil } }

    var text: String {
        switch self {
        case .null: "null"
        case .bool(let value): value ? "true" : "false"
        case .number(let value): value.rounded() == value && abs(value) < 1e15 ? String(Int64(value)) : String(value)
        case .string(let value): value
        case .array(let values): "[" + values.map(\.text).joined(separator: ", ") + "]"
        case .object(let members): "{" + members.keys.sorted().map { "\($0): \(members[$0]?.text ?? "")" }.joined(separator: ", ") + "}"
        }
    }
}

/// An `iosweep-run.json` that exists but cannot be read.
public struct RunInfoError: Error, Sendable, Hashable, CustomStringConvertible {
    public var path: String
    public var message: String
    public var description: String { "\(path): \(message)" }
}
