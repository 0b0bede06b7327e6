/// `steady-state`: SNIA PTS-style rounds of the same cell until the metric is steady. The rounds are repeats of the
/// cell (the `repeat` axis, 1…`maxRounds`); `iosweep run` skips the rest once the last `window` published rounds
/// are within `range` of their mean (max − min) and the least-squares slope × `window` is within `slope` of it.
public struct SteadyStateRule: Hashable, Sendable, Codable {
    public var metric: String
    /// Rounds in the measurement window (`window: 5`), at least 2.
    public var window: Int
    /// The most `max − min` over the window may be, a percentage of the window's mean.
    public var range: Quantity
    /// The most `|slope| × window` may be, a percentage of the window's mean.
    public var slope: Quantity
    /// The most rounds that run (`max-rounds:`).
    public var maxRounds: Int

    public init(metric: String, window: Int = 5, range: Quantity, slope: Quantity, maxRounds: Int) {
        self.metric = metric
        self.window = window
        self.range = range
        self.slope = slope
        self.maxRounds = maxRounds
    }
}
