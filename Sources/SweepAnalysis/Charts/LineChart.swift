/// One line of a chart: a name for the legend and its points. A point without a `y` breaks the line.
public struct ChartSeries: Sendable, Hashable {
    /// One point of the line; `y` is `nil` where a value is missing.
    public struct Point: Sendable, Hashable {
        public var x: Double
        public var y: Double?
        public init(x: Double, y: Double?) {
            self.x = x
            self.y = y
        }
    }

    public var name: String
    public var points: [Point]

    public init(name: String, points: [Point]) {
        self.name = name
        self.points = points
    }
}

/// A line chart of a metric against an axis, one line per value of another axis — the seed's
/// "IOPS vs fio threads, one line per pool width" — drawn as a standalone SVG document.
///
/// Readable by default: axis titles with units, a legend, ticks at the data's x values, series told apart
/// by colour, dash pattern and marker (`SeriesStyle`). A `referenceLine` (0 for % change charts) is drawn
/// across the plot and kept in range.
public struct LineChart: Sendable, Hashable {
    public var title: String
    /// A second line under the title (selection, units), empty for none.
    public var subtitle: String
    public var x: ChartAxis
    public var y: ChartAxis
    /// The legend's heading: the axis whose values the series are.
    public var legendTitle: String
    public var series: [ChartSeries]
    public var referenceLine: Double?
    /// Shaded ranges behind the lines, kept in range.
    public var bands: [ChartBand]
    public var width: Double
    public var height: Double

    public init(
        title: String, subtitle: String = "", x: ChartAxis, y: ChartAxis, legendTitle: String = "",
        series: [ChartSeries], referenceLine: Double? = nil, bands: [ChartBand] = [], width: Double = 760, height: Double = 460
    ) {
        self.title = title
        self.subtitle = subtitle
        self.x = x
        self.y = y
        self.legendTitle = legendTitle
        self.series = series
        self.referenceLine = referenceLine
        self.bands = bands
        self.width = width
        self.height = height
    }

    /// A % change chart: `series` hold `100 × (new − base) / base`, a zero line marks no change.
    public static func percentChange(
        title: String, subtitle: String = "", x: ChartAxis, legendTitle: String = "", series: [ChartSeries]
    ) -> LineChart {
        LineChart(
            title: title, subtitle: subtitle, x: x, y: ChartAxis(title: "change", unit: "%"), legendTitle: legendTitle,
            series: series, referenceLine: 0)
    }

    /// The chart as a standalone SVG document (also valid inline in HTML).
    public func svg() -> String {
        var writer = SVGWriter()
        let legend = Legend(title: legendTitle, names: series.map(\.name))
        writer.openDocument(width: width, height: height, label: title)
        let top = subtitle.isEmpty ? 44.0 : 62.0
        writer.heading(title, subtitle: subtitle, width: width)
        let plot = PlotFrame(x: 0, y: top, width: width - legend.width - 12, height: height - top - 8)
        draw(into: &writer, frame: plot, styles: series.indices.map(SeriesStyle.series), compact: false)
        legend.draw(into: &writer, x: width - legend.width - 4, y: top + 10, styles: series.indices.map(SeriesStyle.series))
        writer.close("svg")
        return writer.text
    }

    /// Draws axes, grid, reference line and series inside `frame` (the frame includes room for tick labels
    /// and axis titles).
    func draw(
        into writer: inout SVGWriter, frame: PlotFrame, styles: [SeriesStyle], compact: Bool,
        yRange: [Double] = []
    ) {
        let xs = series.flatMap { $0.points.map(\.x) }
        let ys = series.flatMap { $0.points.compactMap(\.y) }
        let xLayout = AxisLayout(x, values: xs)
        let yLayout = AxisLayout(y, values: ys, extra: (referenceLine.map { [$0] } ?? []) + yRange + bands.flatMap(\.yBounds))
        let fontSize = compact ? 10.0 : ChartTheme.fontSize
        let yLabelWidth = (yLayout.ticks.map { ChartTheme.width(of: $0.label, size: fontSize) }.max() ?? 10)
        let left = frame.x + yLabelWidth + (compact ? 22 : 34)
        let bottom = frame.y + frame.height - (compact ? 34 : 44)
        let right = frame.x + frame.width - 6
        let top = frame.y + 4
        guard right > left + 10, bottom > top + 10 else { return }
        func px(_ value: Double) -> Double { left + xLayout.fraction(value) * (right - left) }
        func py(_ value: Double) -> Double { bottom - yLayout.fraction(value) * (bottom - top) }

        writer.open("g", [("font-size", SVGWriter.number(fontSize))])
        // Grid and ticks.
        for tick in yLayout.ticks where (yLayout.low...yLayout.high).contains(tick.value) {
            let y = py(tick.value)
            writer.element("line", Self.line(left, y, right, y) + [("stroke", ChartTheme.grid)])
            writer.element(
                "text",
                [
                    ("x", SVGWriter.number(left - 6)), ("y", SVGWriter.number(y + fontSize * 0.35)),
                    ("text-anchor", "end"), ("fill", ChartTheme.text),
                ], content: tick.label)
        }
        for tick in Self.thinned(xLayout.ticks, width: right - left, fontSize: fontSize, position: px) {
            let x = px(tick.value)
            writer.element("line", Self.line(x, top, x, bottom) + [("stroke", ChartTheme.grid)])
            writer.element("line", Self.line(x, bottom, x, bottom + 5) + [("stroke", ChartTheme.axis)])
            writer.element(
                "text",
                [
                    ("x", SVGWriter.number(x)), ("y", SVGWriter.number(bottom + 7 + fontSize)),
                    ("text-anchor", "middle"), ("fill", ChartTheme.text),
                ], content: tick.label)
        }
        // Frame and axis titles.
        writer.element(
            "rect",
            [
                ("x", SVGWriter.number(left)), ("y", SVGWriter.number(top)),
                ("width", SVGWriter.number(right - left)), ("height", SVGWriter.number(bottom - top)),
                ("fill", "none"), ("stroke", ChartTheme.axis),
            ])
        writer.element(
            "text",
            [
                ("x", SVGWriter.number((left + right) / 2)), ("y", SVGWriter.number(frame.y + frame.height - 6)),
                ("text-anchor", "middle"), ("fill", ChartTheme.text),
            ], content: x.label)
        let yTitleX = frame.x + fontSize + 2, yTitleY = (top + bottom) / 2
        writer.element(
            "text",
            [
                ("x", SVGWriter.number(yTitleX)), ("y", SVGWriter.number(yTitleY)), ("text-anchor", "middle"),
                ("transform", "rotate(-90 \(SVGWriter.number(yTitleX)) \(SVGWriter.number(yTitleY)))"),
                ("fill", ChartTheme.text),
            ], content: y.label)
        for band in bands where x.accepts(band.x.lowerBound) && y.accepts(band.y.lowerBound) && y.accepts(band.y.upperBound) {
            let x0 = px(band.x.lowerBound), x1 = px(band.x.upperBound), y0 = py(band.y.upperBound), y1 = py(band.y.lowerBound)
            writer.open("g")
            writer.element("title", content: band.name)
            writer.element(
                "rect",
                [
                    ("x", SVGWriter.number(x0)), ("y", SVGWriter.number(y0)), ("width", SVGWriter.number(max(x1 - x0, 1))),
                    ("height", SVGWriter.number(max(y1 - y0, 1))), ("fill", ChartTheme.band), ("fill-opacity", "0.35"),
                    ("stroke", "none"),
                ])
            writer.close("g")
        }
        if let referenceLine, y.accepts(referenceLine) {
            let y = py(referenceLine)
            writer.element("line", Self.line(left, y, right, y) + [("stroke", "#000000"), ("stroke-width", "1.5")])
        }
        // Series: one polyline per unbroken run, then markers on top.
        for (index, line) in series.enumerated() {
            let style = styles[index % max(styles.count, 1)]
            var runs: [[(Double, Double)]] = [[]]
            for point in line.points.sorted(by: { $0.x < $1.x }) {
                if let value = point.y, x.accepts(point.x), y.accepts(value) {
                    runs[runs.count - 1].append((px(point.x), py(value)))
                } else if !(runs.last?.isEmpty ?? true) {
                    runs.append([])
                }
            }
            writer.open("g", [("stroke", style.color), ("fill", style.color)])
            writer.element("title", content: line.name)
            for run in runs where run.count > 1 {
                var attributes = [("points", SVGWriter.points(run)), ("fill", "none"), ("stroke-width", compact ? "1.5" : "2")]
                if !style.dash.isEmpty { attributes.append(("stroke-dasharray", style.dash)) }
                writer.element("polyline", attributes)
            }
            let radius = compact ? 2.5 : 4
            for point in runs.joined() where compact == false || line.points.count <= 40 {
                writer.marker(style.marker, x: point.0, y: point.1, radius: radius)
            }
            writer.close("g")
        }
        writer.close("g")
    }

    /// Keeps tick labels from overlapping: drops every other one until they fit.
    private static func thinned(
        _ ticks: [ChartAxis.Tick], width: Double, fontSize: Double,
        position: (Double) -> Double
    ) -> [ChartAxis.Tick] {
        var kept = ticks
        var step = 1
        while step < ticks.count {
            kept = stride(from: 0, to: ticks.count, by: step).map { ticks[$0] }
            let overlaps = zip(kept, kept.dropFirst()).contains { pair in
                let gap = abs(position(pair.1.value) - position(pair.0.value))
                return gap < (ChartTheme.width(of: pair.0.label, size: fontSize) + ChartTheme.width(of: pair.1.label, size: fontSize)) / 2
                    + 4
            }
            if !overlaps { break }
            step += 1
        }
        return kept
    }

    static func line(_ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double) -> [(String, String)] {
        [("x1", SVGWriter.number(x1)), ("y1", SVGWriter.number(y1)), ("x2", SVGWriter.number(x2)), ("y2", SVGWriter.number(y2))]
    }
}

/// A rectangle of the drawing.
struct PlotFrame {
    var x: Double
    var y: Double
    var width: Double
    var height: Double
}

/// The key to the series: a heading, then a line sample with its marker and the name per series.
struct Legend {
    var title: String
    var names: [String]
    static let rowHeight = 20.0

    var width: Double {
        let widest = max(names.map { ChartTheme.width(of: $0) + 44 }.max() ?? 0, ChartTheme.width(of: title) + 8)
        return min(max(widest, 90), 260)
    }

    func draw(into writer: inout SVGWriter, x: Double, y: Double, styles: [SeriesStyle]) {
        guard !names.isEmpty else { return }
        writer.open("g", [("font-size", SVGWriter.number(ChartTheme.fontSize))])
        var row = y
        if !title.isEmpty {
            writer.element(
                "text",
                [
                    ("x", SVGWriter.number(x)), ("y", SVGWriter.number(row + 4)), ("font-weight", "bold"),
                    ("fill", ChartTheme.text),
                ], content: title)
            row += Self.rowHeight
        }
        for (index, name) in names.enumerated() {
            let style = styles[index % max(styles.count, 1)]
            writer.open("g", [("stroke", style.color), ("fill", style.color)])
            var attributes = LineChart.line(x, row, x + 32, row) + [("stroke-width", "2")]
            if !style.dash.isEmpty { attributes.append(("stroke-dasharray", style.dash)) }
            writer.element("line", attributes)
            writer.marker(style.marker, x: x + 16, y: row, radius: 4)
            writer.close("g")
            writer.element(
                "text", [("x", SVGWriter.number(x + 38)), ("y", SVGWriter.number(row + 4)), ("fill", ChartTheme.text)],
                content: name)
            row += Self.rowHeight
        }
        writer.close("g")
    }
}

extension SVGWriter {
    /// `<svg>` with the namespace, size, an accessible label and a white background.
    mutating func openDocument(width: Double, height: Double, label: String) {
        open(
            "svg",
            [
                ("xmlns", "http://www.w3.org/2000/svg"), ("width", SVGWriter.number(width)),
                ("height", SVGWriter.number(height)),
                ("viewBox", "0 0 \(SVGWriter.number(width)) \(SVGWriter.number(height))"),
                ("role", "img"), ("aria-label", label), ("font-family", ChartTheme.font),
            ])
        element("title", content: label)
        element("rect", [("width", "100%"), ("height", "100%"), ("fill", "#FFFFFF")])
    }

    /// The title (and subtitle) centred at the top.
    mutating func heading(_ title: String, subtitle: String, width: Double) {
        element(
            "text",
            [
                ("x", SVGWriter.number(width / 2)), ("y", "24"), ("text-anchor", "middle"),
                ("font-size", SVGWriter.number(ChartTheme.titleSize)), ("font-weight", "bold"),
                ("fill", ChartTheme.text),
            ], content: title)
        if !subtitle.isEmpty {
            element(
                "text",
                [
                    ("x", SVGWriter.number(width / 2)), ("y", "44"), ("text-anchor", "middle"),
                    ("font-size", SVGWriter.number(ChartTheme.fontSize)), ("fill", ChartTheme.axis),
                ], content: subtitle)
        }
    }

    /// A marker centred at (x, y); open shapes (`cross`, `plus`) are strokes, the others filled.
    mutating func marker(_ marker: SeriesStyle.Marker, x: Double, y: Double, radius r: Double) {
        let n = SVGWriter.number
        switch marker {
        case .circle:
            element("circle", [("cx", n(x)), ("cy", n(y)), ("r", n(r)), ("stroke", "none")])
        case .square:
            element(
                "rect", [("x", n(x - r * 0.9)), ("y", n(y - r * 0.9)), ("width", n(r * 1.8)), ("height", n(r * 1.8)), ("stroke", "none")])
        case .triangle:
            element(
                "polygon",
                [
                    ("points", SVGWriter.points([(x, y - r * 1.2), (x + r * 1.1, y + r * 0.8), (x - r * 1.1, y + r * 0.8)])),
                    ("stroke", "none"),
                ])
        case .invertedTriangle:
            element(
                "polygon",
                [
                    ("points", SVGWriter.points([(x, y + r * 1.2), (x + r * 1.1, y - r * 0.8), (x - r * 1.1, y - r * 0.8)])),
                    ("stroke", "none"),
                ])
        case .diamond:
            element(
                "polygon",
                [
                    ("points", SVGWriter.points([(x, y - r * 1.3), (x + r * 1.1, y), (x, y + r * 1.3), (x - r * 1.1, y)])),
                    ("stroke", "none"),
                ])
        case .cross:
            element(
                "path",
                [
                    ("d", "M\(n(x - r)) \(n(y - r))L\(n(x + r)) \(n(y + r))M\(n(x - r)) \(n(y + r))L\(n(x + r)) \(n(y - r))"),
                    ("stroke-width", "2"), ("fill", "none"), ("stroke-dasharray", "none"),
                ])
        case .plus:
            element(
                "path",
                [
                    ("d", "M\(n(x - r * 1.2)) \(n(y))L\(n(x + r * 1.2)) \(n(y))M\(n(x)) \(n(y - r * 1.2))L\(n(x)) \(n(y + r * 1.2))"),
                    ("stroke-width", "2"), ("fill", "none"), ("stroke-dasharray", "none"),
                ])
        }
    }
}
