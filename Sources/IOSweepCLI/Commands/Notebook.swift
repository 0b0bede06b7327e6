import ArgumentParser
import Foundation
import SweepAnalysis

extension IOSweep {
    /// `iosweep notebook`: the tidy CSV of a results tree and a Jupyter notebook that charts it.
    struct Notebook: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Export results as a tidy CSV and a Jupyter notebook (pandas + seaborn) that charts them.",
            discussion: """
                Writes OUTPUT (nbformat 4) and, beside it, the tidy CSV it loads (same name, .csv): one row
                per cell, axis columns then one column per metric. The notebook draws each metric against
                --x (default numjobs), one line per --series value, facets for the other axes.
                """)

        @Argument(help: "A run directory, or a results tree with --layout.")
        var path: String

        @OptionGroup var selection: ResultSelection

        @Option(
            help: ArgumentHelp("The x axis of the charts (default: numjobs, else the numeric axis with most values).", valueName: "axis"))
        var x: String?

        @Option(
            help: ArgumentHelp("One line per value of this axis (default: the numeric varying axis with fewest values).", valueName: "axis")
        )
        var series: String?

        @Option(name: [.short, .long], help: ArgumentHelp("The notebook to write (.ipynb).", valueName: "file.ipynb"))
        var output: String

        func validate() throws {
            guard output.hasSuffix(".ipynb") else { throw ValidationError("--output must name an .ipynb file") }
        }

        func run() async throws {
            let query = try selection.query()
            let (_, table) = try selection.load(path, query: query)
            let csvPath = String(output.dropLast(".ipynb".count)) + ".csv"
            let csvName = URL(fileURLWithPath: csvPath).lastPathComponent
            let choice = ChartAxesChoice.choose(
                axes: table.axes, values: table.values(of:), preferredX: x, preferredSeries: series, ignoring: ["repeat"])
            let info = try? RunInfo.load(directory: path)
            let xValues = choice.map { table.values(of: $0.x) } ?? []
            let notebook = AnalysisNotebook(
                title: info?.experimentName.map { "iosweep: \($0)" } ?? "iosweep results: \(URL(fileURLWithPath: path).lastPathComponent)",
                description: info?.description ?? "", csvFileName: csvName, axes: table.axes,
                metrics: table.metrics.map { .init(name: $0.name, unit: $0.unit) }, x: choice?.x, hue: choice?.series,
                facets: choice?.facets ?? [], logX: choice.map { ResultCharts.xAxis($0.x, values: xValues).axis.scale == .log2 } ?? false)
            try OutputWriter.write(ReportFormat.csv.render(table), to: csvPath)
            try OutputWriter.write(notebook.notebook.json(), to: output)
            for warning in table.warnings { OutputWriter.printError(warning.description) }
            if table.hasMissingValues || table.records.isEmpty {
                OutputWriter.printError("warning: \(table.records.isEmpty ? "no cells" : "some values are missing"); exit status 1")
                throw ExitStatus.failure
            }
        }
    }
}
