import Testing
import Foundation
@testable import SweepAnalysis

/// Reference values computed once with SciPy 1.x (`scipy.stats.t.ppf`, `.cdf`, `scipy.special.betainc`).
@Suite struct StudentTTests {
    @Test(arguments: [
        (1.0, 12.706204736174694, 63.656741162871526, 0.8128329581890011),
        (2.0, 4.302652729749462, 9.924843200918287, 0.8638034375544994),
        (3.0, 3.1824463052837078, 5.840909309733355, 0.8847080673775886),
        (5.0, 2.5705818356363146, 4.032142983555228, 0.9030481598787634),
        (7.3, 2.345066736547703, 3.451031655622185, 0.912218453598457),
        (10.0, 2.228138851986274, 3.16927267261695, 0.9177463367772799),
        (30.0, 2.0422724563012378, 2.7499956535672254, 0.927967035435677),
        (120.0, 1.9799304050824402, 2.6174211451068654, 0.9318795823846401),
    ])
    func quantilesAndDistributionMatchSciPy(degrees: Double, q975: Double, q995: Double, cdfAt1_5: Double) {
        let t = StudentT(degreesOfFreedom: degrees)
        #expect(abs(t.quantile(0.975) - q975) < 1e-9 * q975)
        #expect(abs(t.quantile(0.995) - q995) < 1e-9 * q995)
        #expect(abs(t.quantile(0.025) + q975) < 1e-9 * q975)
        #expect(abs(t.cumulativeProbability(1.5) - cdfAt1_5) < 1e-12)
        #expect(abs(t.cumulativeProbability(-1.5) - (1 - cdfAt1_5)) < 1e-12)
        #expect(t.quantile(0.5) == 0)
    }

    @Test func textbookTableValues() {
        // Two-sided 95 % critical values as printed in every t table.
        #expect(String(format: "%.3f", StudentT(degreesOfFreedom: 4).quantile(0.975)) == "2.776")
        #expect(String(format: "%.3f", StudentT(degreesOfFreedom: 20).quantile(0.975)) == "2.086")
    }

    @Test func regularizedIncompleteBetaMatchesSciPy() {
        #expect(abs(SpecialFunctions.regularizedIncompleteBeta(0.3, a: 2.5, b: 0.5) - 0.018927124071945658) < 1e-13)
        #expect(abs(SpecialFunctions.regularizedIncompleteBeta(0.9, a: 10, b: 3) - 0.889130022255) < 1e-12)
        #expect(abs(SpecialFunctions.regularizedIncompleteBeta(0.01, a: 0.5, b: 0.5) - 0.06376856085851985) < 1e-13)
        #expect(SpecialFunctions.regularizedIncompleteBeta(0, a: 2, b: 3) == 0)
        #expect(SpecialFunctions.regularizedIncompleteBeta(1, a: 2, b: 3) == 1)
    }
}
