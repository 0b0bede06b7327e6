/// Fieller's confidence set for the ratio ρ = μ_new / μ_base of the means of two independent samples with
/// unequal variances.
///
/// With the sample means a = mean(new), b = mean(base), the squared standard errors
/// v_new = s²_new / n_new, v_base = s²_base / n_base, and ρ̂ = a / b, the set is every ρ with
///
///     (a − ρ b)² ≤ t² (v_new + ρ² v_base)
///
/// (the Welch-type test of μ_new = ρ μ_base does not reject). With g = t² v_base / b² < 1 it is the interval
///
///     [ρ̂ ∓ (t / |b|) √(v_new (1 − g) + ρ̂² v_base)] / (1 − g),
///
/// wider above than below when the baseline is noisy. With g ≥ 1 the baseline mean is not distinguishable
/// from 0 and the set is unbounded: the whole line, or two rays (−∞, ρ₁] ∪ [ρ₂, ∞).
///
/// t is the (1 + level) / 2 quantile of Student's t with the Welch–Satterthwaite degrees of freedom at the
/// estimated ratio, ν = (v_new + ρ̂² v_base)² / (v_new² / (n_new − 1) + ρ̂⁴ v_base² / (n_base − 1)): the
/// degrees of freedom of the test's denominator at ρ̂ (Tamhane & Logan 2004, R's `mratios::ttestratio`
/// with `var.equal = FALSE`). At ρ = 1 the statistic is Welch's t, so for ρ̂ near 1 this is Welch's ν.
public struct FiellerInterval: Sendable, Hashable {
    /// The confidence set of ρ.
    public enum Bounds: Sendable, Hashable {
        /// A finite interval of ratios.
        case bounded(ClosedRange<Double>)
        /// g ≥ 1: the baseline mean is not distinguishable from 0, no finite interval contains the set.
        case unbounded
    }

    /// ρ̂ = mean(new) / mean(base).
    public var ratio: Double
    public var bounds: Bounds
    /// The Welch–Satterthwaite degrees of freedom at ρ̂.
    public var degreesOfFreedom: Double
    /// The Student t quantile of the confidence level.
    public var t: Double
    /// t² v_base / b²: the baseline mean's relative uncertainty; the set is unbounded from 1 on.
    public var g: Double

    /// Fieller's set for `new.mean / base.mean`; `nil` when a side has no variance (fewer than two values),
    /// both sides are constant (the ratio is exact), the baseline mean is 0, or the numbers are not finite.
    public init?(base: SampleSummary, new: SampleSummary, confidenceLevel: Double = 0.95) {
        guard let baseVariance = base.variance, let newVariance = new.variance, base.mean != 0,
            confidenceLevel > 0, confidenceLevel < 1
        else { return nil }
        let a = new.mean, b = base.mean
        let newShare = newVariance / Double(new.count), baseShare = baseVariance / Double(base.count)
        guard newShare + baseShare > 0 else { return nil }
        ratio = a / b
        var scaledBaseShare = ratio * ratio * baseShare
        if newShare + scaledBaseShare == 0 {
            // New side constant at 0 (ρ̂ = 0): ν at ρ̂ is 0/0; any t gives the same set {0}, take ν at ρ = 1.
            scaledBaseShare = baseShare
        }
        degreesOfFreedom = StudentT.welchSatterthwaite(newShare, new.count, scaledBaseShare, base.count)
        guard degreesOfFreedom.isFinite, degreesOfFreedom > 0, ratio.isFinite else { return nil }
        t = StudentT(degreesOfFreedom: degreesOfFreedom).quantile(1 - (1 - confidenceLevel) / 2)
        g = t * t * baseShare / (b * b)
        guard g.isFinite else { return nil }
        guard g < 1 else {
            bounds = .unbounded
            return
        }
        let halfWidth = t / abs(b) * (newShare * (1 - g) + ratio * ratio * baseShare).squareRoot()
        let low = (ratio - halfWidth) / (1 - g), high = (ratio + halfWidth) / (1 - g)
        guard low.isFinite, high.isFinite else { return nil }
        bounds = .bounded(low...high)
    }
}
