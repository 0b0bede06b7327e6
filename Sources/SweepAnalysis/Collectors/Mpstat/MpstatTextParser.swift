import SweepModel
import SweepRecords
/// Parses `mpstat` text (sysstat 10–12) as the runner collects it, `LC_ALL=C S_TIME_FORMAT=ISO mpstat -P ALL N`,
/// also `mpstat N` (the `all` row only) and the 12-hour times of English locales (`10:27:09 AM`).
///
/// - The banner (`Linux 6.1.0 (host)  2026-11-27  _x86_64_  (2 CPU)`, or `11/27/26`) gives the date; each
///   row's time of day is added to it, and a time more than 12 hours before the previous one is the next day.
/// - A header line (`10:16:26  CPU  %usr  %nice …`) sets the columns as it spells them. A row is
///   `time CPU values…`: one sample per CPU (`all`, `0`, `1`, …) per report, a report being the rows of one
///   time. Without any header (rows cut out with grep) the sysstat ≥ 10.1 columns (or those before
///   `%gnice`, by count) are used.
/// - The `Average:` block sysstat prints when it stops (also on SIGINT) is ignored: reports compute their
///   own means, after the warmup.
/// - The summary device is `all` (every CPU when the file has no `all` row, as with `-P 0,1`).
/// - A row with the wrong number of values and any other line are counted in `skippedLines`; a last line
///   without its newline (cut off when the collector was killed) is skipped and sets `isCutOff`.
public struct MpstatTextParser: Sendable {
    /// The CPU columns of sysstat ≥ 10.1, for files without a header.
    public static let defaultColumns = ["%usr", "%nice", "%sys", "%iowait", "%irq", "%soft", "%steal", "%guest", "%gnice", "%idle"]

    public init() {}

    public func parse(_ bytes: [UInt8], file: String) throws(ResultFileError) -> CollectorSamples {
        try bytes.withUnsafeBufferPointer { (buffer) throws(ResultFileError) -> CollectorSamples in
            try parse(buffer, file: file)
        }
    }

    private func parse(_ buffer: UnsafeBufferPointer<UInt8>, file: String) throws(ResultFileError) -> CollectorSamples {
        var result = CollectorSamples(collector: .mpstat, columns: [])
        var columns: [String]?
        var date = 0.0
        var clock = Clock()
        var report = -1
        var reportTime: Double?
        var devicesInBlock = Set<String>()
        var values: [Double] = []
        var lines = TextFields(buffer)
        while lines.advance() {
            let (fields, first) = (lines.fields, lines.first)
            if lines.equals(first, "Linux") {
                date = fields.dropFirst().lazy.compactMap { Timestamp.any(Substring(lines.text($0) + " 00:00:00")) }.first ?? 0
                continue
            }
            // `Average:` (or its translation): the summary block.
            if buffer[first.upperBound - 1] == UInt8(ascii: ":"), !lines.startsWithDigit(first) { continue }
            guard lines.startsWithDigit(first), let stamp = clock.read(lines) else {
                result.skippedLines += 1
                continue
            }
            let width = stamp.width
            guard fields.count > width else {
                result.skippedLines += 1
                continue
            }
            let name = fields[width]
            if lines.equals(name, "CPU") || lines.equals(name, "NODE") {
                columns = fields.dropFirst(width + 1).map(lines.text)
                devicesInBlock = []
                continue
            }
            let count = lines.numbers(from: width + 1, into: &values)
            guard count == fields.count - width - 1,
                let current = columns ?? Self.inferredColumns(valueCount: count), current.count == count
            else {
                result.skippedLines += 1
                continue
            }
            let device = lines.name(name)
            let sampleTime = date + stamp.time
            if sampleTime != reportTime || devicesInBlock.contains(device) {
                report += 1
                reportTime = sampleTime
                devicesInBlock = []
            }
            devicesInBlock.insert(device)
            result.append(CollectorSamples.Sample(report: report, time: sampleTime, device: device, values: values), columns: current)
        }
        result.isCutOff = lines.isCutOff
        guard !result.samples.isEmpty else {
            throw ResultFileError(file: file, buffer.isEmpty ? "empty file: no mpstat samples" : "no mpstat samples found")
        }
        result.summaryDevices = Self.summaryDevices(of: result)
        return result
    }

    /// `all` when the samples have that row, otherwise every CPU.
    static func summaryDevices(of samples: CollectorSamples) -> Set<String>? {
        samples.samples.contains { $0.device == "all" } ? ["all"] : nil
    }

    private static func inferredColumns(valueCount count: Int) -> [String]? {
        if count == defaultColumns.count { return defaultColumns }
        if count == defaultColumns.count - 1 { return defaultColumns.filter { $0 != "%gnice" } }
        return nil
    }

    /// The time at the start of a row (`10:27:09` or `10:27:09 AM`) as seconds since the banner's date,
    /// counting days when the clock goes round midnight. The rows of one report share their time: it is
    /// read once.
    private struct Clock {
        private var lastBytes: [UInt8] = []
        private var lastValue: (time: Double, width: Int)?
        private var previous: Double?
        private var days = 0.0

        mutating func read(_ lines: TextFields) -> (time: Double, width: Int)? {
            let fields = lines.fields
            let width = fields.count > 1 && Self.isMeridiem(fields[1], in: lines.buffer) ? 2 : 1
            let range = fields[0].lowerBound..<fields[width - 1].upperBound
            if let lastValue, lines.buffer[range].elementsEqual(lastBytes) { return lastValue }
            guard let seconds = Timestamp.locale(Substring(lines.text(range))) else { return nil }
            if let previous, seconds + days < previous - 12 * 3600 { days += 86400 }
            previous = seconds + days
            lastBytes = Array(lines.buffer[range])
            lastValue = (seconds + days, width)
            return lastValue
        }

        /// `AM` or `PM`, any case.
        private static func isMeridiem(_ range: Range<Int>, in buffer: UnsafeBufferPointer<UInt8>) -> Bool {
            guard range.count == 2 else { return false }
            let (first, second) = (buffer[range.lowerBound] | 0x20, buffer[range.lowerBound + 1] | 0x20)
            return (first == UInt8(ascii: "a") || first == UInt8(ascii: "p")) && second == UInt8(ascii: "m")
        }
    }
}
