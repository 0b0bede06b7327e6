import SweepModel
import SweepRecords
/// Parses `zpool iostat [-v] [-T u|d]` text, as zfs-fuse 0.7 and OpenZFS print it without `-H`/`-p`.
///
/// Columns: `alloc`, `free` (bytes), `read-ops`, `write-ops` (operations/s), `read-bw`, `write-bw` (bytes/s);
/// base-1024 suffixes (`27.4M`, `1.49K`) are expanded and `-` (leaf vdevs have no capacity) is `nan`.
/// Nested vdevs keep their names (`mirror`, `/path/vdev1`); unindented rows are pools, the summary devices.
/// A report ends at a dashed footer (`-v`), a header or a timestamp, or when a pool repeats. A last line without
/// its newline is skipped (`isCutOff`), a line that is not a row counted in `skippedLines`.
public struct ZpoolIostatParser: Sendable {
    public static let columns = ["alloc", "free", "read-ops", "write-ops", "read-bw", "write-bw"]

    public init() {}

    public func parse(_ bytes: [UInt8], file: String) throws(ResultFileError) -> CollectorSamples {
        try bytes.withUnsafeBufferPointer { (buffer) throws(ResultFileError) -> CollectorSamples in
            try parse(buffer, file: file)
        }
    }

    private func parse(_ buffer: UnsafeBufferPointer<UInt8>, file: String) throws(ResultFileError) -> CollectorSamples {
        var result = CollectorSamples(collector: .zpoolIostat, columns: Self.columns, summaryDevices: [])
        var report = -1
        var time: Double?
        var pendingTime: Double?
        var inReport = false
        var seen = Set<String>()
        var lines = TextFields(buffer)
        while lines.advance() {
            let line = Substring(lines.text(lines.line))
            let tokens = line.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" })
            guard let first = tokens.first else { continue }
            if first.allSatisfy({ $0 == "-" }) || first == "pool" || first == "capacity" {
                inReport = false
                continue
            }
            if tokens.count == 1, let epoch = NumberParser.parse(first), epoch.isFinite {
                pendingTime = epoch
                inReport = false
                continue
            }
            if tokens.count >= 4, tokens.count != 7, let clock = tokens.first(where: { $0.filter { $0 == ":" }.count == 2 }),
                let seconds = Timestamp.timeOfDay(clock)
            {
                pendingTime = seconds
                inReport = false
                continue
            }
            guard tokens.count == 7 else {
                result.skippedLines += 1
                continue
            }
            let values = tokens.dropFirst().compactMap(Self.size)
            guard values.count == Self.columns.count else {
                result.skippedLines += 1
                continue
            }
            let name = String(first)
            let isPool = lines.first.lowerBound == lines.line.lowerBound
            if !inReport || (isPool && seen.contains(name)) {
                report += 1
                seen = []
                time = pendingTime
                pendingTime = nil
                inReport = true
            }
            if isPool {
                seen.insert(name)
                result.summaryDevices?.insert(name)
            }
            // `-` (not applicable) is nan by design; any other value that is not finite was written so (`nan`, `1e400K`).
            for (index, token) in tokens.dropFirst().enumerated() where token != "-" && !values[index].isFinite {
                result.nonFiniteValues[Self.columns[index], default: 0] += 1
            }
            result.samples.append(
                CollectorSamples.Sample(report: report, time: time, device: name, values: values.map { $0.isFinite ? $0 : .nan }))
        }
        result.isCutOff = lines.isCutOff
        guard !result.samples.isEmpty else {
            throw ResultFileError(file: file, buffer.isEmpty ? "empty file: no zpool iostat samples" : "no zpool iostat samples found")
        }
        return result
    }

    /// `27.4M` → 28730982.4; `-` → nan; plain numbers as they are.
    static func size(_ token: Substring) -> Double? {
        if token == "-" { return .nan }
        let units: [Character: Double] = ["K": 1, "M": 2, "G": 3, "T": 4, "P": 5, "E": 6]
        if let last = token.last, let power = units[last] {
            guard let number = NumberParser.parse(token.dropLast()) else { return nil }
            var value = number
            for _ in 0..<Int(power) { value *= 1024 }
            return value
        }
        return NumberParser.parse(token)
    }
}
