import SweepModel
import SweepRecords
/// Parses `mpstat -o JSON` output (complete, or cut off: `isCutOff`): one sample per CPU (`all`, `0`, `1`, …)
/// per report; the summary device is `all` (every CPU when there is no `all` entry).
///
/// Keys are named as the text header spells them (`usr` → `%usr`, `iowait` → `%iowait`), so metrics are
/// the same for both formats.
public struct MpstatJSONParser: Sendable {
    public init() {}

    public func parse(_ bytes: [UInt8], file: String) throws(ResultFileError) -> CollectorSamples {
        let statistics = try SysstatJSON.statistics(bytes, file: file, tool: "mpstat")
        var result = CollectorSamples(collector: .mpstat, columns: [])
        for (report, element) in statistics.elements.enumerated() {
            let time = statistics.time(of: element)
            for case .object(let load) in element["cpu-load"]?.arrayValue ?? [] {
                let cpu = load["cpu"]?.stringValue ?? load["cpu"]?.doubleValue.flatMap { Int(exactly: $0) }.map(String.init) ?? "?"
                let numeric = load.members.compactMap { member in
                    member.key == "cpu" ? nil : member.value.doubleValue.map { ("%" + member.key, $0) }
                }
                result.append(
                    CollectorSamples.Sample(report: report, time: time, device: cpu, values: numeric.map(\.1)), columns: numeric.map(\.0))
            }
        }
        guard !result.samples.isEmpty else {
            throw ResultFileError(
                file: file, statistics.truncated ? "mpstat JSON is cut off before its first sample" : "no mpstat samples found")
        }
        result.summaryDevices = MpstatTextParser.summaryDevices(of: result)
        result.isCutOff = statistics.truncated
        return result
    }
}
