import ArgumentParser
import Foundation
import SweepRecords
import SweepAnalysis

/// The flags `report`, `compare` and `notebook` share: how to read a results tree and what to take from it.
struct ResultSelection: ParsableArguments {
    @Option(help: ArgumentHelp("Path template of a foreign results tree; {name} captures an axis.", valueName: "template"))
    var layout: String?

    @Option(
        name: .customLong("where"),
        help: ArgumentHelp(
            "Keep cells whose AXIS equals VALUE (repeat: same axis = any of, different axes = all).", valueName: "axis=value"))
    var filters: [String] = []

    @Option(
        name: .customLong("metric"),
        help: ArgumentHelp(
            "A metric to show (repeatable; default: \(ResultSelection.defaultMetrics.joined(separator: ", "))).", valueName: "metric"))
    var metrics: [String] = []

    @Option(help: ArgumentHelp("Seconds of collector samples to drop at the start of each cell.", valueName: "seconds"))
    var warmup: Double = 0

    @Option(help: ArgumentHelp("Seconds between samples in collector files without timestamps.", valueName: "seconds"))
    var interval: Double = 1

    @Flag(help: "One row per device for collector metrics instead of the mean over devices.")
    var perDevice = false

    @Flag(help: "For fio client/server output, one row per server (job column host:port/job) instead of All clients.")
    var perHost = false

    static let defaultMetrics = ["read.iops", "write.iops", "read.lat.mean", "write.lat.mean"]

    func validate() throws {
        guard warmup >= 0, warmup.isFinite else { throw ValidationError("--warmup must be 0 or more seconds") }
        guard interval > 0, interval.isFinite else { throw ValidationError("--interval must be more than 0 seconds") }
        for filter in filters where !filter.contains("=") || filter.hasPrefix("=") {
            throw ValidationError("--where takes AXIS=VALUE, not \"\(filter)\"")
        }
        for name in metrics {
            do { _ = try Metric(parsing: name) } catch { throw ValidationError(error.description) }
        }
        if let layout {
            do { _ = try LayoutTemplate(layout) } catch { throw ValidationError(error.description) }
        }
    }

    /// The query the flags describe.
    func query() throws -> ReportQuery {
        ReportQuery(
            metrics: try (metrics.isEmpty ? Self.defaultMetrics : metrics).map { name throws -> Metric in
                do { return try Metric(parsing: name) } catch let error as MetricError { throw OutputWriter.usageError(error.description) }
            },
            filters: filters.map { filter in
                let parts = filter.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                return (String(parts[0]), String(parts[1]))
            },
            warmup: warmup, interval: interval, perDevice: perDevice, perHost: perHost)
    }

    /// Loads the results at `path` and builds its tidy table; a tree that cannot be read or a `--where` on an
    /// unknown axis is a usage error.
    func load(_ path: String, query: ReportQuery) throws -> (tree: ResultTree, table: ResultTable) {
        let tree: ResultTree
        do {
            let layout = try self.layout.map { text throws -> LayoutTemplate in try LayoutTemplate(text) }
            tree = try ResultsLoader(layout: layout).load(path)
        } catch let error as LayoutTemplateError {
            throw OutputWriter.usageError(error.description)
        } catch let error as ResultFileError {
            throw OutputWriter.usageError(error.description)
        }
        let builder = ResultTableBuilder(query: query)
        let unknown = builder.unknownFilterAxes(in: tree)
        guard unknown.isEmpty else {
            throw OutputWriter.usageError(
                "--where: no axis \(unknown.joined(separator: ", ")) in \(path) (axes: \((tree.axes + ["job", "device"]).joined(separator: ", ")))"
            )
        }
        return (tree, builder.build(tree))
    }
}

/// Output formats of `report` and `compare`: the text formats of `ReportFormat`, plus a self-contained HTML page.
enum OutputFormat: String, CaseIterable, ExpressibleByArgument {
    case table, csv, json, markdown, html

    /// The text format, `nil` for html.
    var text: ReportFormat? { ReportFormat(rawValue: rawValue) }
}

/// Writing results and messages.
enum OutputWriter {
    /// Writes `text` to `path` (atomically, creating missing parent directories), or to standard output
    /// without one.
    static func write(_ text: String, to path: String?) throws {
        guard let path else {
            print(text, terminator: "")
            return
        }
        let url = URL(fileURLWithPath: path)
        do {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url, options: .atomic)
        } catch {
            printError("error: cannot write \(path): \(error.localizedDescription)")
            throw ExitStatus.failure
        }
    }

    /// A usage problem found while running (a path that is not a results tree, an axis the results lack):
    /// printed as `error: …` on standard error, exit status 64, without the root command's usage line that
    /// a `ValidationError` thrown from `run()` would get.
    static func usageError(_ message: String) -> ExitCode {
        printError(message.contains("error: ") ? message : "error: \(message)")
        return ExitCode(64)
    }

    static func printError(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}
