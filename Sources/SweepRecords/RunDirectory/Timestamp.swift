#if canImport(Glibc)
    import Glibc
#endif

/// UTC instants as written in journals, cell records and collector samples: ISO 8601 with milliseconds.
public struct Timestamp: Hashable, Sendable, Comparable {
    /// Seconds since 1970-01-01 UTC.
    public var seconds: Double

    public init(seconds: Double) {
        self.seconds = seconds
    }

    /// The current wall-clock time.
    public static func now() -> Timestamp {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Timestamp(seconds: Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9)
    }

    /// Seconds on a monotonic clock, for durations.
    public static func monotonic() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
    }

    /// `2026-11-27T08:00:00.123Z`.
    public var iso8601: String {
        var whole = time_t(seconds.rounded(.down))
        var millis = Int(((seconds - Double(whole)) * 1000).rounded(.down))
        if millis >= 1000 {
            whole += 1
            millis -= 1000
        }
        var parts = tm()
        gmtime_r(&whole, &parts)
        return "\(pad(Int(parts.tm_year) + 1900, 4))-\(pad(Int(parts.tm_mon) + 1, 2))-\(pad(Int(parts.tm_mday), 2))"
            + "T\(pad(Int(parts.tm_hour), 2)):\(pad(Int(parts.tm_min), 2)):\(pad(Int(parts.tm_sec), 2))"
            + ".\(pad(millis, 3))Z"
    }

    /// `20261127T080000Z`: for directory names of moved-aside results.
    public var compact: String {
        String(iso8601.prefix(19).filter { $0 != "-" && $0 != ":" }) + "Z"
    }

    public static func < (lhs: Timestamp, rhs: Timestamp) -> Bool { lhs.seconds < rhs.seconds }

    private func pad(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return String(repeating: "0", count: max(0, width - text.count)) + text
    }
}
