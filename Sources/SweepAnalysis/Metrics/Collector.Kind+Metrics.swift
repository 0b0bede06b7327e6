import SweepModel

extension Collector.Kind {
    /// The collectors whose output reports read, in the order metrics list them.
    public static let measured: [Collector.Kind] = [.iostat, .mpstat, .vmstat, .zpoolIostat, .diskstats]

    /// The prefix of this collector's metrics (`iostat.%util`, `zpool.write-ops`): the kind's name, `zpool` for
    /// `zpool iostat`.
    public var metricPrefix: String {
        self == .zpoolIostat ? "zpool" : rawValue
    }

    /// The measured collector whose metrics start with `prefix`.
    public init?(metricPrefix prefix: String) {
        guard let kind = Self.measured.first(where: { $0.metricPrefix == prefix }) else { return nil }
        self = kind
    }
}
