import SweepModel

/// Assembles the HTML pages of `report --format html` and `compare --format html` from tables, charts and
/// the run's `iosweep-run.json`.
public enum ResultPages {
    /// What a page is about, besides its tables.
    public struct Context: Sendable {
        /// The results path(s) as the user gave them.
        public var paths: [String]
        /// The manifest of the run, `nil` for foreign trees.
        public var runInfo: RunInfo?
        /// The x and series axes asked for (`--rows`, `--columns`), if any.
        public var preferredX: String?
        public var preferredSeries: String?
        public var logY: Bool
        /// The per-cell collector time series, if any.
        public var timeSeries: SmallMultiples?
        public var toolVersion: String
        /// The cells the study's rules skipped (adaptive studies), shown in a section of their own.
        public var skipped: SkippedCells
        /// The answers of the study's searches (adaptive studies), one line each.
        public var searches: [String]
        /// The rounds of a steady-state study, drawn as convergence charts.
        public var convergence: SteadyConvergence?

        public init(
            paths: [String], runInfo: RunInfo?, preferredX: String? = nil, preferredSeries: String? = nil,
            logY: Bool = false, timeSeries: SmallMultiples? = nil, toolVersion: String, skipped: SkippedCells = SkippedCells([:]),
            searches: [String] = [], convergence: SteadyConvergence? = nil
        ) {
            self.searches = searches
            self.convergence = convergence
            self.skipped = skipped
            self.paths = paths
            self.runInfo = runInfo
            self.preferredX = preferredX
            self.preferredSeries = preferredSeries
            self.logY = logY
            self.timeSeries = timeSeries
            self.toolVersion = toolVersion
        }
    }

    /// The report page: description and matrix, host, a table and charts per metric, time series, warnings.
    public static func report(_ summary: RepeatSummary, context: Context) -> HTMLReport {
        let table = summary.table
        var sections = [
            experimentSection(context: context, axes: table.axes, values: table.values(of:), cells: table.records.count),
            hostSection(context.runInfo, toolVersion: context.toolVersion),
        ]
        // A study over several machines: each other host's facts under its name.
        for other in context.runInfo?.hosts ?? [] {
            sections.append(.init("Host \(other.name)", other.facts.isEmpty ? [.note("no facts recorded")] : [.facts(other.facts)]))
        }
        let choice = ChartAxesChoice.choose(
            axes: table.axes, values: table.values(of:), preferredX: context.preferredX, preferredSeries: context.preferredSeries)
        for (index, metric) in table.metrics.enumerated() {
            var blocks: [HTMLReport.Block] = []
            if let choice, let series = choice.series {
                for (facet, records) in facets(table.records, axes: choice.facets, values: table.values(of:)) {
                    blocks.append(
                        .table(
                            pivotTable(
                                table, records: records, metric: index, rows: choice.x, columns: series, caption: facet, summary: summary)))
                }
            } else {
                blocks.append(.table(tidyTable(table, metric: index, summary: summary)))
            }
            if let choice {
                for chart in ResultCharts.lineCharts(table, metric: index, choice: choice, logY: context.logY) {
                    blocks.append(.figure(svg: chart.svg(), caption: chart.title + (summary.hasRepeats ? " (means over repeats)" : "")))
                }
            }
            if summary.hasRepeats {
                blocks.append(
                    .note(
                        "Cells marked noisy have a coefficient of variation above \(ChartNumber.decimal(summary.noiseThreshold * 100, places: 1)) % over their repeats."
                    ))
            }
            sections.append(.init(metric.unit.isEmpty ? metric.name : "\(metric.name) (\(metric.unit))", blocks))
        }
        if !context.searches.isEmpty {
            sections.append(
                .init(
                    "What the adaptive rules found",
                    [.paragraph("Each search's answer and each repeated cell's precision, from the published cells.")]
                        + context.searches.map { .paragraph($0) }))
        }
        if let convergence = context.convergence, convergence.cells.contains(where: { !$0.values.isEmpty }) {
            let chart = convergence.chart()
            sections.append(
                .init(
                    "Steady-state convergence",
                    [
                        .paragraph(
                            "\(convergence.metric) per round, per cell. The shaded band is the measurement window: its rounds, and the excursion the range criterion allows around their mean; the tables above report these rounds only."
                        ),
                        .figure(svg: chart.svg(), caption: "\(chart.title), \(chart.subtitle)"),
                    ]))
        }
        if !context.skipped.isEmpty {
            sections.append(
                .init(
                    "Skipped by the study's rules",
                    [.paragraph("These cells did not run: a rule decided from the published results that they were not needed.")]
                        + context.skipped.lines.map { .note($0) }))
        }
        if !table.steadyState.isEmpty {
            sections.append(.init("fio's steady state", [.note(String(table.steadyState.footnote.dropLast()))]))
        }
        if let series = context.timeSeries {
            sections.append(.init("Time series", [.figure(svg: series.svg(), caption: "\(series.title), \(series.subtitle)")]))
        }
        if let warnings = warningsSection(table.warnings + summary.noiseWarnings) { sections.append(warnings) }
        return HTMLReport(
            title: context.runInfo?.experimentName.map { "iosweep report: \($0)" } ?? "iosweep report",
            subtitle: context.paths.joined(separator: ", "), sections: sections, footer: "Generated by iosweep \(context.toolVersion).")
    }

    /// The comparison page: the verdict table first, then per metric the % change charts and both sides' values.
    public static func comparison(_ comparison: Comparison, base: Context, new: Context) -> HTMLReport {
        let choice = ChartAxesChoice.choose(
            axes: comparison.axes, values: comparison.values(of:), preferredX: base.preferredX, preferredSeries: base.preferredSeries)
        var sections: [HTMLReport.Section] = []
        var verdictBlocks: [HTMLReport.Block] = [
            .paragraph(
                "% change = 100 × (new − base) / base. " + (comparison.sidesDescription.isEmpty ? "" : comparison.sidesDescription + ". ")
                    + comparison.methodDescription + ".")
        ]
        verdictBlocks.append(.table(verdictSummary(comparison)))
        for (index, metric) in comparison.metrics.enumerated() {
            if let choice, let series = choice.series {
                for (facet, cells) in facets(comparison.cells.map { ($0.axes, $0) }, axes: choice.facets, values: comparison.values(of:)) {
                    verdictBlocks.append(
                        .table(
                            changeTable(
                                comparison, cells: cells, metric: index, rows: choice.x, columns: series,
                                caption: "\(metric.name) % change" + (facet.isEmpty ? "" : " — \(facet)"))))
                }
            } else {
                verdictBlocks.append(
                    .table(changeTable(comparison, cells: comparison.cells, metric: index, caption: "\(metric.name) % change")))
            }
        }
        sections.append(.init("Verdicts", verdictBlocks))
        for (index, metric) in comparison.metrics.enumerated() {
            var blocks: [HTMLReport.Block] = []
            if let choice {
                for chart in ResultCharts.changeCharts(comparison, metric: index, choice: choice) {
                    blocks.append(.figure(svg: chart.svg(), caption: chart.title))
                }
            }
            blocks.append(.table(valuesTable(comparison, metric: index)))
            sections.append(.init(metric.unit.isEmpty ? metric.name : "\(metric.name) (\(metric.unit))", blocks))
        }
        sections.append(
            experimentSection(
                context: base, axes: comparison.axes, values: comparison.values(of:), cells: comparison.cells.count, heading: "Baseline"))
        sections.append(hostSection(base.runInfo, toolVersion: base.toolVersion, heading: "Baseline host"))
        sections.append(
            experimentSection(
                context: new, axes: comparison.axes, values: comparison.values(of:), cells: comparison.cells.count, heading: "New"))
        sections.append(hostSection(new.runInfo, toolVersion: new.toolVersion, heading: "New host"))
        for (label, series) in [("baseline", base.timeSeries), ("new", new.timeSeries)] {
            if let series {
                sections.append(
                    .init("Time series, \(label)", [.figure(svg: series.svg(), caption: "\(series.title), \(series.subtitle)")]))
            }
        }
        if let warnings = warningsSection(comparison.warnings) { sections.append(warnings) }
        return HTMLReport(
            title: "iosweep compare" + (base.runInfo?.experimentName.map { ": \($0)" } ?? ""),
            subtitle: "\(base.paths.joined(separator: ", ")) → \(new.paths.joined(separator: ", "))", sections: sections,
            footer: "Generated by iosweep \(base.toolVersion).")
    }

    // MARK: Sections

    private static func experimentSection(
        context: Context, axes: [String], values: (String) -> [Value], cells: Int,
        heading: String = "Experiment"
    ) -> HTMLReport.Section {
        var blocks: [HTMLReport.Block] = []
        if let description = context.runInfo?.description { blocks.append(.paragraph(description)) }
        var facts = [HTMLReport.Fact("results", context.paths.joined(separator: ", "))]
        if let name = context.runInfo?.experimentName { facts.insert(.init("experiment", name), at: 0) }
        let declared = context.runInfo?.axes ?? []
        if declared.isEmpty {
            facts += axes.map { HTMLReport.Fact($0, values($0).map(\.text).joined(separator: ", ")) }
        } else {
            facts += declared.map { HTMLReport.Fact($0.name, $0.values.joined(separator: ", ")) }
        }
        if let repeats = context.runInfo?.repeatCount { facts.append(.init("repeats", String(repeats))) }
        facts.append(.init("cells", String(cells)))
        blocks.append(.facts(facts))
        return .init(heading, blocks)
    }

    private static func hostSection(_ info: RunInfo?, toolVersion: String, heading: String = "Host") -> HTMLReport.Section {
        guard let info else {
            return .init(heading, [.note("No \(RunInfo.fileName): a results tree not written by iosweep run, so the host is unknown.")])
        }
        var facts = info.host
        if let version = info.toolVersion { facts.append(.init("iosweep", version)) }
        if let run = info.runID { facts.append(.init("run id", run)) }
        if let created = info.created { facts.append(.init("created", created)) }
        return .init(heading, facts.isEmpty ? [.note("\(RunInfo.fileName) records no host facts.")] : [.facts(facts)])
    }

    private static func warningsSection(_ warnings: [AnalysisWarning]) -> HTMLReport.Section? {
        guard !warnings.isEmpty else { return nil }
        return .init("Warnings", warnings.map { .note($0.description) })
    }

    // MARK: Tables

    /// Splits items by the values of the facet axes, in axis order; one untitled group without facets.
    private static func facets<Item>(_ items: [(Settings, Item)], axes: [String], values: (String) -> [Value]) -> [(String, [Item])] {
        var keys: [[Value]] = [[]]
        for axis in axes { keys = keys.flatMap { prefix in values(axis).map { prefix + [$0] } } }
        return keys.compactMap { key in
            let matching = items.filter { item in zip(axes, key).allSatisfy { item.0[$0] == $1 } }.map(\.1)
            guard !matching.isEmpty else { return nil }
            return (zip(axes, key).map { "\($0)=\($1.text)" }.joined(separator: ", "), matching)
        }
    }

    private static func facets(_ records: [ResultRecord], axes: [String], values: (String) -> [Value]) -> [(String, [Int])] {
        facets(records.enumerated().map { ($0.element.axes, $0.offset) }, axes: axes, values: values)
    }

    private static func pivotTable(
        _ table: ResultTable, records: [Int], metric: Int, rows: String, columns: String, caption: String,
        summary: RepeatSummary
    ) -> HTMLTable {
        let rowKeys = table.values(of: rows), columnKeys = table.values(of: columns)
        var lookup: [[Value]: Int] = [:]
        for index in records {
            if let row = table.records[index].axes[rows], let column = table.records[index].axes[columns] { lookup[[row, column]] = index }
        }
        let unit = table.metrics[metric].unit
        return HTMLTable(
            caption: [table.metrics[metric].name + (unit.isEmpty ? "" : " (\(unit))"), caption].filter { !$0.isEmpty }.joined(
                separator: " — "),
            header: ["\(rows) \\ \(columns)"] + columnKeys.map(\.text),
            rows: rowKeys.map { row in
                [HTMLTable.Cell(row.text)]
                    + columnKeys.map { column in
                        guard let index = lookup[[row, column]] else { return HTMLTable.Cell("", isNumeric: true, tone: .missing) }
                        return valueCell(table.records[index], index: index, metric: metric, summary: summary)
                    }
            })
    }

    private static func tidyTable(_ table: ResultTable, metric: Int, summary: RepeatSummary) -> HTMLTable {
        HTMLTable(
            caption: table.metrics[metric].name, header: table.axes + [table.metrics[metric].name], rowHeaderColumns: table.axes.count,
            rows: table.records.enumerated().map { index, record in
                table.axes.map { HTMLTable.Cell(record.axes[$0]?.text ?? "") }
                    + [valueCell(record, index: index, metric: metric, summary: summary)]
            })
    }

    private static func valueCell(_ record: ResultRecord, index: Int, metric: Int, summary: RepeatSummary) -> HTMLTable.Cell {
        guard let value = record.values[safe: metric] ?? nil else {
            return HTMLTable.Cell("missing", isNumeric: true, tone: .missing, detail: record.sources.joined(separator: ", "))
        }
        let stats = summary.summaries[safe: index]?[safe: metric] ?? nil
        let noisy = summary.isNoisy(record: index, metric: metric)
        var detail = stats.flatMap { $0.count > 1 ? "n=\($0.count), sd \(NumberFormat.human($0.standardDeviation ?? 0))" : nil } ?? ""
        if let cv = stats?.coefficientOfVariation { detail += ", cv \(NumberFormat.human(cv * 100)) %" }
        return HTMLTable.Cell(
            NumberFormat.human(value.value) + (value.isApproximate ? " ≈" : "") + (noisy ? " (noisy)" : ""), isNumeric: true,
            tone: noisy ? .noisy : .plain, detail: detail)
    }

    private static func changeCell(_ change: Comparison.Change?) -> HTMLTable.Cell {
        guard let change else { return HTMLTable.Cell("", isNumeric: true, tone: .missing) }
        let tone: HTMLTable.Cell.Tone
        switch change.verdict {
        case .improved: tone = .improved
        case .regressed: tone = .regressed
        default: tone = change.isNoisy ? .noisy : .plain
        }
        let estimate = change.estimate
        var detail = "base \(NumberFormat.human(estimate.base.mean)), new \(NumberFormat.human(estimate.new.mean))"
        if let p = estimate.pValue { detail += ", p = \(ChartNumber.label(p))" }
        return HTMLTable.Cell(Comparison.changeText(change), isNumeric: true, tone: tone, detail: detail)
    }

    private static func changeTable(
        _ comparison: Comparison, cells: [Comparison.Cell], metric: Int, rows: String, columns: String,
        caption: String
    ) -> HTMLTable {
        let rowKeys = comparison.values(of: rows), columnKeys = comparison.values(of: columns)
        var lookup: [[Value]: Comparison.Change?] = [:]
        for cell in cells {
            if let row = cell.axes[rows], let column = cell.axes[columns] { lookup[[row, column]] = cell.changes[safe: metric] ?? nil }
        }
        return HTMLTable(
            caption: caption, header: ["\(rows) \\ \(columns)"] + columnKeys.map(\.text),
            rows: rowKeys.map { row in [HTMLTable.Cell(row.text)] + columnKeys.map { changeCell(lookup[[row, $0]] ?? nil) } })
    }

    private static func changeTable(_ comparison: Comparison, cells: [Comparison.Cell], metric: Int, caption: String) -> HTMLTable {
        HTMLTable(
            caption: caption, header: comparison.axes + ["% change"], rowHeaderColumns: comparison.axes.count,
            rows: cells.map { cell in
                comparison.axes.map { HTMLTable.Cell(cell.axes[$0]?.text ?? "") } + [changeCell(cell.changes[safe: metric] ?? nil)]
            })
    }

    /// Counts of verdicts per metric.
    private static func verdictSummary(_ comparison: Comparison) -> HTMLTable {
        HTMLTable(
            caption: "Cells per verdict", header: ["metric"] + Verdict.allCases.map(\.rawValue) + ["noisy", "missing"],
            rows: comparison.metrics.indices.map { index in
                let changes = comparison.cells.map { $0.changes[safe: index] ?? nil }
                let count = { (verdict: Verdict) in changes.filter { $0?.verdict == verdict }.count }
                let verdictCells = Verdict.allCases.map { verdict -> HTMLTable.Cell in
                    let tone: HTMLTable.Cell.Tone
                    switch verdict {
                    case .improved: tone = count(verdict) > 0 ? .improved : .plain
                    case .regressed: tone = count(verdict) > 0 ? .regressed : .plain
                    case .noSignificantChange, .withinThreshold, .inconclusive: tone = .plain
                    }
                    return HTMLTable.Cell(String(count(verdict)), isNumeric: true, tone: tone)
                }
                return [HTMLTable.Cell(comparison.metrics[index].name)] + verdictCells
                    + [
                        HTMLTable.Cell(String(changes.filter { $0?.isNoisy == true }.count), isNumeric: true),
                        HTMLTable.Cell(String(changes.filter { $0 == nil }.count), isNumeric: true),
                    ]
            })
    }

    /// Base mean, new mean and change of one metric per cell.
    private static func valuesTable(_ comparison: Comparison, metric: Int) -> HTMLTable {
        let name = comparison.metrics[metric].name
        return HTMLTable(
            caption: "\(name): baseline and new values", header: comparison.axes + ["base", "new", "% change"],
            rowHeaderColumns: comparison.axes.count,
            rows: comparison.cells.map { cell in
                let change = cell.changes[safe: metric] ?? nil
                return comparison.axes.map { HTMLTable.Cell(cell.axes[$0]?.text ?? "") } + [
                    HTMLTable.Cell(change.map { NumberFormat.human($0.estimate.base.mean) } ?? "", isNumeric: true),
                    HTMLTable.Cell(change.map { NumberFormat.human($0.estimate.new.mean) } ?? "", isNumeric: true),
                    changeCell(change),
                ]
            })
    }
}
