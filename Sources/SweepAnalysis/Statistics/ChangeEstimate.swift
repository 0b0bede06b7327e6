import SweepModel

/// The % change from a baseline to a new set of measurements of one cell, `100 × (new − base) / base`
/// on the means, with a confidence interval when both sides have repeats.
public struct ChangeEstimate: Sendable, Hashable {
    /// How the confidence interval was obtained.
    public enum Method: String, Sendable, Hashable {
        /// One value per side: no interval, the sign alone decides.
        case singleValues = "single values"
        /// Welch's unequal-variance t interval of the difference of means, divided by the baseline mean.
        case welch = "Welch's t"
        /// Percentile interval of the % change over seeded bootstrap resamples of both sides.
        case bootstrap = "bootstrap"
    }

    public var base: SampleSummary
    public var new: SampleSummary
    /// `100 × (new.mean − base.mean) / base.mean`; not finite when the baseline mean is 0.
    public var percentChange: Double
    /// The confidence interval of ``percentChange``, in percent; `nil` for ``Method/singleValues``.
    public var interval: ClosedRange<Double>?
    /// Two-sided p-value of Welch's test; `nil` for the other methods.
    public var pValue: Double?
    /// The confidence level of ``interval`` (0.95 is 95 %).
    public var confidenceLevel: Double
    public var method: Method

    /// The verdict for a metric where higher (`true`) or lower (`false`) values are better.
    public func verdict(higherIsBetter: Bool) -> Verdict {
        Verdict(percentChange: percentChange, interval: interval, higherIsBetter: higherIsBetter)
    }

    /// Compares with Welch's t when both sides have at least two measurements, else by the single means.
    /// `nil` when a side has no finite measurement.
    public init?(base: [Double], new: [Double], confidenceLevel: Double = 0.95) {
        guard let baseSummary = SampleSummary(base), let newSummary = SampleSummary(new) else { return nil }
        self.base = baseSummary
        self.new = newSummary
        self.confidenceLevel = confidenceLevel
        percentChange = Self.percentChange(from: baseSummary.mean, to: newSummary.mean)
        guard let baseVariance = baseSummary.variance, let newVariance = newSummary.variance else {
            method = .singleValues
            interval = nil
            pValue = nil
            return
        }
        method = .welch
        let difference = newSummary.mean - baseSummary.mean
        let baseShare = baseVariance / Double(baseSummary.count)
        let newShare = newVariance / Double(newSummary.count)
        let standardError = (baseShare + newShare).squareRoot()
        guard standardError > 0 else {
            // Both sides constant: the difference is exact.
            interval = percentChange.isFinite ? percentChange...percentChange : nil
            pValue = difference == 0 ? 1 : 0
            return
        }
        let degreesOfFreedom = (baseShare + newShare) * (baseShare + newShare)
            / (baseShare * baseShare / Double(baseSummary.count - 1) + newShare * newShare / Double(newSummary.count - 1))
        guard degreesOfFreedom > 0 else {
            // Variances so large that their squares overflow: no interval rather than a crash.
            interval = nil
            pValue = nil
            return
        }
        let distribution = StudentT(degreesOfFreedom: degreesOfFreedom)
        let t = difference / standardError
        pValue = 2 * (1 - distribution.cumulativeProbability(abs(t)))
        let margin = distribution.quantile(1 - (1 - confidenceLevel) / 2) * standardError
        let low = Self.percentChange(from: baseSummary.mean, to: baseSummary.mean + difference - margin)
        let high = Self.percentChange(from: baseSummary.mean, to: baseSummary.mean + difference + margin)
        interval = low.isFinite && high.isFinite ? min(low, high)...max(low, high) : nil
    }

    /// Compares by a percentile bootstrap: `resamples` draws with replacement from each side, seeded so the
    /// same input gives the same interval. `nil` when a side has no finite measurement.
    public init?(bootstrapping base: [Double], _ new: [Double], resamples: Int = 10_000, seed: UInt64 = 0x10_5EE9,
                 confidenceLevel: Double = 0.95) {
        let base = base.filter(\.isFinite), new = new.filter(\.isFinite)
        guard let baseSummary = SampleSummary(base), let newSummary = SampleSummary(new), resamples > 0 else { return nil }
        self.base = baseSummary
        self.new = newSummary
        self.confidenceLevel = confidenceLevel
        method = .bootstrap
        pValue = nil
        percentChange = Self.percentChange(from: baseSummary.mean, to: newSummary.mean)
        var generator = SplitMix64(seed: seed)
        var changes: [Double] = []
        changes.reserveCapacity(resamples)
        for _ in 0..<resamples {
            let baseMean = Self.resampledMean(base, using: &generator)
            let newMean = Self.resampledMean(new, using: &generator)
            let change = Self.percentChange(from: baseMean, to: newMean)
            if change.isFinite { changes.append(change) }
        }
        guard !changes.isEmpty else {
            interval = nil
            return
        }
        changes.sort()
        let tail = (1 - confidenceLevel) / 2
        interval = Self.quantile(changes, tail)...Self.quantile(changes, 1 - tail)
    }

    /// `100 × (new − base) / base`.
    public static func percentChange(from base: Double, to new: Double) -> Double {
        100 * (new - base) / base
    }

    private static func resampledMean(_ values: [Double], using generator: inout SplitMix64) -> Double {
        var sum = 0.0
        for _ in values.indices { sum += values[Int(generator.next(below: UInt64(values.count)))] }
        return sum / Double(values.count)
    }

    /// Linear-interpolated quantile of sorted values (the default of numpy and pandas).
    private static func quantile(_ sorted: [Double], _ p: Double) -> Double {
        let position = p * Double(sorted.count - 1)
        let lower = Int(position.rounded(.down)), upper = Int(position.rounded(.up))
        return sorted[lower] + (sorted[upper] - sorted[lower]) * (position - Double(lower))
    }
}
