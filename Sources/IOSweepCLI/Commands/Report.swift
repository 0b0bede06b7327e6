import ArgumentParser
import SweepModel
import Foundation
import SweepAnalysis
import SweepRunner

extension IOSweep {
    /// `iosweep report`: tables of fio and collector metrics from a run directory or any results tree.
    struct Report: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Turn fio JSON and collector output into a tidy table, a pivot, a chart or an HTML report.",
            discussion: """
                PATH is an iosweep run directory (cells are the directories holding \(RunLayout.cellRecord)) or, with
                --layout, any results tree: '{rate}/{branch}/{disks}-{media}/fio-{numjobs}-jobs'.
                Metrics: fio paths below the job (write.iops, write.lat_ns.mean,
                write.clat_ns.percentile.99.000000), aliases (write.lat.mean, write.clat.p99), collector
                columns (iostat.%util, iostat.w/s, mpstat.%iowait, vmstat.wa, zpool.write-ops, diskstats.%util),
                fio's steady state (ss.attained, ss.slope, ss.max_deviation, ss.duration).
                Cells with a 'repeat' axis are folded to their means with sd and cv; cells whose
                coefficient of variation is above --noise-threshold are flagged noisy.
                --format html writes one self-contained page (tables, SVG charts, iostat time series);
                --chart FILE.svg writes the line chart of the first metric.
                --rows A --columns B pivots each metric (without --metric, each default metric with a non-zero
                value; CSV and JSON take one).
                Missing values are empty cells and a warning naming the files; the exit status is then 1.
                Cells an adaptive study's rules skipped are listed under the table with their reasons (on standard
                error for CSV and JSON, in a section of the HTML); they are not missing values. So are cells where
                fio's own steady state (ss) gave up.
                """)

        @Argument(help: "A run directory, or a results tree with --layout.")
        var path: String

        @OptionGroup var selection: ResultSelection

        @Option(help: ArgumentHelp("Pivot: the axis down the rows (needs --columns); also the charts' x axis.", valueName: "axis"))
        var rows: String?

        @Option(help: ArgumentHelp("Pivot: the axis across the columns (needs --rows); also the charts' lines.", valueName: "axis"))
        var columns: String?

        @Option(help: ArgumentHelp("Output format: table, csv, json, markdown or html.", valueName: "format"))
        var format: OutputFormat = .table

        @Option(name: [.short, .long], help: ArgumentHelp("Write to FILE instead of standard output.", valueName: "file"))
        var output: String?

        @Option(help: ArgumentHelp("Also write a line chart of the first metric as SVG.", valueName: "file.svg"))
        var chart: String?

        @Flag(help: "Logarithmic y axis in charts.")
        var logY = false

        @Option(
            help: ArgumentHelp("Flag cells whose coefficient of variation over repeats is above this many percent.", valueName: "percent"))
        var noiseThreshold: Double = 10

        @Option(help: ArgumentHelp("The axis whose values are repetitions of a cell.", valueName: "axis"))
        var repeatAxis = "repeat"

        func validate() throws {
            if (rows == nil) != (columns == nil) { throw ValidationError("--rows and --columns go together") }
            guard noiseThreshold > 0, noiseThreshold.isFinite else {
                throw ValidationError("--noise-threshold must be more than 0 percent")
            }
            if format == .html, output == nil { throw ValidationError("--format html needs --output FILE") }
        }

        func run() async throws {
            let query = try selection.query()
            let (tree, loaded) = try selection.load(path, query: query)
            var raw = loaded
            let run = RunDirectory(root: path)
            let outcome = AdaptiveOutcome(frozenIn: run)
            // A steady-state study reports each cell's steady window (its measurement window), not its warm-up rounds.
            if let outside = outcome?.outsideSteadyWindows, !outside.isEmpty {
                raw.records.removeAll { outside.contains($0.cellID) }
                raw.steadyState.cells.removeAll { outside.contains($0) }
            }
            let summary = RepeatSummary(raw, repeatAxis: repeatAxis, noiseThreshold: noiseThreshold / 100)
            let table = summary.table
            let skipped = SkippedCells(run.skippedCells())
            let searches = outcome?.lines ?? []
            var text: String
            switch format.text {
            case let textFormat?:
                if let rows, let columns {
                    // One pivot per metric; without --metric, the default metrics that have a non-zero value (a
                    // write-only study shows no table of zero read IOPS).
                    var shown = table.metrics.indices.filter { index in
                        !selection.metrics.isEmpty || table.records.contains { ($0.values[index]?.value ?? 0) != 0 }
                    }
                    if shown.isEmpty { shown = [0] }
                    // A CSV or JSON document holds one table.
                    if textFormat == .csv || textFormat == .json {
                        if selection.metrics.count > 1 {
                            throw OutputWriter.usageError("a \(textFormat.rawValue) pivot shows one metric: give a single --metric")
                        }
                        shown = Array(shown.prefix(1))
                    }
                    do {
                        text = try shown.map { index in
                            textFormat.render(try Pivot(table, rows: rows, columns: columns, metric: table.metrics[index]))
                        }.joined(separator: "\n")
                    } catch {
                        throw OutputWriter.usageError("\(error)")
                    }
                } else {
                    text = summary.hasRepeats ? textFormat.render(summary.grid) : textFormat.render(table)
                }
                // A table for people carries the footnote; a CSV or JSON document stays one document.
                if textFormat == .csv || textFormat == .json {
                    for line in searches { OutputWriter.printError("note: " + line) }
                    if !skipped.isEmpty { OutputWriter.printError("note: " + skipped.footnote.dropLast()) }
                    if !raw.steadyState.isEmpty { OutputWriter.printError("note: " + raw.steadyState.footnote.dropLast()) }
                } else {
                    text += searches.isEmpty ? "" : "\n" + searches.map { $0 + "\n" }.joined()
                    text += skipped.isEmpty ? "" : "\n" + skipped.footnote
                    text += raw.steadyState.isEmpty ? "" : "\n" + raw.steadyState.footnote
                }
            case nil:
                let series = CollectorTimeSeries.chart(cells: query.selectedCells(of: tree), interval: selection.interval)
                for warning in series.warnings { OutputWriter.printError(warning.description) }
                let info: RunInfo?
                do {
                    info = try RunInfo.load(directory: path)
                } catch {
                    OutputWriter.printError("warning: \(error)")
                    info = nil
                }
                let context = ResultPages.Context(
                    paths: [path], runInfo: info, preferredX: rows, preferredSeries: columns, logY: logY,
                    timeSeries: series.chart, toolVersion: IOSweepVersion.current, skipped: skipped,
                    searches: searches, convergence: outcome?.convergence)
                text = ResultPages.report(summary, context: context).html()
            }
            if let chart { try writeChart(table, to: chart) }
            for warning in table.warnings + summary.noiseWarnings { OutputWriter.printError(warning.description) }
            try OutputWriter.write(text, to: output)
            if table.hasMissingValues || table.records.isEmpty {
                OutputWriter.printError("warning: \(table.records.isEmpty ? "no cells" : "some values are missing"); exit status 1")
                throw ExitStatus.failure
            }
        }

        /// The line chart of the first metric; every axis but x and the lines' must be fixed by `--where`.
        private func writeChart(_ table: ResultTable, to path: String) throws {
            guard
                let choice = ChartAxesChoice.choose(axes: table.axes, values: table.values(of:), preferredX: rows, preferredSeries: columns)
            else { throw OutputWriter.usageError("--chart: no axis varies, nothing to draw") }
            guard choice.facets.isEmpty else {
                let hints = choice.facets.map { "--where \($0)=\(table.values(of: $0).first?.text ?? "…")" }.joined(separator: " ")
                throw OutputWriter.usageError(
                    "--chart draws one chart, but \(choice.facets.joined(separator: ", ")) still vary: select one value, e.g. \(hints)")
            }
            guard let svg = ResultCharts.lineCharts(table, metric: 0, choice: choice, logY: logY).first?.svg() else {
                throw OutputWriter.usageError("--chart: \(table.metrics.first?.name ?? "the metric") has no values to draw")
            }
            try OutputWriter.write(svg, to: path)
        }
    }
}

extension ReportFormat: ExpressibleByArgument {}
