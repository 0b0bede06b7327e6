import SweepModel
import SweepRecords
/// Parses `iostat -o JSON` output, complete or cut off (SIGTERM leaves it unterminated): every
/// complete element of `statistics` is kept, and a cut-off file has `isCutOff`.
///
/// JSON keys are mapped to the text header names so metrics are spelled the same for both formats:
/// `util` → `%util`, and `rrqm` → `%rrqm` (sysstat ≥ 11.5.7) or `rrqm/s` (11.5.1–11.5.6, where the keys
/// were `r`, `w`, `rkB`, … without `/s`).
public struct IostatJSONParser: Sendable {
    public init() {}

    public func parse(_ bytes: [UInt8], file: String) throws(ResultFileError) -> CollectorSamples {
        let statistics = try SysstatJSON.statistics(bytes, file: file, tool: "iostat")
        var columns: [String] = []
        var columnIndex: [String: Int] = [:]
        var rows: [(report: Int, time: Double?, device: String, values: [String: Double])] = []
        var nonFinite: [String: Int] = [:]
        let legacyKeys = statistics.elements.contains { element in
            element["disk"]?.arrayValue?.first?["r"] != nil
        }
        for (report, element) in statistics.elements.enumerated() {
            let time = statistics.time(of: element)
            for case .object(let disk) in element["disk"]?.arrayValue ?? [] {
                var device = "?"
                var values: [String: Double] = [:]
                for member in disk.members {
                    if member.key == "disk_device" {
                        device = member.value.stringValue ?? "?"
                        continue
                    }
                    guard let value = member.value.doubleValue else { continue }
                    let name = Self.columnName(member.key, legacy: legacyKeys)
                    if columnIndex[name] == nil {
                        columnIndex[name] = columns.count
                        columns.append(name)
                    }
                    if !value.isFinite { nonFinite[name, default: 0] += 1 }
                    values[name] = value.isFinite ? value : .nan
                }
                rows.append((report, time, device, values))
            }
        }
        guard !rows.isEmpty else {
            throw ResultFileError(
                file: file, statistics.truncated ? "iostat JSON is cut off before its first sample" : "no iostat samples found")
        }
        let samples = rows.map { row in
            CollectorSamples.Sample(
                report: row.report, time: row.time, device: row.device,
                values: columns.map { row.values[$0] ?? .nan })
        }
        return CollectorSamples(
            collector: .iostat, columns: columns, samples: samples, isCutOff: statistics.truncated, nonFiniteValues: nonFinite)
    }

    static func columnName(_ key: String, legacy: Bool) -> String {
        switch key {
        case "util": return "%util"
        case "rrqm", "wrqm", "drqm": return legacy ? key + "/s" : "%" + key
        case "r", "w", "rkB", "wkB", "rsec", "wsec", "rMB", "wMB": return legacy ? key + "/s" : key
        default: return key
        }
    }
}

/// The `statistics` array of sysstat JSON (`{"sysstat": {"hosts": [{…, "statistics": [ … ]}]}}`),
/// read element by element so a cut-off file keeps its complete samples.
struct SysstatJSON {
    var elements: [JSONObject] = []
    /// The host's `date`, seconds of the day it names (locale or ISO), if present.
    var date: Double?
    /// Whether the array ended before its closing bracket.
    var truncated = false

    static func statistics(_ bytes: [UInt8], file: String, tool: String) throws(ResultFileError) -> SysstatJSON {
        guard bytes.contains(where: { $0 > 0x20 }) else { throw ResultFileError(file: file, "empty file: no \(tool) samples") }
        var result = SysstatJSON()
        let found = bytes.withUnsafeBufferPointer { buffer -> Bool in
            if let dateStart = find(Array("\"date\"".utf8), in: buffer, from: 0) {
                var parser = JSONParser(bytes: buffer, offset: dateStart + 6)
                if parser.consume(UInt8(ascii: ":")), let text = try? parser.parseValue().stringValue {
                    result.date = Timestamp.any(Substring(text + " 00:00:00"))
                }
            }
            guard let start = find(Array("\"statistics\"".utf8), in: buffer, from: 0) else { return false }
            var parser = JSONParser(bytes: buffer, offset: start + 12)
            guard parser.consume(UInt8(ascii: ":")), parser.consume(UInt8(ascii: "[")) else { return false }
            if parser.consume(UInt8(ascii: "]")) { return true }
            while true {
                guard let element = try? parser.parseValue(), let object = element.objectValue else {
                    result.truncated = true
                    return true
                }
                result.elements.append(object)
                if parser.consume(UInt8(ascii: ",")) { continue }
                if !parser.consume(UInt8(ascii: "]")) { result.truncated = true }
                return true
            }
        }
        guard found else { throw ResultFileError(file: file, "not sysstat JSON: no \"statistics\" array") }
        return result
    }

    /// The sample's timestamp (`-t`): time of day on the host's date, or a full date and time.
    func time(of element: JSONObject) -> Double? {
        guard let text = element["timestamp"]?.stringValue else { return nil }
        if let full = Timestamp.iso8601(Substring(text)) { return full }
        if let local = Timestamp.locale(Substring(text)) {
            return text.contains("/") ? local : (date ?? 0) + local
        }
        return nil
    }

    private static func find(_ needle: [UInt8], in buffer: UnsafeBufferPointer<UInt8>, from: Int) -> Int? {
        guard needle.count <= buffer.count else { return nil }
        var index = from
        while index + needle.count <= buffer.count {
            if buffer[index] == needle[0], buffer[index..<index + needle.count].elementsEqual(needle) { return index }
            index += 1
        }
        return nil
    }
}
