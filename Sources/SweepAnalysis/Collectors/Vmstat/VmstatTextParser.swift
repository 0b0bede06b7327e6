import SweepModel
import SweepRecords
/// Parses `vmstat` text (procps 3.3 and 4.x) as the runner collects it, `LC_ALL=C vmstat -n -t N`, and the
/// other plain layouts: `-w` (wide), `-a` (`inact`/`active` for `buff`/`cache`), `gu` (procps 4), with or
/// without `-t`, with the header once (`-n`) or repeated every screenful.
///
/// - The first data line is vmstat's average since boot, not a sample of the run: it is dropped.
/// - Every further line is one report with one "device", `all` (vmstat sees the system as a whole; mpstat's
///   whole-system row has the same name, so `--per-device` puts both in one row).
/// - Columns are named as the header spells them (`r b swpd free buff cache si so bi bo in cs us sy id wa st`);
///   the time zone that `-t` prints above its column is not a column. A file without header lines is read
///   with `defaultColumns` (17 values, or 18 with `gu`).
/// - `-t` times (`2026-11-27 10:15:07`, local time) become `time`; only differences between them matter.
/// - A line with the wrong number of values is counted in `skippedLines`; a last line without its newline
///   (cut off when the collector was killed) is skipped and sets `isCutOff`.
public struct VmstatTextParser: Sendable {
    /// The columns of `vmstat` without `-a`, for files without a header; procps 4 adds `gu`.
    public static let defaultColumns = [
        "r", "b", "swpd", "free", "buff", "cache", "si", "so", "bi", "bo", "in", "cs", "us", "sy", "id", "wa", "st",
    ]
    /// The one device of vmstat samples.
    public static let device = "all"

    public init() {}

    public func parse(_ bytes: [UInt8], file: String) throws(ResultFileError) -> CollectorSamples {
        try bytes.withUnsafeBufferPointer { (buffer) throws(ResultFileError) -> CollectorSamples in
            try parse(buffer, file: file)
        }
    }

    private func parse(_ buffer: UnsafeBufferPointer<UInt8>, file: String) throws(ResultFileError) -> CollectorSamples {
        var result = CollectorSamples(collector: .vmstat, columns: [], summaryDevices: [Self.device])
        var header: [String]?
        var layout: (valueCount: Int, timed: Bool, columns: [String])?
        var sawSinceBoot = false
        var values: [Double] = []
        var lines = TextFields(buffer)
        while lines.advance() {
            let (fields, first) = (lines.fields, lines.first)
            // `procs -----memory----- …` (`--procs-- …` with -w): the group line above the header.
            if lines.equals(first, "procs") || buffer[first.lowerBound] == UInt8(ascii: "-") { continue }
            if lines.equals(first, "r") {
                header = fields.map(lines.text)
                layout = nil
                continue
            }
            let count = lines.numbers(from: 0, into: &values)
            // `-t` adds a date and a time after the values.
            let extra = fields.count - count
            let time = extra == 2 ? Timestamp.iso8601(date: lines.bytes(fields[count]), time: lines.bytes(fields[count + 1])) : nil
            if layout?.valueCount != count || layout?.timed != (time != nil) {
                layout = Self.columns(header: header, valueCount: count, timed: time != nil).map { (count, time != nil, $0) }
            }
            guard count > 0, extra == 0 || time != nil, let columns = layout?.columns else {
                result.skippedLines += 1
                continue
            }
            guard sawSinceBoot else {
                sawSinceBoot = true
                continue
            }
            result.append(
                CollectorSamples.Sample(report: result.samples.count, time: time, device: Self.device, values: values), columns: columns)
        }
        result.isCutOff = lines.isCutOff
        guard !result.samples.isEmpty else {
            let message =
                buffer.isEmpty
                ? "empty file: no vmstat samples"
                : sawSinceBoot
                    ? "vmstat has only its since-boot line (stopped before its first interval): no samples"
                    : "no vmstat samples found"
            throw ResultFileError(file: file, message)
        }
        return result
    }

    /// The value columns of a line with `valueCount` numbers: the header's words (less the `-t` time zone),
    /// or the default columns when there is no header; `nil` when the count does not fit.
    private static func columns(header: [String]?, valueCount: Int, timed: Bool) -> [String]? {
        guard let header else {
            if valueCount == defaultColumns.count { return defaultColumns }
            if valueCount == defaultColumns.count + 1 { return defaultColumns + ["gu"] }
            return nil
        }
        if header.count == valueCount { return header }
        if timed, header.count == valueCount + 1 { return Array(header.prefix(valueCount)) }
        return nil
    }
}
