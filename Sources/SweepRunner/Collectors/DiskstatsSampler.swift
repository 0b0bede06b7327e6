import Foundation
import SweepRecords

/// iosweep's built-in `/proc/diskstats` sampler (`iosweep sample-diskstats`).
///
/// Output format, to stdout, flushed per sample:
/// ```
/// # iosweep diskstats v1
/// @ 2026-11-27T08:00:00.123Z
///  259       0 nvme0n1 …raw /proc/diskstats line…
/// ```
/// Each sample is an `@` line with the UTC time followed by the raw lines of the sampled devices
/// (every line when no device is given). SIGINT and SIGTERM end it with status 0.
package struct DiskstatsSampler: Sendable {
    package var interval: Double
    package var devices: [String]
    package var source: String

    package init(interval: Double, devices: [String], source: String = "/proc/diskstats") {
        self.interval = interval
        self.devices = devices.map { $0.hasPrefix("/dev/") ? String($0.dropFirst(5)) : $0 }
        self.source = source
    }

    /// One sample: the `@` line and the selected lines of `diskstats`.
    package func sample(_ diskstats: String, at time: Timestamp) -> String {
        var out = "@ \(time.iso8601)\n"
        for line in diskstats.split(separator: "\n", omittingEmptySubsequences: true) {
            if devices.isEmpty || devices.contains(Self.deviceName(line) ?? "") { out += line + "\n" }
        }
        return out
    }

    /// Samples until a signal arrives; returns the exit status (1 if stdout or the source fails).
    package func run() -> Int32 {
        signal(SIGINT) { _ in _exit(0) }
        signal(SIGTERM) { _ in _exit(0) }
        guard write(DiskstatsFormat.header + "\n") else { return 1 }
        let nanoseconds = UInt64(interval.isFinite ? min(max(interval, 0.01), 1e9) * 1e9 : 1e9)
        var next = DispatchTime.now().uptimeNanoseconds
        while true {
            guard let data = FileSystem.read(source) else {
                FileHandle.standardError.write(Data("iosweep sample-diskstats: cannot read \(source)\n".utf8))
                return 1
            }
            guard write(sample(String(decoding: data, as: UTF8.self), at: .now())) else { return 1 }
            next += nanoseconds
            let now = DispatchTime.now().uptimeNanoseconds
            if next > now { usleep(UInt32(min((next - now) / 1000, UInt64(UInt32.max)))) } else { next = now }
        }
    }

    private func write(_ text: String) -> Bool {
        var bytes = Array(text.utf8)
        return bytes.withUnsafeMutableBytes { FileSystem.writeAll(STDOUT_FILENO, UnsafeRawBufferPointer($0)) }
    }

    /// The third field of a diskstats line.
    static func deviceName(_ line: Substring) -> String? {
        let fields = line.split(separator: " ", omittingEmptySubsequences: true)
        return fields.count > 2 ? String(fields[2]) : nil
    }
}
