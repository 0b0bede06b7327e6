/// Student's t distribution with `degreesOfFreedom` (any positive real, as Welch's test needs).
public struct StudentT: Sendable, Equatable {
    public var degreesOfFreedom: Double

    public init(degreesOfFreedom: Double) {
        precondition(degreesOfFreedom > 0, "degrees of freedom must be positive")
        self.degreesOfFreedom = degreesOfFreedom
    }

    /// P(T ≤ t).
    public func cumulativeProbability(_ t: Double) -> Double {
        if t.isNaN { return .nan }
        if t == .infinity { return 1 }
        if t == -.infinity { return 0 }
        let v = degreesOfFreedom
        let tail = 0.5 * SpecialFunctions.regularizedIncompleteBeta(v / (v + t * t), a: v / 2, b: 0.5)
        return t > 0 ? 1 - tail : tail
    }

    /// The t with P(T ≤ t) = `probability`, for 0 < probability < 1.
    ///
    /// Bisection on the distribution function, bracketed by doubling; accurate to about 1e-12.
    public func quantile(_ probability: Double) -> Double {
        precondition(probability > 0 && probability < 1, "probability must be in (0, 1)")
        if probability == 0.5 { return 0 }
        if probability < 0.5 { return -quantile(1 - probability) }
        var low = 0.0, high = 1.0
        while cumulativeProbability(high) < probability { low = high; high *= 2 }
        for _ in 0..<200 {
            let middle = (low + high) / 2
            if cumulativeProbability(middle) < probability { low = middle } else { high = middle }
            if high - low <= 1e-13 * max(1, high) { break }
        }
        return (low + high) / 2
    }

    /// The Welch–Satterthwaite degrees of freedom of a sum of two independent squared standard errors
    /// (`variance / count` of each sample): `(a + b)² / (a² / (m − 1) + b² / (n − 1))`.
    static func welchSatterthwaite(_ first: Double, _ firstCount: Int, _ second: Double, _ secondCount: Int) -> Double {
        (first + second) * (first + second)
            / (first * first / Double(firstCount - 1) + second * second / Double(secondCount - 1))
    }
}
