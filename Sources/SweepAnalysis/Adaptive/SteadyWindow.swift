/// The steady-state test of SNIA's Performance Test Specification on a series of rounds: a window of the last
/// `size` rounds is steady when its excursion (max − min) is within `range` of the window's mean and the
/// least-squares line through it moves within `slope` of the mean over the window (|slope| × size). Pure.
public struct SteadyWindow: Sendable, Hashable {
    public var size: Int
    /// Fractions of the mean: 0.2 is 20 %.
    public var range: Double
    public var slope: Double

    public init(size: Int, range: Double, slope: Double) {
        self.size = max(2, size)
        self.range = range
        self.slope = slope
    }

    /// The window's excursion and slope movement, as fractions of its mean; `nil` for a zero or non-finite mean.
    public func measure(_ window: [Double]) -> (range: Double, slope: Double)? {
        guard let fit = Self.fit(window), fit.mean != 0, let low = window.min(), let high = window.max() else { return nil }
        return ((high - low) / abs(fit.mean), abs(fit.slope) * Double(window.count) / abs(fit.mean))
    }

    /// The least-squares line through `window` (values at x = 0, 1, …): its mean and its slope per value, the line
    /// passing through the mean at the middle x; `nil` for fewer than two values or a non-finite mean.
    public static func fit(_ window: [Double]) -> (mean: Double, slope: Double)? {
        let n = Double(window.count)
        guard window.count >= 2 else { return nil }
        let mean = window.reduce(0, +) / n
        guard mean.isFinite else { return nil }
        let meanX = (n - 1) / 2
        var numerator = 0.0
        var denominator = 0.0
        for (index, value) in window.enumerated() {
            numerator += (Double(index) - meanX) * (value - mean)
            denominator += (Double(index) - meanX) * (Double(index) - meanX)
        }
        return (mean, numerator / denominator)
    }

    /// The index of the first round after which the rounds are steady: the end (exclusive) of the first window of
    /// `size` consecutive values that meets both criteria; `nil` while none does.
    public func firstSteadyEnd(_ rounds: [Double]) -> Int? {
        guard rounds.count >= size else { return nil }
        for end in size...rounds.count {
            if let measured = measure(Array(rounds[(end - size)..<end])), measured.range <= range, measured.slope <= slope {
                return end
            }
        }
        return nil
    }
}
