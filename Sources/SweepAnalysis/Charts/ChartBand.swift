/// A shaded rectangle behind a chart's lines: the x range and y range it covers, and a name for its tooltip (a
/// steady-state window with its allowed excursion around the mean).
public struct ChartBand: Sendable, Hashable {
    public var name: String
    public var x: ClosedRange<Double>
    public var y: ClosedRange<Double>

    public init(name: String, x: ClosedRange<Double>, y: ClosedRange<Double>) {
        self.name = name
        self.x = x
        self.y = y
    }

    /// The y values the band spans, for the axis range.
    var yBounds: [Double] { [y.lowerBound, y.upperBound] }
}
