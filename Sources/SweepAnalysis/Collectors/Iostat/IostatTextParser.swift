import SweepModel
import SweepRecords
/// Parses `iostat -x` text: old and new sysstat layouts, with or without header lines, with or
/// without `-t` timestamps (locale or `S_TIME_FORMAT=ISO`).
///
/// - Banner (`Linux …`), blank lines and `avg-cpu` blocks are skipped.
/// - A `Device` header line sets the columns; without one, `layout` (or the layout inferred from the
///   number of values) does.
/// - A new report starts at a timestamp or header line, or, in header-less files, when a device
///   repeats. A line with the wrong number of values is counted in `skippedLines`; a last line without its
///   newline (cut off by a kill, perhaps inside its last number) is skipped and sets `isCutOff`.
public struct IostatTextParser: Sendable {
    /// The layout of header-less lines; `nil` infers it from the column count.
    public var layout: IostatLayout?

    public init(layout: IostatLayout? = nil) {
        self.layout = layout
    }

    public func parse(_ bytes: [UInt8], file: String) throws(ResultFileError) -> CollectorSamples {
        try bytes.withUnsafeBufferPointer { (buffer) throws(ResultFileError) -> CollectorSamples in
            try parse(buffer, file: file)
        }
    }

    /// Byte-level: lines and fields are ranges of the buffer; only device names and header words become strings.
    private func parse(_ buffer: UnsafeBufferPointer<UInt8>, file: String) throws(ResultFileError) -> CollectorSamples {
        var columns: [String]?
        var result = CollectorSamples(collector: .iostat, columns: [])
        var report = -1
        var pendingTime: Double?
        var reportTime: Double?
        var devicesInReport: [String] = []
        var startNewReport = true
        var skipCPUValues = false
        var unknownCount: Int?
        var values: [Double] = []
        var lines = TextFields(buffer)
        while lines.advance() {
            let (fields, first) = (lines.fields, lines.first)
            if lines.equals(first, "Linux") { continue }
            if lines.equals(first, "avg-cpu:") { skipCPUValues = true; continue }
            let firstIsNumber = lines.number(first) != nil
            if skipCPUValues, firstIsNumber { skipCPUValues = false; continue }
            skipCPUValues = false
            if lines.equals(first, "Device:") || lines.equals(first, "Device") {
                columns = fields.dropFirst().map(lines.text)
                startNewReport = true
                continue
            }
            if lines.startsWithDigit(first), !firstIsNumber, let time = Self.timestamp(Substring(lines.text(lines.line))) {
                pendingTime = time
                startNewReport = true
                continue
            }
            guard lines.numbers(from: 1, into: &values) == fields.count - 1, !values.isEmpty else {
                result.skippedLines += 1
                continue
            }
            if columns == nil {
                if let layout = layout ?? IostatLayout.inferred(valueCount: values.count) {
                    columns = layout.columns
                } else {
                    unknownCount = values.count
                    result.skippedLines += 1
                    continue
                }
            }
            guard let current = columns, values.count == current.count else {
                result.skippedLines += 1
                continue
            }
            var nameRange = first
            if buffer[nameRange.upperBound - 1] == UInt8(ascii: ":") { nameRange = nameRange.lowerBound..<nameRange.upperBound - 1 }
            let device = lines.name(nameRange)
            if startNewReport || devicesInReport.contains(device) {
                report += 1
                devicesInReport = []
                reportTime = pendingTime
                pendingTime = nil
                startNewReport = false
            }
            devicesInReport.append(device)
            result.append(CollectorSamples.Sample(report: report, time: reportTime, device: device, values: values), columns: current)
        }
        result.isCutOff = lines.isCutOff
        if result.samples.isEmpty {
            if let unknownCount {
                throw ResultFileError(
                    file: file,
                    "iostat lines have \(unknownCount) values and no header; no known layout has that many (give the layout)")
            }
            throw ResultFileError(file: file, buffer.isEmpty ? "empty file: no iostat samples" : "no iostat samples found")
        }
        return result
    }

    /// A `-t` timestamp line: ISO (`2026-11-27T07:24:45+0000`) or locale (`11/27/26 07:24:43`, `… PM`).
    static func timestamp(_ line: Substring) -> Double? {
        guard let first = line.first, first.isNumber, line.contains(":"), line.count <= 40 else { return nil }
        let tokens = line.split(separator: " ")
        guard tokens.count <= 3 else { return nil }
        return Timestamp.any(line.trimmingSpaces)
    }
}

extension Substring {
    /// The text without leading and trailing spaces, tabs and carriage returns.
    var trimmingSpaces: Substring {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\r" }
        guard let start = firstIndex(where: { !isSpace($0) }), let end = lastIndex(where: { !isSpace($0) }) else { return "" }
        return self[start...end]
    }
}

/// The lines of a byte buffer as substrings (CR stripped).
struct Lines: Sequence {
    let text: String

    init(_ bytes: [UInt8]) {
        text = String(decoding: bytes, as: UTF8.self)
    }

    func makeIterator() -> some IteratorProtocol<Substring> {
        text.split(separator: "\n", omittingEmptySubsequences: false).lazy
            .map { $0.hasSuffix("\r") ? $0.dropLast() : $0 }.makeIterator()
    }
}
