/// How one series is drawn: colour, dash pattern and marker, so lines stay apart in greyscale print.
public struct SeriesStyle: Sendable, Hashable {
    /// Marker shapes, drawn at every point.
    public enum Marker: String, Sendable, Hashable, CaseIterable {
        case circle, square, triangle, diamond, invertedTriangle, cross, plus
    }

    public var color: String
    /// SVG `stroke-dasharray`, empty for a solid line.
    public var dash: String
    public var marker: Marker

    public init(color: String, dash: String, marker: Marker) {
        self.color = color
        self.dash = dash
        self.marker = marker
    }

    /// The style of the `index`-th series. Colours are the Okabe–Ito palette ordered so neighbours differ in
    /// lightness; dash patterns and markers cycle with different periods, so no two of the first 42 series
    /// look the same even without colour.
    public static func series(_ index: Int) -> SeriesStyle {
        let colors = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#000000", "#F0E442"]
        let dashes = ["", "7 3", "2 3", "9 3 2 3", "12 4", "4 2 1 2"]
        let markers = Marker.allCases
        return SeriesStyle(
            color: colors[index % colors.count], dash: dashes[index % dashes.count],
            marker: markers[index % markers.count])
    }
}

/// Fonts and sizes shared by every chart.
enum ChartTheme {
    static let font = "DejaVu Sans, Helvetica, Arial, sans-serif"
    static let fontSize = 12.0
    static let titleSize = 15.0
    static let text = "#222222"
    static let grid = "#DDDDDD"
    static let axis = "#555555"
    /// The fill of a ``ChartBand`` (drawn at 35 % opacity).
    static let band = "#9ECAE1"
    /// A rough width of `text` in pixels at `size`, for layout without a font engine.
    static func width(of text: String, size: Double = fontSize) -> Double {
        Double(text.count) * size * 0.6
    }
}
