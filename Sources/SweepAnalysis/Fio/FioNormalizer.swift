/// Rewrites one fio job object into the fio 3.x shape (see `FioReport`).
struct FioNormalizer {
    /// Directions that carry I/O statistics.
    static let directions = ["read", "write", "trim", "mixed", "sync"]
    private static let latencyNames = ["slat", "clat", "lat"]

    var version: FioVersion?

    func normalize(_ job: JSONObject) -> JSONObject {
        var job = job
        for index in job.members.indices where Self.directions.contains(job.members[index].key) {
            guard case .object(let direction) = job.members[index].value else { continue }
            job.members[index].value = .object(normalize(direction: direction))
        }
        return job
    }

    private func normalize(direction: JSONObject) -> JSONObject {
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
                direction.members[index].value = .object(Self.cleanPercentiles(latency))
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

    /// Drops the `"0.00"` padding of fio < 3.4 and writes every key as `%f`.
    private static func cleanPercentiles(_ latency: JSONObject) -> JSONObject {
        guard case .object(let percentiles) = latency["percentile"] else { return latency }
        var cleaned = JSONObject()
        for member in percentiles.members {
            guard let percent = NumberParser.parse(member.key), percent > 0 else { continue }
            cleaned.members.append(JSONObject.Member(key: percentKey(percent), value: member.value))
        }
        var latency = latency
        latency["percentile"] = .object(cleaned)
        return latency
    }

    /// A percent as fio's `%f` prints it: `99.000000`.
    static func percentKey(_ percent: Double) -> String {
        let micro = Int((percent * 1_000_000).rounded())
        let fraction = String(micro % 1_000_000)
        return "\(micro / 1_000_000)." + String(repeating: "0", count: 6 - fraction.count) + fraction
    }

    private static func formatInteger(_ value: Double) -> String {
        value.rounded() == value && abs(value) < 9e15 ? String(Int(value)) : String(value)
    }
}
