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

    @Test func clearImprovementMatchesSciPyWelch() throws {
        // scipy.stats.ttest_ind(new, base, equal_var=False): t 10.3083, p 6.850e-06, df 7.986,
        // 95 % CI of the difference [7.839903647563673, 12.360096352436315]; the base mean is 100.
        let estimate = try #require(ChangeEstimate(base: steadyBase, new: [110, 112, 108, 111, 109.5]))
        #expect(estimate.method == .welch)
        #expect(abs(estimate.percentChange - 10.1) < 1e-12)
        let interval = try #require(estimate.interval)
        #expect(abs(interval.lowerBound - 7.839903647563673) < 1e-8)
        #expect(abs(interval.upperBound - 12.360096352436315) < 1e-8)
        #expect(abs(try #require(estimate.pValue) - 6.850326372082873e-06) < 1e-10)
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
        // scipy: p 0.9456756126877581, CI of the difference [-1.0454744835071508, 1.1121411501738208].
        let base = [10, 12, 9.5, 11, 10.5, 9.8], new = [10.2, 11.5, 9.9, 10.8, 10.1]
        let estimate = try #require(ChangeEstimate(base: base, new: new))
        let baseMean = 62.8 / 6
        let interval = try #require(estimate.interval)
        #expect(abs(interval.lowerBound - 100 * -1.0454744835071508 / baseMean) < 1e-7)
        #expect(abs(interval.upperBound - 100 * 1.1121411501738208 / baseMean) < 1e-7)
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

    @Test func overflowingVariancesGiveNoIntervalInsteadOfACrash() throws {
        let estimate = try #require(ChangeEstimate(base: [1e160, 3e160], new: [2e160, 5e160]))
        #expect(estimate.method == .welch)
        #expect(abs(estimate.percentChange - 75) < 1e-9)
        #expect(estimate.interval == nil)
        #expect(estimate.pValue == nil)
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
}
