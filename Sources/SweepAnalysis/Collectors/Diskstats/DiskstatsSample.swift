import SweepModel
import SweepRecords
/// iosweep's diskstats sampler output, and the iostat-like rates derived from it.
///
/// # File format: `iosweep diskstats v1`
///
/// UTF-8 text, `\n` line ends. The first line is exactly
///
///     # iosweep diskstats v1
///
/// then, for each sample, a time line followed by the raw `/proc/diskstats` lines of the sampled
/// devices, copied unchanged (leading spaces allowed, 14 to 20 whitespace-separated fields):
///
///     @ 2026-11-27T07:24:43.123Z
///        8       0 sda 686601 9412 31709810 107904 301110 26679 36997592 197079 0 58484 306035 …
///        8      16 sdb …
///     @ 2026-11-27T07:24:44.124Z
///        …
///
/// The time is ISO 8601 in UTC with milliseconds (`Z` suffix; a numeric offset is also accepted).
/// Other lines starting with `#` are comments. A last line cut off by a kill (no newline) is skipped, and
/// ``read(_:file:)`` says so. Counters are cumulative; rates come from consecutive samples.
public struct DiskstatsSample: Sendable, Equatable {
    /// One device's counters: the fields after `major minor name` (kernel doc fields 1…17).
    public struct Counters: Sendable, Equatable {
        public var device: String
        public var fields: [UInt64]

        public init(device: String, fields: [UInt64]) {
            self.device = device
            self.fields = fields
        }

        /// Kernel doc field `n` (1-based: 1 reads completed … 11 weighted ms), 0 if absent.
        public subscript(field n: Int) -> UInt64 {
            fields[safe: n - 1] ?? 0
        }
    }

    /// Seconds since the epoch.
    public var time: Double
    public var devices: [Counters]

    public init(time: Double, devices: [Counters]) {
        self.time = time
        self.devices = devices
    }

    /// Parses a whole file. A last line without its newline (cut off by a kill) is skipped.
    public static func parse(_ bytes: [UInt8], file: String) throws(ResultFileError) -> [DiskstatsSample] {
        try parseFile(bytes, file: file).samples
    }

    /// The rates of a whole file (``rates(_:)``); ``CollectorSamples/isCutOff`` when its last line was cut off.
    public static func read(_ bytes: [UInt8], file: String) throws(ResultFileError) -> CollectorSamples {
        let parsed = try parseFile(bytes, file: file)
        var rates = rates(parsed.samples)
        rates.isCutOff = parsed.isCutOff
        return rates
    }

    private static func parseFile(_ bytes: [UInt8], file: String) throws(ResultFileError) -> (samples: [DiskstatsSample], isCutOff: Bool) {
        try bytes.withUnsafeBufferPointer { (buffer) throws(ResultFileError) -> ([DiskstatsSample], Bool) in
            var samples: [DiskstatsSample] = []
            var sawHeader = false
            var lines = TextFields(buffer)
            while lines.advance() {
                let fields = lines.fields
                let trimmed = Substring(lines.text(fields[0].lowerBound..<fields[fields.count - 1].upperBound))
                if trimmed.hasPrefix("#") {
                    if trimmed == DiskstatsFormat.header { sawHeader = true }
                    continue
                }
                guard sawHeader else {
                    throw ResultFileError(file: file, "not an iosweep diskstats file: first line is not \"\(DiskstatsFormat.header)\"")
                }
                if trimmed.hasPrefix("@") {
                    guard let time = Timestamp.iso8601(trimmed.dropFirst().trimmingSpaces) else {
                        throw ResultFileError(file: file, "invalid diskstats time line \"\(trimmed.prefix(80))\"")
                    }
                    samples.append(DiskstatsSample(time: time, devices: []))
                    continue
                }
                let counters = fields.dropFirst(3).compactMap { UInt64(lines.text($0)) }
                guard fields.count >= 14, counters.count == fields.count - 3, !samples.isEmpty else {
                    throw ResultFileError(file: file, "invalid diskstats line \"\(trimmed.prefix(80))\"")
                }
                samples[samples.count - 1].devices.append(Counters(device: lines.text(fields[2]), fields: counters))
            }
            guard sawHeader else {
                throw ResultFileError(file: file, bytes.isEmpty ? "empty file: no diskstats samples" : "not an iosweep diskstats file")
            }
            return (samples, lines.isCutOff)
        }
    }

    /// Columns of `rates(_:)`, named as iostat names them.
    public static let rateColumns = [
        "r/s", "w/s", "rkB/s", "wkB/s", "rrqm/s", "wrqm/s", "%rrqm", "%wrqm", "r_await", "w_await", "aqu-sz", "%util",
        "d/s", "f/s",
    ]

    /// iostat-like rates between consecutive samples (formats.md §5), one sample per interval and
    /// device, timed at the interval's start. The 32-bit ms counters may wrap; that is undone. Intervals that
    /// give no rate (fewer than two samples, a time not after the one before, a device missing from one of the
    /// two samples) are said in ``CollectorSamples/gaps``, so reports warn naming the file.
    public static func rates(_ samples: [DiskstatsSample]) -> CollectorSamples {
        var result = CollectorSamples(collector: .diskstats, columns: rateColumns)
        if samples.count < 2 {
            result.gaps.append("\(samples.count) sample(s): a rate needs two")
        }
        var backwards = 0
        var unpaired: [String: Int] = [:]
        for (index, pair) in zip(samples, samples.dropFirst()).enumerated() {
            let milliseconds = (pair.1.time - pair.0.time) * 1000
            guard milliseconds > 0 else {
                backwards += 1
                continue
            }
            let afterNames = Set(pair.1.devices.map(\.device))
            for before in pair.0.devices where !afterNames.contains(before.device) { unpaired[before.device, default: 0] += 1 }
            for after in pair.1.devices {
                guard let before = pair.0.devices.first(where: { $0.device == after.device }) else {
                    unpaired[after.device, default: 0] += 1
                    continue
                }
                func delta(_ n: Int, wraps: Bool = false) -> Double {
                    let a = before[field: n], b = after[field: n]
                    if b >= a { return Double(b - a) }
                    return wraps ? Double(b &+ (1 << 32) &- a) : 0
                }
                let reads = delta(1), writes = delta(5)
                let readMerges = delta(2), writeMerges = delta(6)
                let perSecond = 1000 / milliseconds
                let values: [Double] = [
                    reads * perSecond, writes * perSecond,
                    delta(3) / 2 * perSecond, delta(7) / 2 * perSecond,
                    readMerges * perSecond, writeMerges * perSecond,
                    reads + readMerges > 0 ? readMerges / (reads + readMerges) * 100 : 0,
                    writes + writeMerges > 0 ? writeMerges / (writes + writeMerges) * 100 : 0,
                    reads > 0 ? delta(4, wraps: true) / reads : 0,
                    writes > 0 ? delta(8, wraps: true) / writes : 0,
                    delta(11, wraps: true) / milliseconds,
                    min(100, delta(10, wraps: true) / milliseconds * 100),
                    after.fields.count >= 15 ? delta(12) * perSecond : .nan,
                    after.fields.count >= 17 ? delta(16) * perSecond : .nan,
                ]
                result.samples.append(
                    CollectorSamples.Sample(report: index, time: pair.0.time, device: after.device, values: values))
            }
        }
        if backwards > 0 {
            result.gaps.append("\(backwards) interval(s) whose time is not after the one before skipped")
        }
        for (device, count) in unpaired.sorted(by: { $0.key < $1.key }) {
            result.gaps.append("\(count) interval(s) of \(device) skipped: the device is missing from one of its two samples")
        }
        return result
    }
}
