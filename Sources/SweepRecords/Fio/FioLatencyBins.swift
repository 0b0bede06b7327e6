import SweepModel

/// A json+ latency histogram: bucket value (ns) → I/O count.
public struct FioLatencyBins: Sendable, Equatable {
    /// Buckets sorted by value.
    public private(set) var buckets: [(value: Double, count: Double)]

    public static func == (lhs: FioLatencyBins, rhs: FioLatencyBins) -> Bool {
        lhs.buckets.elementsEqual(rhs.buckets) { $0.value == $1.value && $0.count == $1.count }
    }

    /// The histogram of one json+ `bins` object.
    public init(_ bins: JSONObject) {
        self.init(merging: [bins])
    }

    /// The sum of several histograms.
    public init(merging objects: [JSONObject]) {
        var counts: [Double: Double] = [:]
        for object in objects {
            for member in object.members {
                guard let value = NumberParser.parse(member.key), let count = member.value.doubleValue else { continue }
                counts[value, default: 0] += count
            }
        }
        buckets = counts.sorted { $0.key < $1.key }.map { (value: $0.key, count: $0.value) }
    }

    public var totalCount: Double { buckets.reduce(0) { $0 + $1.count } }

    /// The histogram as a json+ `bins` object.
    public var object: JSONObject {
        JSONObject(
            buckets.map { bucket in
                let key =
                    bucket.value.rounded() == bucket.value && abs(bucket.value) < 9e15 ? String(Int(bucket.value)) : String(bucket.value)
                return JSONObject.Member(key: key, value: .number(bucket.count))
            })
    }

    /// The value at `percent` the way fio computes it: the first bucket whose running count reaches
    /// `percent / 100 × total`.
    public func percentile(_ percent: Double) -> Double? {
        let total = totalCount
        guard total > 0 else { return nil }
        var running = 0.0
        for bucket in buckets {
            running += bucket.count
            if running >= percent / 100 * total { return bucket.value }
        }
        return buckets.last?.value
    }

    /// A `percentile` object for the given `%f` keys.
    package func percentiles(_ keys: [String]) -> JSONObject {
        JSONObject(
            keys.map { key in
                let value = NumberParser.parse(key).flatMap { percentile($0) } ?? 0
                return JSONObject.Member(key: key, value: .number(value))
            })
    }
}
