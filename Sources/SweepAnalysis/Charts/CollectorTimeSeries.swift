import SweepModel
/// Per-cell time series of a collector column as small multiples: one panel per cell, one line per device
/// (scratch disks by the experiment's name, `scratch0`, as `cell.json` binds them).
public enum CollectorTimeSeries {
    /// Reads `collector`'s files in each of `cells` and charts `column` over time.
    ///
    /// - Parameters:
    ///   - interval: seconds between samples in files without timestamps.
    ///   - maxPanels: at most this many cells are drawn (the first ones); the subtitle says so.
    /// - Returns: the chart (`nil` when no cell has the column) and problems naming their files.
    public static func chart(
        cells: [ResultCell], collector: Collector.Kind = .iostat, column: String = "%util", unit: String = "%",
        interval: Double = 1, iostatLayout: IostatLayout? = nil, maxPanels: Int = 36
    ) -> (chart: SmallMultiples?, warnings: [AnalysisWarning]) {
        var panels: [SmallMultiples.Panel] = []
        var unreadable: [String] = []
        var withoutColumn: [String] = []
        var withColumn = 0
        for cell in cells {
            let read = CellReader.readCollector(collector, in: cell, layout: iostatLayout)
            unreadable += read.unreadable.map(\.file)
            let samples = read.samples
            guard !samples.samples.isEmpty else { continue }
            guard let columnIndex = samples.columns.firstIndex(of: column) else {
                withoutColumn.append(cell.directory)
                continue
            }
            withColumn += 1
            guard panels.count < maxPanels else { continue }
            let offsets = samples.offsets(interval: interval)
            let series = samples.devices.map { device in
                ChartSeries(
                    name: device,
                    points: samples.samples.filter { $0.device == device }.compactMap { sample in
                        guard let x = offsets[safe: sample.report], let value = sample.values[safe: columnIndex] else { return nil }
                        return ChartSeries.Point(x: x, y: value.isFinite ? value : nil)
                    })
            }
            let title = cell.values.entries.map { "\($0.name)=\($0.value.text)" }.joined(separator: " ")
            panels.append(.init(title: title.isEmpty ? cell.path : title, series: series))
        }
        var warnings: [AnalysisWarning] = []
        if !unreadable.isEmpty {
            warnings.append(AnalysisWarning("\(collector.metricPrefix) output could not be read for the time series", files: unreadable))
        }
        if !withoutColumn.isEmpty {
            warnings.append(
                AnalysisWarning("\(collector.metricPrefix) output has no column \"\(column)\" for the time series", files: withoutColumn))
        }
        guard !panels.isEmpty else { return (nil, warnings) }
        let subtitle = withColumn > panels.count ? "first \(panels.count) of \(withColumn) cells" : "\(panels.count) cells"
        let chart = SmallMultiples(
            title: "\(collector.metricPrefix) \(column) over time", subtitle: subtitle, x: ChartAxis(title: "time", unit: "s"),
            y: ChartAxis(title: column, unit: unit, includesZero: true), legendTitle: "device", panels: panels)
        return (chart, warnings)
    }
}

extension ReportQuery {
    /// The cells of `tree` the query's filters select (for per-cell time series).
    public func selectedCells(of tree: ResultTree) -> [ResultCell] {
        let axes = Set(tree.axes)
        return tree.cells.filter { selects($0.values, only: axes) }
    }
}
