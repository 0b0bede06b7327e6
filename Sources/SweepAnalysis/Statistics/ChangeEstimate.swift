import SweepModel

/// The % change from a baseline to a new set of measurements of one cell, `100 × (new − base) / base`
/// on the means, with a confidence interval when both sides have repeats.
///
/// The change is a ratio of means, `100 × (ρ − 1)` with ρ = mean(new) / mean(base), so its interval is one of
/// the ratio: Fieller's (``FiellerInterval``), which carries the uncertainty of the baseline mean as well as
/// that of the new mean, or a percentile bootstrap of the ratio. When the baseline mean is not
/// distinguishable from 0 the ratio has no bounded interval: ``isUnbounded``, and the verdict is
/// ``Verdict/inconclusive``.
public struct ChangeEstimate: Sendable, Hashable {
    /// How the confidence interval was obtained.
    public enum Method: String, Sendable, Hashable {
        /// One value on a side: no interval, the sign alone decides.
        case singleValues = "single values"
        /// Fieller's interval of the ratio of the means, Welch–Satterthwaite degrees of freedom at the
        /// estimated ratio (``FiellerInterval``).
        case fieller = "Fieller"
        /// Percentile interval of the % change over seeded bootstrap resamples of both sides.
        case bootstrap = "bootstrap"
    }

    public var base: SampleSummary
    public var new: SampleSummary
    /// `100 × (new.mean − base.mean) / base.mean`; not finite when the baseline mean is 0.
    public var percentChange: Double
    /// The confidence interval of ``percentChange``, in percent; `nil` for ``Method/singleValues``, when
    /// ``isUnbounded``, and when it cannot be computed.
    public var interval: ClosedRange<Double>?
    /// Whether the % change has no bounded confidence interval because the baseline mean is not
    /// distinguishable from 0 (Fieller's g ≥ 1; for the bootstrap, the percentile interval of the resampled
    /// baseline means contains 0). ``interval`` is then `nil` and the verdict ``Verdict/inconclusive``.
    public var isUnbounded: Bool
    /// Two-sided p-value of Welch's test of equal means (the Fieller statistic at ρ = 1, with Welch's
    /// degrees of freedom at ρ = 1); `nil` for the other methods. The verdict follows ``interval``, whose t
    /// takes the degrees of freedom at ρ̂: only in a borderline case can p sit just below 1 − level while the
    /// interval still touches 0.
    public var pValue: Double?
    /// The confidence level of ``interval`` (0.95 is 95 %).
    public var confidenceLevel: Double
    public var method: Method

    /// The verdict for a metric where higher (`true`) or lower (`false`) values are better: by the interval
    /// when there are repeats (``Verdict/inconclusive`` without a bounded one; `threshold` plays no part), by
    /// the sign without, once the change is at least `threshold` (a fraction: 0.05 is 5 %); a smaller
    /// single-value change is ``Verdict/withinThreshold``.
    public func verdict(higherIsBetter: Bool, threshold: Double = 0) -> Verdict {
        if method != .singleValues, interval == nil { return .inconclusive }
        if method == .singleValues, percentChange.isFinite, abs(percentChange) < threshold * 100 { return .withinThreshold }
        return Verdict(percentChange: percentChange, interval: interval, higherIsBetter: higherIsBetter)
    }

    /// Compares with Fieller's interval of the ratio of the means when both sides have at least two
    /// measurements, else by the single means. `nil` when a side has no finite measurement.
    public init?(base: [Double], new: [Double], confidenceLevel: Double = 0.95) {
        guard let baseSummary = SampleSummary(base), let newSummary = SampleSummary(new) else { return nil }
        self.init(base: baseSummary, new: newSummary, confidenceLevel: confidenceLevel)
        guard baseSummary.count >= 2, newSummary.count >= 2 else { return }
        method = .fieller
        // Scaling both sides by one power of two changes no ratio, t or g (and is exact in binary floating
        // point): at magnitudes ≤ 1 the variances of huge values do not overflow.
        let scale = Self.powerOfTwoScale(base + new)
        guard let scaledBase = SampleSummary(base.map { $0 * scale }),
            let scaledNew = SampleSummary(new.map { $0 * scale })
        else { return }
        pValue = Self.welchPValue(base: scaledBase, new: scaledNew)
        guard scaledBase.mean != 0 else {
            isUnbounded = true
            return
        }
        if scaledBase.standardDeviation == 0, scaledNew.standardDeviation == 0 {
            // Both sides constant: the ratio is exact.
            interval = percentChange.isFinite ? percentChange...percentChange : nil
            return
        }
        switch FiellerInterval(base: scaledBase, new: scaledNew, confidenceLevel: confidenceLevel)?.bounds {
        case .bounded(let ratios)?: interval = 100 * (ratios.lowerBound - 1)...100 * (ratios.upperBound - 1)
        case .unbounded?: isUnbounded = true
        case nil: break
        }
    }

    /// Compares by a percentile bootstrap: `resamples` draws with replacement from each side, seeded so the
    /// same input gives the same interval; by the single means when a side has one measurement. Unbounded
    /// when the percentile interval of the resampled baseline means contains 0 (the bootstrap's g ≥ 1).
    /// `nil` when a side has no finite measurement.
    public init?(
        bootstrapping base: [Double], _ new: [Double], resamples: Int = 10_000, seed: UInt64 = 0x10_5EE9,
        confidenceLevel: Double = 0.95
    ) {
        let base = base.filter(\.isFinite), new = new.filter(\.isFinite)
        guard let baseSummary = SampleSummary(base), let newSummary = SampleSummary(new), resamples > 0 else { return nil }
        self.init(base: baseSummary, new: newSummary, confidenceLevel: confidenceLevel)
        guard base.count >= 2, new.count >= 2 else { return }
        method = .bootstrap
        var generator = SplitMix64(seed: seed)
        var baseMeans: [Double] = [], changes: [Double] = []
        baseMeans.reserveCapacity(resamples)
        changes.reserveCapacity(resamples)
        for _ in 0..<resamples {
            let baseMean = Self.resampledMean(base, using: &generator)
            let newMean = Self.resampledMean(new, using: &generator)
            baseMeans.append(baseMean)
            let change = Self.percentChange(from: baseMean, to: newMean)
            if change.isFinite { changes.append(change) }
        }
        baseMeans.sort()
        changes.sort()
        let tail = (1 - confidenceLevel) / 2
        guard !changes.isEmpty, !(Self.quantile(baseMeans, tail) <= 0 && Self.quantile(baseMeans, 1 - tail) >= 0) else {
            isUnbounded = true
            return
        }
        interval = Self.quantile(changes, tail)...Self.quantile(changes, 1 - tail)
    }

    /// The point estimate without an interval (``Method/singleValues``).
    private init(base: SampleSummary, new: SampleSummary, confidenceLevel: Double) {
        self.base = base
        self.new = new
        self.confidenceLevel = confidenceLevel
        percentChange = Self.percentChange(from: base.mean, to: new.mean)
        interval = nil
        isUnbounded = false
        pValue = nil
        method = .singleValues
    }

    /// `100 × (new − base) / base`.
    public static func percentChange(from base: Double, to new: Double) -> Double {
        100 * (new - base) / base
    }

    /// Two-sided p-value of Welch's t test of equal means; 1 or 0 for constant sides.
    private static func welchPValue(base: SampleSummary, new: SampleSummary) -> Double? {
        guard let baseVariance = base.variance, let newVariance = new.variance else { return nil }
        let baseShare = baseVariance / Double(base.count), newShare = newVariance / Double(new.count)
        let standardError = (baseShare + newShare).squareRoot()
        guard standardError > 0 else { return new.mean == base.mean ? 1 : 0 }
        let degreesOfFreedom = StudentT.welchSatterthwaite(newShare, new.count, baseShare, base.count)
        guard degreesOfFreedom.isFinite, degreesOfFreedom > 0 else { return nil }
        let t = (new.mean - base.mean) / standardError
        return 2 * (1 - StudentT(degreesOfFreedom: degreesOfFreedom).cumulativeProbability(abs(t)))
    }

    /// The power of two that brings the largest finite magnitude of `values` into [0.5, 1).
    private static func powerOfTwoScale(_ values: [Double]) -> Double {
        guard let largest = values.lazy.filter(\.isFinite).map(abs).max(), largest > 0 else { return 1 }
        return Double(sign: .plus, exponent: -(min(1000, max(-1000, largest.exponent)) + 1), significand: 1)
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
