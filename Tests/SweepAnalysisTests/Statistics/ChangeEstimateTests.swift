import Testing
@testable import SweepAnalysis

@Suite struct ChangeEstimateTests {
    let steadyBase = [100.0, 102, 98, 101, 99]

    @Test func summaryUsesTheSampleStandardDeviation() throws {
        let summary = try #require(SampleSummary([2, 4, 4, 4, 5, 5, 7, 9]))
        #expect(summary.count == 8)
        #expect(summary.mean == 5)
        #expect(abs(try #require(summary.standardDeviation) - 2.138089935299395) < 1e-12)
        #expect(abs(try #require(summary.coefficientOfVariation) - 0.427617987059879) < 1e-12)
        #expect(SampleSummary([3])?.standardDeviation == nil)
        #expect(SampleSummary([Double]()) == nil)
        #expect(SampleSummary([1, .nan, 3])?.mean == 2)
    }

    @Test func noisyCellsAreFlaggedAboveTheThreshold() throws {
        let quiet = try #require(SampleSummary([100, 101, 99, 100]))
        let noisy = try #require(SampleSummary([60, 140, 100, 80, 120]))
        #expect(!quiet.isNoisy())
        #expect(noisy.isNoisy())
        #expect(!noisy.isNoisy(threshold: 0.5))
        #expect(try #require(SampleSummary([5])).isNoisy() == false)
    }

    @Test func clearImprovementHasSciPysWelchPValueAndFiellersInterval() throws {
        // scipy.stats.ttest_ind(new, base, equal_var=False): t 10.3083, p 6.850e-06, df 7.986. Fieller's 95 %
        // interval of the % change is [+7.740, +12.519] (Fixtures/statistics/fieller.json, clear-improvement).
        let estimate = try #require(ChangeEstimate(base: steadyBase, new: [110, 112, 108, 111, 109.5]))
        #expect(estimate.method == .fieller)
        #expect(abs(estimate.percentChange - 10.1) < 1e-12)
        let interval = try #require(estimate.interval)
        #expect(abs(interval.lowerBound - 7.74016765375054) < 1e-8)
        #expect(abs(interval.upperBound - 12.518780023192155) < 1e-8)
        #expect(abs(try #require(estimate.pValue) - 6.850326372082873e-06) < 1e-10)
        #expect(!estimate.isUnbounded)
        #expect(estimate.verdict(higherIsBetter: true) == .improved)
        #expect(estimate.verdict(higherIsBetter: false) == .regressed)
    }

    @Test func clearRegressionOfALatency() throws {
        let base = [500.0, 510, 495, 505, 490, 500]
        let new = base.map { $0 * 1.3 + 3 }
        let estimate = try #require(ChangeEstimate(base: base, new: new))
        #expect(estimate.percentChange > 29)
        #expect(try #require(estimate.interval).lowerBound > 20)
        #expect(estimate.verdict(higherIsBetter: false) == .regressed)
        #expect(estimate.verdict(higherIsBetter: true) == .improved)
    }

    @Test func pureNoiseIsNoSignificantChange() throws {
        // scipy: Welch p 0.9456756126877581; Fieller's interval [−9.397, +11.373] (fieller.json, pure-noise).
        let base = [10, 12, 9.5, 11, 10.5, 9.8], new = [10.2, 11.5, 9.9, 10.8, 10.1]
        let estimate = try #require(ChangeEstimate(base: base, new: new))
        let interval = try #require(estimate.interval)
        #expect(abs(interval.lowerBound - -9.396746330899608) < 1e-7)
        #expect(abs(interval.upperBound - 11.37312595840283) < 1e-7)
        #expect(abs(try #require(estimate.pValue) - 0.9456756126877581) < 1e-9)
        #expect(estimate.verdict(higherIsBetter: true) == .noSignificantChange)
        #expect(estimate.verdict(higherIsBetter: false) == .noSignificantChange)
    }

    @Test func singleValuesAreJudgedBySignOnly() throws {
        let estimate = try #require(ChangeEstimate(base: [200], new: [150]))
        #expect(estimate.method == .singleValues)
        #expect(estimate.percentChange == -25)
        #expect(estimate.interval == nil)
        #expect(estimate.verdict(higherIsBetter: true) == .regressed)
        #expect(estimate.verdict(higherIsBetter: false) == .improved)
        #expect(ChangeEstimate(base: [], new: [1]) == nil)
    }

    @Test func constantSidesGiveAnExactInterval() throws {
        let estimate = try #require(ChangeEstimate(base: [4, 4, 4], new: [5, 5]))
        #expect(estimate.interval == 25...25)
        #expect(estimate.verdict(higherIsBetter: true) == .improved)
        let same = try #require(ChangeEstimate(base: [4, 4], new: [4, 4]))
        #expect(same.verdict(higherIsBetter: true) == .noSignificantChange)
    }

    @Test func hugeValuesGiveTheIntervalOfScaledOnes() throws {
        // Squares of 1e300 overflow; the estimate works on both sides scaled by one power of two, which changes
        // no ratio. The p-value and interval equal those of the same data at 1e0.
        let base = [1.0, 1.2, 0.9, 1.1, 1.05], new = [1.3, 1.2, 1.4, 1.35, 1.32]
        let small = try #require(ChangeEstimate(base: base, new: new))
        let huge = try #require(ChangeEstimate(base: base.map { $0 * 1e300 }, new: new.map { $0 * 1e300 }))
        let smallInterval = try #require(small.interval), hugeInterval = try #require(huge.interval)
        #expect(abs(hugeInterval.lowerBound - smallInterval.lowerBound) < 1e-9)
        #expect(abs(hugeInterval.upperBound - smallInterval.upperBound) < 1e-9)
        #expect(abs(try #require(huge.pValue) - (try #require(small.pValue))) < 1e-12)
        #expect(huge.verdict(higherIsBetter: true) == .improved)
        let tiny = try #require(ChangeEstimate(base: base.map { $0 * 1e-300 }, new: new.map { $0 * 1e-300 }))
        #expect(abs(try #require(tiny.interval).lowerBound - smallInterval.lowerBound) < 1e-9)
    }

    @Test func bootstrapIsSeededAndAgreesOnTheVerdicts() throws {
        let improved = try #require(ChangeEstimate(bootstrapping: steadyBase, [110, 112, 108, 111, 109.5]))
        let again = try #require(ChangeEstimate(bootstrapping: steadyBase, [110, 112, 108, 111, 109.5]))
        #expect(improved == again)
        #expect(improved.method == .bootstrap)
        let interval = try #require(improved.interval)
        #expect(interval.contains(10.1) && interval.lowerBound > 5)
        #expect(improved.verdict(higherIsBetter: true) == .improved)
        let noise = try #require(ChangeEstimate(bootstrapping: [10, 12, 9.5, 11, 10.5, 9.8], [10.2, 11.5, 9.9, 10.8, 10.1]))
        #expect(noise.verdict(higherIsBetter: true) == .noSignificantChange)
        let other = try #require(ChangeEstimate(bootstrapping: steadyBase, [110, 112, 108, 111, 109.5], seed: 7))
        #expect(other.interval != improved.interval)
    }

    @Test func bootstrapOfARatioIsAsymmetricLikeFiellers() throws {
        // The noisy baseline of fieller.json: the bootstrap of the ratio also reaches further above the
        // estimate than below it (the old difference-over-baseline interval was symmetric).
        let base = [820.0, 1450, 1010, 1290, 760], new = [1500.0, 1540, 1470, 1525, 1490]
        let estimate = try #require(ChangeEstimate(bootstrapping: base, new))
        let interval = try #require(estimate.interval)
        #expect(interval.upperBound - estimate.percentChange > 1.2 * (estimate.percentChange - interval.lowerBound))
        #expect(!estimate.isUnbounded)
    }

    @Test func bootstrapOfSingleValuesIsJudgedBySignOnly() throws {
        // One value on a side has no spread to resample: like Fieller's path, no interval and the sign decides.
        let estimate = try #require(ChangeEstimate(bootstrapping: [200], [150, 160]))
        #expect(estimate.method == .singleValues)
        #expect(estimate.interval == nil && !estimate.isUnbounded)
        #expect(estimate.verdict(higherIsBetter: true) == .regressed)
    }
}
