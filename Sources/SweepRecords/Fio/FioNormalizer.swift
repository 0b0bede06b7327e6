import SweepModel

/// Rewrites one fio job object into the fio 3.x shape (see `FioReport`).
///
/// Percentile keys that are not a percent in (0, 100] (`"1e400"`, `"Infinity"`, `"-5"`, `"nan"`, `""`) and
/// json+ bin keys that are not a finite latency ≥ 0 are dropped and described in `problems`; only the
/// `"0.00"` padding of fio < 3.4 is dropped silently.
package struct FioNormalizer {
    /// Directions that carry I/O statistics.
    package static let directions = ["read", "write", "trim", "mixed", "sync"]
    private static let latencyNames = ["slat", "clat", "lat"]

    package var version: FioVersion?

    /// The job in the fio 3.x shape; what was dropped is appended to `problems` (once per message).
    package func normalize(_ job: JSONObject, problems: inout [String]) -> JSONObject {
        var job = job
        for index in job.members.indices where Self.directions.contains(job.members[index].key) {
            guard case .object(let direction) = job.members[index].value else { continue }
            let name = job.members[index].key
            job.members[index].value = .object(normalize(direction: direction, name: name, problems: &problems))
        }
        return job
    }

    private func normalize(direction: JSONObject, name: String, problems: inout [String]) -> JSONObject {
        var direction = direction
        // fio ≤ 2.20 wrote KiB in io_bytes and had no io_kbytes.
        if direction["io_kbytes"] == nil, let kib = direction["io_bytes"]?.doubleValue,
            version.map({ $0 < FioVersion(major: 2, minor: 21) }) ?? true
        {
            direction["io_bytes"] = .number(kib * 1024)
            direction["io_kbytes"] = .number(kib)
        }
        for index in direction.members.indices {
            let key = direction.members[index].key
            guard case .object(var latency) = direction.members[index].value else { continue }
            if Self.latencyNames.contains(key) {
                // fio 2.x: microseconds.
                latency = Self.scaled(latency, by: 1000)
                direction.members[index].key = key + "_ns"
            }
            if key.hasSuffix("_ns") || Self.latencyNames.contains(key) {
                let path = name + "." + direction.members[index].key
                direction.members[index].value = .object(Self.cleaned(latency, path: path, problems: &problems))
            }
        }
        return direction
    }

    private static func scaled(_ latency: JSONObject, by factor: Double) -> JSONObject {
        var latency = latency
        for index in latency.members.indices {
            switch (latency.members[index].key, latency.members[index].value) {
            case ("min", .number(let v)), ("max", .number(let v)), ("mean", .number(let v)), ("stddev", .number(let v)):
                latency.members[index].value = .number(v * factor)
            case ("percentile", .object(var percentiles)):
                for p in percentiles.members.indices {
                    if let v = percentiles.members[p].value.doubleValue { percentiles.members[p].value = .number(v * factor) }
                }
                latency.members[index].value = .object(percentiles)
            case ("bins", .object(var bins)):
                for b in bins.members.indices {
                    if let key = NumberParser.parse(bins.members[b].key) { bins.members[b].key = formatInteger(key * factor) }
                }
                latency.members[index].value = .object(bins)
            default: break
            }
        }
        return latency
    }

    /// Drops the `"0.00"` padding of fio < 3.4 and writes every key as `%f`; drops, with a problem, percentile
    /// keys that are not a percent and bin keys that are not a latency.
    private static func cleaned(_ latency: JSONObject, path: String, problems: inout [String]) -> JSONObject {
        var latency = latency
        if case .object(let percentiles) = latency["percentile"] {
            var cleaned = JSONObject()
            for member in percentiles.members {
                let percent = NumberParser.parse(member.key)
                if percent == 0 { continue }  // fio < 3.4 padding
                guard let percent, percent > 0, percent <= 100 else {
                    note("percentile key \"\(member.key.prefix(40))\" of \(path) is not a percent (0 to 100); skipped", in: &problems)
                    continue
                }
                cleaned.members.append(JSONObject.Member(key: percentKey(percent), value: member.value))
            }
            latency["percentile"] = .object(cleaned)
        }
        if case .object(var bins) = latency["bins"] {
            let count = bins.members.count
            bins.members.removeAll { member in
                guard let value = NumberParser.parse(member.key), let ios = member.value.doubleValue else { return true }
                return !(value.isFinite && value >= 0 && ios.isFinite && ios >= 0)
            }
            if bins.members.count < count {
                note("\(count - bins.members.count) json+ bin(s) of \(path) are not a latency and an I/O count; skipped", in: &problems)
                latency["bins"] = .object(bins)
            }
        }
        return latency
    }

    private static func note(_ problem: String, in problems: inout [String]) {
        if !problems.contains(problem) { problems.append(problem) }
    }

    /// A percent as fio's `%f` prints it: `99.000000`. `percent` is in (0, 100] (callers check).
    package static func percentKey(_ percent: Double) -> String {
        let micro = Int(((percent > 0 ? min(percent, 100) : 0) * 1_000_000).rounded())
        let fraction = String(micro % 1_000_000)
        return "\(micro / 1_000_000)." + String(repeating: "0", count: 6 - fraction.count) + fraction
    }

    private static func formatInteger(_ value: Double) -> String {
        value.rounded() == value && abs(value) < 9e15 ? String(Int(value)) : String(value)
    }
}
