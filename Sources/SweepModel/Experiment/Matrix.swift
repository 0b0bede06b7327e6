/// The job matrix: named axes whose cartesian product gives the cells.
public struct Matrix: Hashable, Sendable, Codable {
    /// Axes in declared order; the first is outermost.
    public var axes: [Axis]
    /// Extra combinations; a combination may carry keys that are not axes.
    public var include: [Settings]
    /// Partial assignments: a cell matching every key of one is dropped.
    public var exclude: [Settings]
    /// Repeat every cell; adds a `repeat` axis.
    public var `repeat`: Repeat?
    /// Saturation along one axis: the runner skips the rest of it once the rule triggers (adaptive sweeps).
    public var stop: StopRule?
    public var order: Order
    /// Seed for `order: shuffle`.
    public var seed: UInt64?

    public init(
        axes: [Axis] = [], include: [Settings] = [], exclude: [Settings] = [],
        repeat: Repeat? = nil, stop: StopRule? = nil, order: Order = .sequential, seed: UInt64? = nil
    ) {
        self.stop = stop
        self.axes = axes
        self.include = include
        self.exclude = exclude
        self.repeat = `repeat`
        self.order = order
        self.seed = seed
    }

    /// Run order of cells.
    public enum Order: String, Hashable, Sendable, Codable, CaseIterable {
        case sequential
        case shuffle
    }
}

/// One axis of the matrix: a name and its values (scalars or lists).
public struct Axis: Hashable, Sendable, Codable {
    public var name: String
    public var values: [Value]

    public init(_ name: String, _ values: [Value]) {
        self.name = name
        self.values = values
    }
}

/// `repeat: N`, or `repeat: {count: N, after: AXIS}` to place the repeat axis right after another axis
/// (`after: ""` places it outermost). By default it is innermost.
///
/// `repeat: {min: 3, max: 10, until: {metric: write.iops, ci-halfwidth: 5%}}` repeats until precise: the plan has
/// `max` repeats, and `iosweep run` skips the rest of a cell's repeats once `minimum` of them are published and the
/// 95 % confidence interval of the metric's mean is within the half-width (adaptive).
public struct Repeat: Hashable, Sendable, Codable {
    /// Repeats in the plan (with `until`, the most that run).
    public var count: Int
    public var after: String?
    /// Repeats that always run before `until` is asked (`min:`), with `until` only.
    public var minimum: Int?
    public var until: RepeatUntil?

    public init(count: Int, after: String? = nil, minimum: Int? = nil, until: RepeatUntil? = nil) {
        self.count = count
        self.after = after
        self.minimum = minimum
        self.until = until
    }

    /// The repeats that always run: `min`, or 3 (at most `count`).
    public var runsAtLeast: Int { minimum ?? min(3, count) }
}

/// `until: {metric: write.iops, ci-halfwidth: 5%}`: precise enough once the 95 % confidence interval of the metric's
/// mean over a cell's published repeats is within `ciHalfWidth` percent of the mean.
public struct RepeatUntil: Hashable, Sendable, Codable {
    public var metric: String
    public var ciHalfWidth: Quantity

    public init(metric: String, ciHalfWidth: Quantity) {
        self.metric = metric
        self.ciHalfWidth = ciHalfWidth
    }
}
