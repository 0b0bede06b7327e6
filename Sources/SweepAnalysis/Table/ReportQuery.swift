import SweepModel

/// What a report selects and how it reads collector series.
public struct ReportQuery: Sendable {
    /// `axis = value` selections: values for one axis are alternatives, different axes must all match.
    public var filters: [(axis: String, value: String)]
    public var metrics: [Metric]
    /// Seconds of collector samples dropped at the start of each cell.
    public var warmup: Double
    /// Seconds between samples in collector files without timestamps.
    public var interval: Double
    /// One record per device for collector metrics instead of the mean over devices.
    public var perDevice: Bool
    /// For fio client/server output: one record per server host (and job group) instead of `All clients`.
    public var perHost: Bool
    /// Layout of header-less iostat text; `nil` infers it from the column count.
    public var iostatLayout: IostatLayout?

    public init(
        metrics: [Metric], filters: [(axis: String, value: String)] = [], warmup: Double = 0, interval: Double = 1,
        perDevice: Bool = false, perHost: Bool = false, iostatLayout: IostatLayout? = nil
    ) {
        self.metrics = metrics
        self.filters = filters
        self.warmup = warmup
        self.interval = interval
        self.perDevice = perDevice
        self.perHost = perHost
        self.iostatLayout = iostatLayout
    }

    /// Whether a record's axis values pass the filters on the axes it has.
    func selects(_ values: Settings, only axes: Set<String>? = nil) -> Bool {
        var byAxis: [String: [String]] = [:]
        for filter in filters where axes?.contains(filter.axis) ?? true { byAxis[filter.axis, default: []].append(filter.value) }
        return byAxis.allSatisfy { axis, wanted in
            guard let value = values[axis] else { return false }
            return wanted.contains { value.matches(text: $0) }
        }
    }
}
