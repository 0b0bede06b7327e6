import Foundation
import Testing
@testable import SweepAnalysis

@Suite struct LineChartTests {
    let threads: [Double] = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024]

    private func seedChart() -> LineChart {
        let series = [1.0, 2, 4, 8].map { disks in
            ChartSeries(name: "\(Int(disks))", points: threads.map { .init(x: $0, y: 600 * disks * $0.squareRoot()) })
        }
        return LineChart(
            title: "write.iops vs numjobs", subtitle: "max-rate-submit, hdd",
            x: ChartAxis(title: "numjobs", scale: .log2, ticks: .dataValues),
            y: ChartAxis(title: "write.iops", unit: "IO/s", includesZero: true),
            legendTitle: "disks", series: series)
    }

    @Test func seedChartIsWellFormedWithTicksLegendAndUnits() throws {
        let svg = try ParsedSVG(seedChart().svg())
        #expect(svg.root?.name == "svg")
        #expect(svg.declaresSVGNamespace)
        let texts = svg.texts
        for tick in ["1", "2", "4", "8", "16", "32", "64", "128", "256", "512", "1024"] { #expect(texts.contains(tick)) }
        #expect(texts.contains("numjobs (log₂ scale)"))
        #expect(texts.contains("write.iops (IO/s)"))
        #expect(texts.contains("disks"))
        #expect(texts.contains("write.iops vs numjobs"))
        #expect(svg.elements("polyline").count == 4)
    }

    @Test func log2AxisSpacesDoublingsEvenly() throws {
        let svg = try ParsedSVG(seedChart().svg())
        let line = try #require(svg.elements("polyline").first?.attribute(forName: "points")?.stringValue)
        let xs = line.split(separator: " ").compactMap { Double($0.split(separator: ",")[0]) }
        #expect(xs.count == 11)
        let gaps = zip(xs, xs.dropFirst()).map { $1 - $0 }
        #expect(gaps.allSatisfy { abs($0 - gaps[0]) < 0.02 })
        let ys = line.split(separator: " ").compactMap { Double($0.split(separator: ",")[1]) }
        #expect(zip(ys, ys.dropFirst()).allSatisfy { $1 < $0 }, "rising IOPS is drawn upwards")
    }

    @Test func namesAreEscapedAndMissingPointsBreakTheLine() throws {
        let chart = LineChart(
            title: "a <b> & \"c\"", x: ChartAxis(title: "x"), y: ChartAxis(title: "y"),
            series: [
                ChartSeries(
                    name: "tank<&>'1'",
                    points: [
                        .init(x: 1, y: 1), .init(x: 2, y: 2), .init(x: 3, y: nil), .init(x: 4, y: 3), .init(x: 5, y: 4),
                    ])
            ])
        let text = chart.svg()
        #expect(text.contains("tank&lt;&amp;&gt;&#39;1&#39;"))
        let svg = try ParsedSVG(text)
        #expect(svg.texts.contains("tank<&>'1'"))
        #expect(svg.elements("polyline").count == 2)
        #expect(!XMLText.escaped("bell\u{7}").contains("\u{7}"))
    }

    @Test func percentChangeChartKeepsZeroInRangeAndDrawsIt() throws {
        let chart = LineChart.percentChange(
            title: "write.iops % change", x: ChartAxis(title: "numjobs", scale: .log2, ticks: .dataValues),
            legendTitle: "disks", series: [ChartSeries(name: "1", points: [.init(x: 1, y: 12), .init(x: 2, y: 30)])])
        let svg = try ParsedSVG(chart.svg())
        #expect(svg.texts.contains("change (%)"))
        #expect(svg.texts.contains("0"))
        let zero = svg.elements("line").filter { $0.attribute(forName: "stroke")?.stringValue == "#000000" }
        #expect(zero.count == 1)
    }

    @Test func logYAxisTicksAtPowersOfTen() throws {
        let chart = LineChart(
            title: "latency", x: ChartAxis(title: "numjobs", scale: .log2, ticks: .dataValues),
            y: ChartAxis(title: "write.lat.mean", unit: "ns", scale: .log10),
            series: [ChartSeries(name: "1", points: threads.map { .init(x: $0, y: 20_000 * $0) })])
        let texts = try ParsedSVG(chart.svg()).texts
        for label in ["10k", "100k", "1M", "10M", "100M"] { #expect(texts.contains(label)) }
    }

    @Test func firstStylesDifferInDashAndMarkerNotOnlyColour() {
        let styles = (0..<6).map(SeriesStyle.series)
        #expect(Set(styles.map(\.dash)).count == 6)
        #expect(Set(styles.map(\.marker)).count == 6)
        #expect(Set(styles.map(\.color)).count == 6)
    }

    @Test func tickLabelsAreShort() {
        #expect(ChartNumber.label(1024) == "1024")
        #expect(ChartNumber.label(250_000) == "250k")
        #expect(ChartNumber.label(1_500_000) == "1.5M")
        #expect(ChartNumber.label(-20) == "-20")
        #expect(ChartNumber.label(0.25) == "0.25")
        #expect(AxisLayout.niceTicks(.linear, 0, 0.9) == [0, 0.2, 0.4, 0.6, 0.8, 1])
    }

    @Test func smallMultiplesShareStylesPerName() throws {
        let seconds = (0..<30).map(Double.init)
        let grid = SmallMultiples(
            title: "iostat %util per cell", x: ChartAxis(title: "time", unit: "s"), y: ChartAxis(title: "%util", unit: "%"),
            legendTitle: "device",
            panels: ["1 disk", "2 disks"].enumerated().map { index, title in
                .init(
                    title: title,
                    series: ["sdb", "sdc"].prefix(index + 1).map { device in
                        ChartSeries(name: device, points: seconds.map { .init(x: $0, y: 50 + $0) })
                    })
            })
        let svg = try ParsedSVG(grid.svg())
        #expect(svg.texts.contains("1 disk") && svg.texts.contains("2 disks"))
        #expect(svg.texts.filter { $0 == "sdb" }.count == 1, "one shared legend entry")
        let strokes = svg.elements("g").compactMap { $0.attribute(forName: "stroke")?.stringValue }
        #expect(strokes.filter { $0 == SeriesStyle.series(0).color }.count == 3, "sdb in two panels and the legend")
    }
}
