/// Mean, spread and noise of one cell's repeated measurements.
public struct SampleSummary: Sendable, Hashable {
    /// Number of measurements.
    public var count: Int
    /// Arithmetic mean.
    public var mean: Double
    /// Sample standard deviation (n − 1 in the denominator); `nil` with fewer than two measurements.
    public var standardDeviation: Double?

    /// Summarises `values`; `nil` when there are none. Non-finite values are ignored.
    public init?<Values: Sequence>(_ values: Values) where Values.Element == Double {
        let finite = values.filter(\.isFinite)
        guard !finite.isEmpty else { return nil }
        count = finite.count
        mean = finite.reduce(0, +) / Double(finite.count)
        if finite.count >= 2 {
            let mean = self.mean
            let squares = finite.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
            standardDeviation = (squares / Double(finite.count - 1)).squareRoot()
        } else {
            standardDeviation = nil
        }
    }

    /// Sample variance; `nil` with fewer than two measurements.
    public var variance: Double? { standardDeviation.map { $0 * $0 } }

    /// Standard deviation relative to the mean, as a fraction (0.1 is 10 %); `nil` without a
    /// standard deviation or with a zero mean.
    public var coefficientOfVariation: Double? {
        guard let standardDeviation, mean != 0 else { return nil }
        return standardDeviation / abs(mean)
    }

    /// Whether the spread is too large to trust the mean: the coefficient of variation exceeds `threshold`
    /// (a fraction; the default 0.10 is 10 %).
    public func isNoisy(threshold: Double = SampleSummary.defaultNoiseThreshold) -> Bool {
        guard let coefficientOfVariation else { return false }
        return coefficientOfVariation > threshold
    }

    /// The half-width of the two-sided `confidence` interval of the mean (Student's t, n − 1 degrees of freedom)
    /// relative to the mean, as a fraction (0.05 is ±5 %); `nil` with fewer than two measurements or a zero mean.
    public func relativeHalfWidth(confidence: Double = 0.95) -> Double? {
        guard let standardDeviation, count >= 2, mean != 0 else { return nil }
        let t = StudentT(degreesOfFreedom: Double(count - 1)).quantile(0.5 + confidence / 2)
        return t * standardDeviation / Double(count).squareRoot() / abs(mean)
    }

    /// The default noise threshold: a coefficient of variation above 10 %.
    public static let defaultNoiseThreshold = 0.10
}
