import SweepModel

/// The axes a chart of results uses: x, one line per value of `series`, one chart per combination of `facets`.
public struct ChartAxesChoice: Sendable, Hashable {
    public var x: String
    public var series: String?
    public var facets: [String]

    /// Picks the axes for charts over `axes` whose values are `values(axis)`: x is `preferredX`, else
    /// `numjobs`, else the numeric axis with the most values; the series axis is `preferredSeries`, else the
    /// varying axis with the fewest values; every other varying axis becomes a facet. `nil` when nothing varies.
    public static func choose(
        axes: [String], values: (String) -> [Value], preferredX: String? = nil,
        preferredSeries: String? = nil, ignoring: Set<String> = []
    ) -> ChartAxesChoice? {
        let varying = axes.filter { !ignoring.contains($0) && values($0).count > 1 }
        let x: String
        if let preferredX, axes.contains(preferredX) {
            x = preferredX
        } else if varying.contains("numjobs") {
            x = "numjobs"
        } else if let numeric = varying.filter({ values($0).allSatisfy { $0.number != nil } }).max(by: {
            values($0).count < values($1).count
        }) {
            x = numeric
        } else if let first = varying.first {
            x = first
        } else {
            return nil
        }
        let rest = varying.filter { $0 != x }
        // Lines per value of a numeric axis (pool width) read best; text axes (media) make separate charts.
        let numeric = rest.filter { values($0).allSatisfy { $0.number != nil } }
        let series =
            preferredSeries.flatMap { rest.contains($0) ? $0 : nil }
            ?? (numeric.isEmpty ? rest : numeric).min { values($0).count < values($1).count }
        return ChartAxesChoice(x: x, series: series, facets: rest.filter { $0 != series })
    }
}

/// Charts of result tables and comparisons, ready for `--chart`, the HTML report and `compare`.
public enum ResultCharts {
    /// The x axis for matrix values: log₂ for doubling sweeps (1, 2, 4 … 1024), linear with ticks at the values
    /// for other numbers, evenly spaced categories for text. Returns the axis and the position of each value.
    public static func xAxis(_ name: String, values: [Value]) -> (axis: ChartAxis, position: @Sendable (Value) -> Double?) {
        let numbers = values.compactMap(\.number)
        if numbers.count == values.count, !numbers.isEmpty {
            let doubling = numbers.count >= 3 && numbers.allSatisfy { $0 > 0 && $0.rounded() == $0 && Int($0).nonzeroBitCount == 1 }
            let axis = ChartAxis(title: name, scale: doubling ? .log2 : .linear, ticks: numbers.count <= 16 ? .dataValues : .automatic)
            return (axis, { $0.number })
        }
        let labels = values.map(\.text)
        let axis = ChartAxis(title: name, ticks: .fixed(labels.enumerated().map { ChartAxis.Tick(Double($0), label: $1) }))
        return (axis, { value in labels.firstIndex(of: value.text).map(Double.init) })
    }

    /// Line charts of metric `metric` of `table`: one per facet combination, repeats averaged.
    public static func lineCharts(
        _ table: ResultTable, metric: Int, choice: ChartAxesChoice, logY: Bool = false,
        repeatAxis: String = "repeat"
    ) -> [LineChart] {
        guard let definition = table.metrics[safe: metric] else { return [] }
        let points = table.records.compactMap { record -> (Settings, Double)? in
            guard let value = record.values[safe: metric] ?? nil, value.value.isFinite else { return nil }
            return (record.axes, value.value)
        }
        return charts(points: points, axes: table.axes, values: table.values(of:), choice: choice) { facet, series, xAxis in
            LineChart(
                title: definition.name + (facet.isEmpty ? "" : " — \(facet)"), x: xAxis,
                y: ChartAxis(title: definition.name, unit: definition.unit, scale: logY ? .log10 : .linear, includesZero: !logY),
                legendTitle: choice.series ?? "", series: series)
        }
    }

    /// % change charts of metric `metric` of `comparison`, one per facet combination, with a zero line.
    public static func changeCharts(_ comparison: Comparison, metric: Int, choice: ChartAxesChoice) -> [LineChart] {
        guard let definition = comparison.metrics[safe: metric] else { return [] }
        let points = comparison.cells.compactMap { cell -> (Settings, Double)? in
            guard let change = cell.changes[safe: metric] ?? nil, change.estimate.percentChange.isFinite else { return nil }
            return (cell.axes, change.estimate.percentChange)
        }
        let better: String
        switch definition.direction {
        case .higherIsBetter: better = "higher is better"
        case .lowerIsBetter: better = "lower is better"
        case .neutral: better = ""
        }
        let subtitle = [comparison.sidesDescription, better].filter { !$0.isEmpty }.joined(separator: "; ")
        return charts(points: points, axes: comparison.axes, values: comparison.values(of:), choice: choice) { facet, series, xAxis in
            var chart = LineChart.percentChange(
                title: "\(definition.name) % change" + (facet.isEmpty ? "" : " — \(facet)"), subtitle: subtitle, x: xAxis,
                legendTitle: choice.series ?? "", series: series)
            chart.y.title = "change of \(definition.name)"
            return chart
        }
    }

    /// Groups points by facet and series, averages repeats per x, and builds one chart per facet.
    private static func charts(
        points: [(Settings, Double)], axes: [String], values: (String) -> [Value], choice: ChartAxesChoice,
        make: (String, [ChartSeries], ChartAxis) -> LineChart
    ) -> [LineChart] {
        let (xAxis, position) = xAxis(choice.x, values: values(choice.x))
        let seriesKeys: [Value?] = choice.series.map { values($0).map(Optional.some) } ?? [nil]
        var facetKeys: [[Value]] = [[]]
        for facet in choice.facets { facetKeys = facetKeys.flatMap { prefix in values(facet).map { prefix + [$0] } } }
        return facetKeys.compactMap { facetKey in
            let inFacet = points.filter { point in zip(choice.facets, facetKey).allSatisfy { point.0[$0] == $1 } }
            guard !inFacet.isEmpty else { return nil }
            let series = seriesKeys.compactMap { seriesKey -> ChartSeries? in
                let matching = inFacet.filter { point in choice.series.map { point.0[$0] == seriesKey } ?? true }
                var sums: [Double: (sum: Double, count: Int)] = [:]
                for point in matching {
                    guard let xValue = point.0[choice.x], let x = position(xValue) else { continue }
                    sums[x, default: (0, 0)].sum += point.1
                    sums[x, default: (0, 0)].count += 1
                }
                guard !sums.isEmpty else { return nil }
                let chartPoints = sums.keys.sorted().map { x in
                    ChartSeries.Point(x: x, y: sums[x].map { $0.sum / Double($0.count) })
                }
                return ChartSeries(name: seriesKey?.text ?? choice.x, points: chartPoints)
            }
            let facet = zip(choice.facets, facetKey).map { "\($0)=\($1.text)" }.joined(separator: ", ")
            return make(facet, series, xAxis)
        }
    }
}
