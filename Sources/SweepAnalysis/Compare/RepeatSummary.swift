import SweepModel

/// A table whose cells were repeated (a `repeat` axis), folded to one record per cell: the mean of each
/// metric, with its spread and a noise flag (coefficient of variation above a threshold).
public struct RepeatSummary: Sendable {
    /// One record per cell, the repeat axis removed, values the means over the repeats.
    public var table: ResultTable
    /// `summaries[record][metric]`, aligned with `table`.
    public var summaries: [[SampleSummary?]]
    public var repeatAxis: String
    public var noiseThreshold: Double

    /// Folds the repeats of `table`; a table without `repeatAxis` comes back unchanged (one sample per cell).
    public init(_ table: ResultTable, repeatAxis: String = "repeat", noiseThreshold: Double = SampleSummary.defaultNoiseThreshold) {
        self.repeatAxis = repeatAxis
        self.noiseThreshold = noiseThreshold
        let axes = table.axes.filter { $0 != repeatAxis }
        var order: [[Value]] = []
        var groups: [[Value]: [ResultRecord]] = [:]
        for record in table.records {
            let key = axes.map { record.axes[$0] ?? .string("") }
            if groups[key] == nil { order.append(key) }
            groups[key, default: []].append(record)
        }
        var records: [ResultRecord] = []
        var summaries: [[SampleSummary?]] = []
        for key in order {
            let group = groups[key] ?? []
            let perMetric = table.metrics.indices.map { index in
                SampleSummary(group.compactMap { $0.values[safe: index]??.value })
            }
            let approximate = table.metrics.indices.map { index in group.contains { $0.values[safe: index]??.isApproximate == true } }
            summaries.append(perMetric)
            records.append(
                ResultRecord(
                    cellID: group.map(\.cellID).joined(separator: " "), cellPath: group.first?.cellPath ?? "",
                    axes: Settings(zip(axes, key).map { Settings.Entry(name: $0, value: $1) }),
                    values: zip(perMetric, approximate).map { summary, approximate in
                        summary.map { MetricValue($0.mean, isApproximate: approximate) }
                    },
                    sources: group.flatMap(\.sources),
                    notApplicable: group.dropFirst().reduce(group.first?.notApplicable ?? []) { $0.intersection($1.notApplicable) }))
        }
        self.table = ResultTable(
            axes: axes, metrics: table.metrics, records: records, warnings: table.warnings, steadyState: table.steadyState)
        self.summaries = summaries
    }

    /// Whether any cell had more than one measurement.
    public var hasRepeats: Bool {
        summaries.contains { $0.contains { ($0?.count ?? 0) > 1 } }
    }

    /// Whether the measurements of `metric` in record `record` vary more than the threshold.
    public func isNoisy(record: Int, metric: Int) -> Bool {
        summaries[safe: record]?[safe: metric]??.isNoisy(threshold: noiseThreshold) ?? false
    }

    /// Records with at least one noisy metric, as warnings naming the cells.
    public var noiseWarnings: [AnalysisWarning] {
        table.metrics.indices.compactMap { metric in
            let paths = table.records.indices.filter { isNoisy(record: $0, metric: metric) }.map { table.records[$0].cellPath }
            guard !paths.isEmpty else { return nil }
            return AnalysisWarning(
                "\(table.metrics[metric].name) is noisy (coefficient of variation above \(ChartNumber.decimal(noiseThreshold * 100, places: 1)) %) in \(paths.count) cells",
                files: paths)
        }
    }

    /// The tidy table with spread: per metric the mean, the standard deviation, the coefficient of variation
    /// in %, and a last `noisy` column naming the metrics whose CV is above the threshold.
    public var grid: ReportGrid {
        // The count column is "n" unless an axis already has that name.
        var header = table.axes + [table.axes.contains("n") ? "repeats" : "n"]
        for metric in table.metrics { header += [metric.name, "\(metric.name) sd", "\(metric.name) cv %"] }
        header.append("noisy")
        let rows = table.records.indices.map { index -> [ReportGrid.Cell] in
            let record = table.records[index]
            var row = table.axes.map { record.axes[$0].map(ReportGrid.Cell.axis) ?? .empty }
            row.append(.number(Double(summaries[index].compactMap { $0?.count }.max() ?? 0)))
            for summary in summaries[index] {
                row.append(summary.map { .number($0.mean) } ?? .empty)
                row.append(summary?.standardDeviation.map { .number($0) } ?? .empty)
                row.append(summary?.coefficientOfVariation.map { .number($0 * 100) } ?? .empty)
            }
            let noisy = table.metrics.indices.filter { isNoisy(record: index, metric: $0) }.map { table.metrics[$0].name }
            row.append(noisy.isEmpty ? .empty : .text(noisy.joined(separator: " ")))
            return row
        }
        return ReportGrid(
            caption:
                "means over \(repeatAxis); noisy: coefficient of variation above \(ChartNumber.decimal(noiseThreshold * 100, places: 1)) %",
            header: header, rows: rows)
    }
}
