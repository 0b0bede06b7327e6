/// A grid of small line charts sharing axes and a legend: per-cell time series of a collector column
/// (`%util` per second, one line per device, one panel per cell).
public struct SmallMultiples: Sendable, Hashable {
    /// One small chart.
    public struct Panel: Sendable, Hashable {
        public var title: String
        public var series: [ChartSeries]
        public var bands: [ChartBand]
        public init(title: String, series: [ChartSeries], bands: [ChartBand] = []) {
            self.title = title
            self.series = series
            self.bands = bands
        }
    }

    public var title: String
    public var subtitle: String
    public var x: ChartAxis
    public var y: ChartAxis
    public var legendTitle: String
    public var panels: [Panel]
    public var columns: Int
    public var panelWidth: Double
    public var panelHeight: Double
    /// One y range for every panel, so panels compare at a glance.
    public var sharesYRange: Bool

    public init(
        title: String, subtitle: String = "", x: ChartAxis, y: ChartAxis, legendTitle: String = "", panels: [Panel],
        columns: Int = 3, panelWidth: Double = 300, panelHeight: Double = 210, sharesYRange: Bool = true
    ) {
        self.title = title
        self.subtitle = subtitle
        self.x = x
        self.y = y
        self.legendTitle = legendTitle
        self.panels = panels
        self.columns = max(1, columns)
        self.panelWidth = panelWidth
        self.panelHeight = panelHeight
        self.sharesYRange = sharesYRange
    }

    /// Series names in order of first appearance; a name keeps its style in every panel.
    var seriesNames: [String] {
        var seen: Set<String> = []
        return panels.flatMap { $0.series.map(\.name) }.filter { seen.insert($0).inserted }
    }

    /// The grid as a standalone SVG document (also valid inline in HTML).
    public func svg() -> String {
        let names = seriesNames
        let styleIndex = Dictionary(uniqueKeysWithValues: names.enumerated().map { ($1, $0) })
        let columns = min(self.columns, max(panels.count, 1))
        let rows = (panels.count + columns - 1) / columns
        let legend = Legend(title: legendTitle, names: names)
        let top = subtitle.isEmpty ? 44.0 : 62.0
        let width = max(Double(columns) * panelWidth + legend.width + 16, 360)
        let height = top + Double(max(rows, 1)) * panelHeight + 8
        let yRange =
            sharesYRange
            ? panels.flatMap { $0.series.flatMap { $0.points.compactMap(\.y) } + $0.bands.flatMap(\.yBounds) }
            : []
        var writer = SVGWriter()
        writer.openDocument(width: width, height: height, label: title)
        writer.heading(title, subtitle: subtitle, width: width)
        for (index, panel) in panels.enumerated() {
            let frame = PlotFrame(
                x: Double(index % columns) * panelWidth, y: top + Double(index / columns) * panelHeight + 18,
                width: panelWidth - 8, height: panelHeight - 22)
            writer.element(
                "text",
                [
                    ("x", SVGWriter.number(frame.x + panelWidth / 2 + 10)), ("y", SVGWriter.number(frame.y - 4)),
                    ("text-anchor", "middle"), ("font-size", "11"), ("font-weight", "bold"),
                    ("fill", ChartTheme.text),
                ], content: panel.title)
            let chart = LineChart(title: panel.title, x: x, y: y, series: panel.series, bands: panel.bands)
            let styles = panel.series.map { SeriesStyle.series(styleIndex[$0.name] ?? 0) }
            chart.draw(into: &writer, frame: frame, styles: styles, compact: true, yRange: yRange)
        }
        legend.draw(into: &writer, x: width - legend.width - 4, y: top + 18, styles: names.indices.map(SeriesStyle.series))
        writer.close("svg")
        return writer.text
    }
}
