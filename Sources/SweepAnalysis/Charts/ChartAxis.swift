#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#elseif canImport(Musl)
    import Musl
#endif

/// One axis of a chart: what it shows, its unit, its scale and where the ticks go.
public struct ChartAxis: Sendable, Hashable {
    /// How values map to positions along the axis.
    public enum Scale: String, Sendable, Hashable, CaseIterable {
        case linear
        /// Base-2 logarithmic, for doubling sweeps (1, 2, 4 … 1024 threads).
        case log2
        /// Base-10 logarithmic, for values spanning decades (latency).
        case log10
    }

    /// Where ticks are labelled.
    public enum TickPlacement: Sendable, Hashable {
        /// At round numbers chosen from the data's range.
        case automatic
        /// At every distinct value the data has (matrix axis values: 1, 2, 4 … 1024).
        case dataValues
        /// At these values, with these labels (text axes mapped to positions).
        case fixed([Tick])
    }

    /// A labelled position.
    public struct Tick: Sendable, Hashable {
        public var value: Double
        public var label: String
        public init(_ value: Double, label: String) {
            self.value = value
            self.label = label
        }
    }

    public var title: String
    /// Unit shown after the title in parentheses, empty for none.
    public var unit: String
    public var scale: Scale
    public var ticks: TickPlacement
    /// Linear axes only: extend the range to 0 (bars of magnitude read truthfully).
    public var includesZero: Bool

    public init(
        title: String, unit: String = "", scale: Scale = .linear, ticks: TickPlacement = .automatic,
        includesZero: Bool = false
    ) {
        self.title = title
        self.unit = unit
        self.scale = scale
        self.ticks = ticks
        self.includesZero = includesZero
    }

    /// `title (unit, log₂ scale)`.
    var label: String {
        var notes: [String] = []
        if !unit.isEmpty { notes.append(unit) }
        switch scale {
        case .linear: break
        case .log2: notes.append("log₂ scale")
        case .log10: notes.append("log scale")
        }
        return notes.isEmpty ? title : "\(title) (\(notes.joined(separator: ", ")))"
    }

    /// Whether `value` can be drawn on this axis.
    func accepts(_ value: Double) -> Bool {
        value.isFinite && (scale == .linear || value > 0)
    }

    /// Maps values into [0, 1] over `domain`.
    func transform(_ value: Double) -> Double {
        switch scale {
        case .linear: value
        case .log2: log2(value)
        case .log10: log10(value)
        }
    }

}

/// The numeric range an axis spans and its labelled ticks.
struct AxisLayout {
    var axis: ChartAxis
    var low: Double
    var high: Double
    var ticks: [ChartAxis.Tick]

    /// Fraction of the way from `low` to `high` (in the axis' scale).
    func fraction(_ value: Double) -> Double {
        let low = axis.transform(self.low), high = axis.transform(self.high)
        guard high > low else { return 0.5 }
        return (axis.transform(value) - low) / (high - low)
    }

    /// Lays out `axis` over `values` (plus `extra`, e.g. a reference line). `padded` leaves room at both ends
    /// for data-valued axes so markers do not sit on the frame.
    init(_ axis: ChartAxis, values: [Double], extra: [Double] = []) {
        self.axis = axis
        var all = (values + extra).filter(axis.accepts)
        if axis.scale == .linear, axis.includesZero { all.append(0) }
        let distinct = Array(Set(values.filter(axis.accepts))).sorted()
        guard var low = all.min(), var high = all.max() else {
            self.low = axis.scale == .linear ? 0 : 1
            self.high = axis.scale == .linear ? 1 : 10
            ticks = []
            return
        }
        switch axis.ticks {
        case .fixed(let fixed):
            ticks = fixed.filter { axis.accepts($0.value) }
            low = min(low, ticks.map(\.value).min() ?? low)
            high = max(high, ticks.map(\.value).max() ?? high)
            (self.low, self.high) = Self.padded(axis, low, high)
        case .dataValues:
            ticks = distinct.map { ChartAxis.Tick($0, label: ChartNumber.label($0)) }
            (self.low, self.high) = Self.padded(axis, low, high)
        case .automatic:
            let values = Self.niceTicks(axis.scale, low, high)
            ticks = values.map { ChartAxis.Tick($0, label: ChartNumber.label($0)) }
            self.low = min(low, values.first ?? low)
            self.high = max(high, values.last ?? high)
            if self.low == self.high { (self.low, self.high) = Self.padded(axis, low, high) }
        }
    }

    /// Widens [low, high] by 4 % of the span on each side (in the axis' scale), or around a single value.
    private static func padded(_ axis: ChartAxis, _ low: Double, _ high: Double) -> (Double, Double) {
        switch axis.scale {
        case .linear:
            let span = high - low
            let pad = span > 0 ? span * 0.04 : max(abs(low) * 0.1, 1)
            return (low - pad, high + pad)
        case .log2, .log10:
            let base = axis.scale == .log2 ? 2.0 : 10.0
            let span = axis.transform(high) - axis.transform(low)
            let pad = span > 0 ? span * 0.04 : 0.5
            return (low / pow(base, pad), high * pow(base, pad))
        }
    }

    /// Round tick values covering [low, high]: 1-2-2.5-5 steps for linear axes, powers of the base for log axes
    /// (with 2× and 5× marks when a log10 axis spans fewer than three decades).
    static func niceTicks(_ scale: ChartAxis.Scale, _ low: Double, _ high: Double) -> [Double] {
        switch scale {
        case .linear:
            if low == high {
                let pad = low == 0 ? 1 : abs(low) * 0.1
                return niceTicks(.linear, low - pad, high + pad)
            }
            let step = niceStep((high - low) / 5)
            let first = (low / step).rounded(.down), last = (high / step).rounded(.up)
            guard last - first < 1000 else { return [low, high] }
            return stride(from: first, through: last, by: 1).map { ($0 * step).cleaned(step: step) }
        case .log2:
            let first = Int(log2(low).rounded(.down)), last = Int(log2(high).rounded(.up))
            let every = max(1, (last - first + 11) / 12)
            return stride(from: first, through: max(last, first + 1), by: every).map { pow(2, Double($0)) }
        case .log10:
            let first = Int(log10(low).rounded(.down)), last = Int(log10(high).rounded(.up))
            let decades = (first...max(last, first + 1)).map { pow(10, Double($0)) }
            guard last - first < 3 else { return decades }
            let top = decades[decades.count - 1]
            let marks: [Double] = decades.flatMap { (decade: Double) -> [Double] in [decade, 2 * decade, 5 * decade] }
            return marks.filter { (mark: Double) -> Bool in mark <= top && mark >= low / 5 && mark <= high * 5 }
        }
    }

    private static func niceStep(_ rough: Double) -> Double {
        let exponent = log10(rough).rounded(.down)
        let magnitude = pow(10, exponent)
        let fraction = rough / magnitude
        let nice: Double = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 2.5 ? 2.5 : fraction <= 5 ? 5 : 10
        return nice * magnitude
    }
}

/// Tick labels: short, exact for matrix values (`1024`), SI-abbreviated for large round numbers (`250k`, `1.5M`).
enum ChartNumber {
    static func label(_ value: Double) -> String {
        guard value.isFinite else { return "" }
        let magnitude = abs(value)
        let sign = value < 0 ? "-" : ""
        for (scale, suffix) in [(1e12, "T"), (1e9, "G"), (1e6, "M"), (1e3, "k")] where magnitude >= max(scale, 1e4) {
            let scaled = magnitude / scale
            if suffix == "k", magnitude.rounded() == magnitude, magnitude < 1e5, magnitude.truncatingRemainder(dividingBy: 1000) != 0 {
                break  // 1024, 16384: keep the exact integer
            }
            return sign + decimal(scaled, places: 2) + suffix
        }
        if magnitude >= 100 { return sign + decimal(magnitude, places: 1) }
        if magnitude >= 1 { return sign + decimal(magnitude, places: 2) }
        return sign + decimal(magnitude, places: 4)
    }

    /// `value` with at most `places` decimals, trailing zeros dropped.
    static func decimal(_ value: Double, places: Int) -> String {
        let scale = pow(10, Double(places))
        let scaled = (abs(value) * scale).rounded()
        guard scaled < 9e18 else { return String(value) }
        let integer = Int(scaled), divisor = Int(scale)
        var text = String(integer / divisor)
        var fraction = String(integer % divisor)
        fraction = String(repeating: "0", count: places - fraction.count) + fraction
        while fraction.hasSuffix("0") { fraction.removeLast() }
        if !fraction.isEmpty { text += "." + fraction }
        return (value < 0 && integer != 0 ? "-" : "") + text
    }
}

extension Double {
    /// Removes floating-point dust from a multiple of `step` (0.30000000000000004 → 0.3).
    func cleaned(step: Double) -> Double {
        let places = max(0, -Int(log10(step).rounded(.down)) + 2)
        let scale = pow(10, Double(places))
        return (self * scale).rounded() / scale
    }
}
