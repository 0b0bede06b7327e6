import Foundation
import Testing
@testable import SweepAnalysis

/// Known answers for Fieller's interval of the % change, from `Fixtures/statistics/fieller.json`.
///
/// The fixture is written by `Scripts/fieller_reference.py` (numpy + SciPy 1.17, `.venv/bin/python
/// Scripts/fieller_reference.py`). It does not use the closed form of ``FiellerInterval``: it solves
/// `(a − ρb)² = t²(v_new + ρ² v_base)` with `numpy.roots` and checks each root with `scipy.optimize.brentq`;
/// t is `scipy.stats.t.ppf` at the Welch–Satterthwaite df at ρ̂; the p-value and the old interval (Welch's
/// interval of the difference divided by the baseline mean) come from `scipy.stats.ttest_ind(equal_var=False)`.
@Suite struct FiellerIntervalTests {
    struct Reference: Decodable {
        var name: String
        var base: [Double]
        var new: [Double]
        var confidenceLevel: Double
        var percentChange: Double
        var degreesOfFreedom: Double
        var t: Double
        var g: Double
        var unbounded: Bool
        var welchPValue: Double
        var oldLow: Double
        var oldHigh: Double
        var low: Double?
        var high: Double?
    }

    struct Fixture: Decodable { var cases: [Reference] }

    static func references() throws -> [String: Reference] {
        let data = try Data(contentsOf: URL(fileURLWithPath: TestPaths.fixture("statistics/fieller.json")))
        let cases = try JSONDecoder().decode(Fixture.self, from: data).cases
        return Dictionary(cases.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
    }

    static func reference(_ name: String) throws -> Reference {
        try #require(try references()[name], "no case \(name) in fieller.json")
    }

    static func close(_ actual: Double?, _ expected: Double?, relative: Double = 1e-9) -> Bool {
        guard let actual, let expected else { return false }
        return abs(actual - expected) <= relative * max(1, abs(expected))
    }

    @Test func everyReferenceCaseMatchesSciPy() throws {
        let references = try Self.references()
        #expect(references.count == 8)
        for reference in references.values.sorted(by: { $0.name < $1.name }) {
            let name = reference.name
            let estimate = try #require(
                ChangeEstimate(base: reference.base, new: reference.new, confidenceLevel: reference.confidenceLevel))
            #expect(estimate.method == .fieller, "\(name)")
            #expect(Self.close(estimate.percentChange, reference.percentChange, relative: 1e-12), "\(name)")
            #expect(Self.close(estimate.pValue, reference.welchPValue, relative: 1e-8), "\(name): p \(String(describing: estimate.pValue))")
            #expect(estimate.isUnbounded == reference.unbounded, "\(name)")
            if reference.unbounded {
                #expect(estimate.interval == nil, "\(name)")
            } else {
                let interval = try #require(estimate.interval, "\(name)")
                #expect(Self.close(interval.lowerBound, reference.low), "\(name): low \(interval.lowerBound)")
                #expect(Self.close(interval.upperBound, reference.high), "\(name): high \(interval.upperBound)")
            }
            let base = try #require(SampleSummary(reference.base)), new = try #require(SampleSummary(reference.new))
            let fieller = try #require(FiellerInterval(base: base, new: new, confidenceLevel: reference.confidenceLevel))
            #expect(Self.close(fieller.degreesOfFreedom, reference.degreesOfFreedom), "\(name): df")
            #expect(Self.close(fieller.t, reference.t), "\(name): t")
            #expect(Self.close(fieller.g, reference.g, relative: 1e-8), "\(name): g")
        }
    }

    @Test func theBoundsAreWhereTheWelchTypeStatisticReachesT() throws {
        // |T(ρ)| = |a − ρb| / √(v_new + ρ² v_base) equals t at both ends of the interval.
        let reference = try Self.reference("noisy-baseline")
        let base = try #require(SampleSummary(reference.base)), new = try #require(SampleSummary(reference.new))
        let fieller = try #require(FiellerInterval(base: base, new: new))
        guard case .bounded(let ratios) = fieller.bounds else { Issue.record("unbounded"); return }
        let newShare = try #require(new.variance) / Double(new.count), baseShare = try #require(base.variance) / Double(base.count)
        for rho in [ratios.lowerBound, ratios.upperBound] {
            let statistic = abs(new.mean - rho * base.mean) / (newShare + rho * rho * baseShare).squareRoot()
            #expect(abs(statistic - fieller.t) < 1e-9)
        }
        #expect(ratios.contains(fieller.ratio))
    }

    @Test func aNoisyBaselineWidensTheOldIntervalAndMakesItAsymmetric() throws {
        // Baseline IOPS 820…1450 (CV 27 %) against a steady +41 %. The old interval, the difference interval
        // over the baseline mean, was [+6.6, +75.8]: symmetric and too narrow, since a baseline mean that is
        // really 20 % lower makes the change far larger. Fieller's is [+4.8, +115.9].
        let reference = try Self.reference("noisy-baseline")
        let estimate = try #require(ChangeEstimate(base: reference.base, new: reference.new))
        let interval = try #require(estimate.interval)
        let change = estimate.percentChange
        #expect(interval.upperBound - interval.lowerBound > 1.5 * (reference.oldHigh - reference.oldLow))
        #expect(interval.lowerBound < reference.oldLow && interval.upperBound > reference.oldHigh + 30)
        #expect(interval.upperBound - change > 2 * (change - interval.lowerBound))
        #expect(abs((reference.oldHigh - change) - (change - reference.oldLow)) < 1e-9)
        #expect(estimate.verdict(higherIsBetter: true) == .improved)

        // A drop against a noisy baseline: the old interval reached down to −76 %; the ratio cannot fall that
        // far when the new side is steady, so Fieller's interval is narrower below and still asymmetric.
        let drop = try Self.reference("noisy-baseline-drop")
        let dropEstimate = try #require(ChangeEstimate(base: drop.base, new: drop.new, confidenceLevel: drop.confidenceLevel))
        let dropInterval = try #require(dropEstimate.interval)
        #expect(dropInterval.lowerBound > drop.oldLow + 15)
        #expect(dropInterval.upperBound - dropEstimate.percentChange > 1.5 * (dropEstimate.percentChange - dropInterval.lowerBound))
        #expect(dropEstimate.verdict(higherIsBetter: true) == .regressed)
    }

    @Test func aSteadyBaselineChangesLittle() throws {
        // With a baseline CV of 1.6 % the ratio's interval is the old one within 0.2 percentage points.
        let reference = try Self.reference("clear-improvement")
        let interval = try #require(ChangeEstimate(base: reference.base, new: reference.new)?.interval)
        #expect(abs(interval.lowerBound - reference.oldLow) < 0.2 && abs(interval.upperBound - reference.oldHigh) < 0.2)
        // A constant baseline has no uncertainty (g = 0): Fieller is exactly the old interval.
        let constant = try Self.reference("constant-baseline")
        let exact = try #require(ChangeEstimate(base: constant.base, new: constant.new)?.interval)
        #expect(Self.close(exact.lowerBound, constant.oldLow) && Self.close(exact.upperBound, constant.oldHigh))
    }

    @Test func aBaselineMeanIndistinguishableFromZeroIsUnboundedAndInconclusive() throws {
        // Baseline 5, 40, 2, 60 (mean 26.75 ± 14.0): g = 2.78 ≥ 1. The old method printed [−152.8, +180.9].
        let reference = try Self.reference("unbounded")
        let estimate = try #require(ChangeEstimate(base: reference.base, new: reference.new))
        #expect(estimate.isUnbounded)
        #expect(estimate.interval == nil)
        #expect(estimate.verdict(higherIsBetter: true) == .inconclusive)
        #expect(estimate.verdict(higherIsBetter: false) == .inconclusive)
        let base = try #require(SampleSummary(reference.base)), new = try #require(SampleSummary(reference.new))
        #expect(FiellerInterval(base: base, new: new)?.bounds == .unbounded)
        // At 50 % the quantile is small enough (g < 1) for a bounded interval around the estimate.
        let narrow = try #require(ChangeEstimate(base: reference.base, new: reference.new, confidenceLevel: 0.5))
        #expect(!narrow.isUnbounded && narrow.interval?.contains(narrow.percentChange) == true)
        // The bootstrap says the same: the resampled baseline means straddle 0.
        let bootstrap = try #require(ChangeEstimate(bootstrapping: [-5, 40, -20, 60], reference.new))
        #expect(bootstrap.isUnbounded && bootstrap.interval == nil)
        #expect(bootstrap.verdict(higherIsBetter: true) == .inconclusive)
    }

    @Test func aBaselineMeanOfZeroIsUnbounded() throws {
        let estimate = try #require(ChangeEstimate(base: [-1, 1, -2, 2], new: [3, 4, 5]))
        #expect(estimate.isUnbounded && estimate.interval == nil)
        #expect(!estimate.percentChange.isFinite)
        #expect(estimate.verdict(higherIsBetter: true) == .inconclusive)
        #expect(Verdict(percentChange: .infinity, interval: nil, higherIsBetter: true) == .inconclusive)
    }
}
