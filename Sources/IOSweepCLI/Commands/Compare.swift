import ArgumentParser
import Foundation
import SweepAnalysis
import SweepModel

extension IOSweep {
    /// `iosweep compare`: % change from a baseline to new results, cell by cell, with verdicts.
    struct Compare: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Compare two sets of results: % change per cell, improved or regressed.",
            discussion: """
                BASE and NEW are run directories or, with --layout, results trees. The % change is
                100 × (new − base) / base of each metric; its direction (IOPS and bandwidth: higher is better;
                latency, %util, await: lower is better) turns it into improved or regressed.
                Cells match on the axes both sides share; an axis with one value per side that differs
                (branch=master vs branch=project) names the comparison. Repeats — a 'repeat' axis, or more
                runs per side with --base/--new — give a 95 % confidence interval of the % change (Fieller's
                interval of the ratio of the means, or --bootstrap) and a verdict per cell: improved,
                regressed, no significant change, or inconclusive when the baseline mean is not
                distinguishable from 0 (the interval is unbounded); sides whose coefficient of variation is
                above --noise-threshold are flagged noisy. With one value per side there is no test: a change
                smaller than --threshold (default 5 %) is 'within threshold', a larger one improved or regressed
                by its sign; with repeats the interval decides and --threshold plays no part.
                With --rows/--columns: one pivot per metric (with --show-values also the base and new
                pivots); csv blocks are separated by a blank line. Exit status 1 when values are missing.
                """)

        @Argument(help: "The baseline: a run directory, or a results tree with --layout.")
        var base: String

        @Argument(help: "The new results, read like BASE.")
        var new: String

        @Option(
            name: .customLong("base"),
            help: ArgumentHelp("Another run of the baseline (repeatable): its cells count as repeats.", valueName: "path"))
        var moreBase: [String] = []

        @Option(name: .customLong("new"), help: ArgumentHelp("Another run of the new side (repeatable).", valueName: "path"))
        var moreNew: [String] = []

        @OptionGroup var selection: ResultSelection

        @Option(help: ArgumentHelp("Pivot: the axis down the rows (needs --columns).", valueName: "axis"))
        var rows: String?

        @Option(help: ArgumentHelp("Pivot: the axis across the columns (needs --rows).", valueName: "axis"))
        var columns: String?

        @Flag(help: "Show the base and new values beside the % change.")
        var showValues = false

        @Flag(help: "Confidence intervals by a seeded bootstrap of the ratio of the means instead of Fieller's.")
        var bootstrap = false

        @Option(help: ArgumentHelp("Flag cells whose coefficient of variation is above this many percent.", valueName: "percent"))
        var noiseThreshold: Double = 10

        @Option(
            help: ArgumentHelp(
                "With one value per side, a change smaller than this many percent is 'within threshold' (0: the sign decides).",
                valueName: "percent"))
        var threshold: Double = Comparison.Options.defaultThreshold * 100

        @Option(help: ArgumentHelp("The axis whose values are repetitions of a cell.", valueName: "axis"))
        var repeatAxis = "repeat"

        @Option(help: ArgumentHelp("Output format: table, csv, json, markdown or html.", valueName: "format"))
        var format: OutputFormat = .table

        @Option(name: [.short, .long], help: ArgumentHelp("Write to FILE instead of standard output.", valueName: "file"))
        var output: String?

        @Option(help: ArgumentHelp("Also write a % change chart of the first metric as SVG.", valueName: "file.svg"))
        var chart: String?

        func validate() throws {
            if (rows == nil) != (columns == nil) { throw ValidationError("--rows and --columns go together") }
            guard noiseThreshold > 0, noiseThreshold.isFinite else {
                throw ValidationError("--noise-threshold must be more than 0 percent")
            }
            guard threshold >= 0, threshold < 100 else { throw ValidationError("--threshold must be at least 0 and below 100 percent") }
            if format == .html, output == nil { throw ValidationError("--format html needs --output FILE") }
        }

        func run() async throws {
            let query = try selection.query()
            let baseSide = try ([base] + moreBase).map { try selection.load($0, query: query) }
            let newSide = try ([new] + moreNew).map { try selection.load($0, query: query) }
            let comparison = Comparison(
                base: baseSide.map(\.table), new: newSide.map(\.table),
                options: .init(
                    repeatAxis: repeatAxis, bootstrap: bootstrap, noiseThreshold: noiseThreshold / 100, threshold: threshold / 100))
            let text: String
            if let textFormat = format.text {
                text = try render(comparison, format: textFormat)
            } else {
                let page = ResultPages.comparison(
                    comparison, base: context(baseSide, paths: [base] + moreBase, query: query),
                    new: context(newSide, paths: [new] + moreNew, query: query))
                text = page.html()
            }
            if let chart {
                let choice = ChartAxesChoice.choose(
                    axes: comparison.axes, values: comparison.values(of:), preferredX: rows, preferredSeries: columns)
                guard let choice, let svg = ResultCharts.changeCharts(comparison, metric: 0, choice: choice).first?.svg() else {
                    throw OutputWriter.usageError("--chart: no axis varies, nothing to draw")
                }
                if !choice.facets.isEmpty {
                    throw OutputWriter.usageError(
                        "--chart draws one chart, but \(choice.facets.joined(separator: ", ")) still vary: select with --where")
                }
                try OutputWriter.write(svg, to: chart)
            }
            for warning in comparison.warnings { OutputWriter.printError(warning.description) }
            try OutputWriter.write(text, to: output)
            if comparison.hasMissingValues || comparison.cells.isEmpty {
                OutputWriter.printError("warning: \(comparison.cells.isEmpty ? "no cells" : "some changes are missing"); exit status 1")
                throw ExitStatus.failure
            }
        }

        private func render(_ comparison: Comparison, format: ReportFormat) throws -> String {
            guard let rows, let columns else { return format.render(comparison.grid(showValues: showValues)) }
            let contents: [Comparison.PivotContent] = showValues ? [.base, .new, .change] : [.change]
            var blocks: [(metric: String, content: Comparison.PivotContent, text: String)] = []
            for index in comparison.metrics.indices {
                for content in contents {
                    do {
                        let grid = try comparison.pivotGrid(
                            metric: index, rows: rows, columns: columns, content: content,
                            wording: format == .table || format == .markdown)
                        blocks.append((comparison.metrics[index].name, content, format.render(grid)))
                    } catch {
                        throw OutputWriter.usageError(error.description)
                    }
                }
            }
            switch format {
            case .json:
                let items = blocks.map { block in
                    "{\"metric\": \(JSONWriter.string(block.metric)), \"values\": \"\(block.content.rawValue)\", \"records\": "
                        + block.text.trimmingCharacters(in: .whitespacesAndNewlines) + "}"
                }
                return "[\n" + items.joined(separator: ",\n") + "\n]\n"
            case .markdown:
                return blocks.map { block in
                    let grid = try? comparison.pivotGrid(
                        metric: comparison.metrics.firstIndex { $0.name == block.metric } ?? 0, rows: rows, columns: columns,
                        content: block.content, wording: true)
                    return "**\(grid?.caption ?? block.metric)**\n\n" + block.text
                }.joined(separator: "\n")
            default:
                return blocks.map(\.text).joined(separator: "\n")
            }
        }

        private func context(_ side: [(tree: ResultTree, table: ResultTable)], paths: [String], query: ReportQuery) -> ResultPages.Context {
            let cells = side.first.map { query.selectedCells(of: $0.tree) } ?? []
            let series = CollectorTimeSeries.chart(cells: cells, interval: selection.interval)
            for warning in series.warnings { OutputWriter.printError(warning.description) }
            let info: RunInfo?
            do {
                info = try paths.first.flatMap { try RunInfo.load(directory: $0) }
            } catch {
                OutputWriter.printError("warning: \(error)")
                info = nil
            }
            return ResultPages.Context(
                paths: paths, runInfo: info, preferredX: rows, preferredSeries: columns, timeSeries: series.chart,
                toolVersion: IOSweepVersion.current)
        }
    }
}
