import Foundation
import IOSweepTestSupport
import Testing

@testable import SweepAnalysis

/// The HTML report's convergence chart of steady-state rounds: one panel per cell with its rounds, and for a steady
/// cell the measurement window — the band over its rounds spanning mean ± range / 2, the window's mean and its
/// least-squares line.
@Suite struct SteadyConvergenceTests {
    /// Two cells tested with a window of 3 rounds within 20 %: the first warms up for a round and is steady at
    /// rounds 2–4 (mean 1000); the second never settles.
    static let convergence = SteadyConvergence(
        metric: "write.iops", unit: "IO/s", test: SteadyWindow(size: 3, range: 0.2, slope: 0.1), maxRounds: 6,
        cells: [
            .init(label: "numjobs=1", values: [1: 400, 2: 980, 3: 1000, 4: 1020], window: 2...4),
            .init(label: "numjobs=2", values: [1: 500, 2: 900, 3: 1400, 4: 700, 5: 1600, 6: 800], window: nil),
            .init(label: "numjobs=4", values: [:], window: nil),
        ])

    @Test("a panel per cell with rounds, titled with its window or 'not steady'; the band spans mean ± range / 2 over the window")
    func panels() throws {
        let chart = Self.convergence.chart()
        #expect(
            chart.panels.map(\.title) == ["numjobs=1: steady at rounds 2–4", "numjobs=2: not steady"], "a cell without rounds has none")
        let steady = chart.panels[0]
        #expect(steady.series.map(\.name) == ["per round", "window mean", "least-squares line"])
        #expect(steady.series[1].points == [.init(x: 2, y: 1000), .init(x: 4, y: 1000)])
        // The fit through 980, 1000, 1020 rises 20 per round through the mean at round 3.
        #expect(steady.series[2].points == [.init(x: 2, y: 980), .init(x: 4, y: 1020)])
        #expect(steady.bands == [ChartBand(name: "measurement window: rounds 2–4, mean ± 10 %", x: 2...4, y: 900...1100)])
        #expect(chart.panels[1].bands.isEmpty && chart.panels[1].series.map(\.name) == ["per round"])
        #expect(chart.subtitle == "window 3 rounds, range 20 %, slope × window 10 % of the mean, at most 6 rounds")
    }

    @Test("the SVG: well-formed, the band drawn behind the lines with its tooltip, the rule in the subtitle (golden)")
    func svg() throws {
        let text = Self.convergence.chart().svg()
        let svg = try ParsedSVG(text)
        #expect(svg.texts.contains("numjobs=1: steady at rounds 2–4") && svg.texts.contains("numjobs=2: not steady"))
        let bands = svg.elements("rect").filter { $0.attribute(forName: "fill")?.stringValue == ChartTheme.band }
        #expect(bands.count == 1)
        #expect(text.contains("<title>measurement window: rounds 2–4, mean ± 10 %</title>"))
        let band = try #require(text.range(of: "measurement window"))
        let firstLine = try #require(text.range(of: "<polyline"))
        #expect(band.lowerBound < firstLine.lowerBound, "the band is behind every line")
        try Golden.expect(
            text, golden: TestPaths.fixture("golden/steady-convergence.svg"),
            source: TestPaths.packageRoot.appendingPathComponent("Tests/SweepAnalysisTests/Fixtures/golden/steady-convergence.svg").path)
    }
}
