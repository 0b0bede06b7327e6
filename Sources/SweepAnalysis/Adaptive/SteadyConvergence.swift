/// The rounds of a steady-state study as the HTML report draws them, after SNIA PTS's convergence and measurement
/// window plots: per cell, the metric per round and, once steady, its measurement window — a band from the first to
/// the last round of the window spanning the allowed excursion around the window's mean (mean ± range / 2), the
/// mean, and the least-squares line through the window.
public struct SteadyConvergence: Sendable, Hashable {
    /// One cell's rounds.
    public struct Rounds: Sendable, Hashable {
        /// The cell's values but `repeat` (`numjobs=4`), empty for a study without axes.
        public var label: String
        /// Round → the metric's published value.
        public var values: [Int: Double]
        /// The first steady window's rounds, `nil` while none is steady.
        public var window: ClosedRange<Int>?

        public init(label: String, values: [Int: Double], window: ClosedRange<Int>?) {
            self.label = label
            self.values = values
            self.window = window
        }
    }

    /// The metric the rounds are tested on, and its unit.
    public var metric: String
    public var unit: String
    public var test: SteadyWindow
    public var maxRounds: Int
    public var cells: [Rounds]

    public init(metric: String, unit: String, test: SteadyWindow, maxRounds: Int, cells: [Rounds]) {
        self.metric = metric
        self.unit = unit
        self.test = test
        self.maxRounds = maxRounds
        self.cells = cells
    }

    /// Series names, the same in every panel.
    static let perRound = "per round"
    static let windowMean = "window mean"
    static let fitted = "least-squares line"

    /// One panel per cell with published rounds: the rounds, and the window's mean, fitted line and band.
    public func chart() -> SmallMultiples {
        let panels = cells.filter { !$0.values.isEmpty }.map { cell -> SmallMultiples.Panel in
            let rounds = cell.values.keys.sorted()
            var series = [
                ChartSeries(name: Self.perRound, points: rounds.map { ChartSeries.Point(x: Double($0), y: cell.values[$0]) })
            ]
            var bands: [ChartBand] = []
            let name = cell.label.isEmpty ? "the cell" : cell.label
            var title = name + ": not steady"
            if let window = cell.window {
                let values = window.compactMap { cell.values[$0] }
                title = name + ": steady at rounds \(window.lowerBound)–\(window.upperBound)"
                if values.count == window.count, let fit = SteadyWindow.fit(values) {
                    let ends = [Double(window.lowerBound), Double(window.upperBound)]
                    series.append(ChartSeries(name: Self.windowMean, points: ends.map { ChartSeries.Point(x: $0, y: fit.mean) }))
                    let middle = Double(window.lowerBound + window.upperBound) / 2
                    series.append(
                        ChartSeries(
                            name: Self.fitted, points: ends.map { ChartSeries.Point(x: $0, y: fit.mean + fit.slope * ($0 - middle)) })
                    )
                    let half = abs(fit.mean) * test.range / 2
                    bands.append(
                        ChartBand(
                            name:
                                "measurement window: rounds \(window.lowerBound)–\(window.upperBound), mean ± \(ChartNumber.decimal(test.range * 50, places: 1)) %",
                            x: ends[0]...ends[1], y: (fit.mean - half)...(fit.mean + half)))
                }
            }
            return SmallMultiples.Panel(title: title, series: series, bands: bands)
        }
        let rule =
            "window \(test.size) rounds, range \(ChartNumber.decimal(test.range * 100, places: 1)) %, slope × window "
            + "\(ChartNumber.decimal(test.slope * 100, places: 1)) % of the mean, at most \(maxRounds) rounds"
        return SmallMultiples(
            title: "\(metric) per round until steady", subtitle: rule,
            x: ChartAxis(title: "round", ticks: .dataValues), y: ChartAxis(title: metric, unit: unit), panels: panels,
            sharesYRange: false)
    }
}
