import ArgumentParser
import Foundation
import SweepAnalysis

extension IOSweep {
    /// `iosweep report`: tables of fio and collector metrics from a run directory or any results tree.
    struct Report: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Turn fio JSON and collector output into a tidy table or a pivot.",
            discussion: """
                PATH is an iosweep run directory (cells are the directories holding cell.json) or, with
                --layout, any results tree: '{rate}/{branch}/{disks}-{media}/fio-{numjobs}-jobs'.
                Metrics: fio paths below the job (write.iops, write.lat_ns.mean,
                write.clat_ns.percentile.99.000000), aliases (write.lat.mean, write.clat.p99), collector
                columns (iostat.%util, iostat.w/s, mpstat.usr, zpool.write-ops, diskstats.%util).
                Missing values are empty cells and a warning naming the files; the exit status is then 1.
                """)

        static let defaultMetrics = ["read.iops", "write.iops", "read.lat.mean", "write.lat.mean"]

        @Argument(help: "A run directory, or a results tree with --layout.")
        var path: String

        @Option(help: ArgumentHelp("Path template of a foreign results tree; {name} captures an axis.", valueName: "template"))
        var layout: String?

        @Option(
            name: .customLong("where"),
            help: ArgumentHelp("Keep cells whose AXIS equals VALUE (repeat: same axis = any of, different axes = all).", valueName: "axis=value"))
        var filters: [String] = []

        @Option(
            name: .customLong("metric"),
            help: ArgumentHelp("A metric to show (repeatable; default: \(defaultMetrics.joined(separator: ", "))).", valueName: "metric"))
        var metrics: [String] = []

        @Option(help: ArgumentHelp("Pivot: the axis down the rows (needs --columns).", valueName: "axis"))
        var rows: String?

        @Option(help: ArgumentHelp("Pivot: the axis across the columns (needs --rows).", valueName: "axis"))
        var columns: String?

        @Option(help: ArgumentHelp("Seconds of collector samples to drop at the start of each cell.", valueName: "seconds"))
        var warmup: Double = 0

        @Option(help: ArgumentHelp("Seconds between samples in collector files without timestamps.", valueName: "seconds"))
        var interval: Double = 1

        @Flag(help: "One row per device for collector metrics instead of the mean over devices.")
        var perDevice = false

        @Option(help: ArgumentHelp("Output format: table, csv, json or markdown.", valueName: "format"))
        var format: ReportFormat = .table

        @Option(name: [.short, .long], help: ArgumentHelp("Write to FILE instead of standard output.", valueName: "file"))
        var output: String?

        func validate() throws {
            if (rows == nil) != (columns == nil) { throw ValidationError("--rows and --columns go together") }
            if rows != nil, metrics.count > 1 { throw ValidationError("a pivot shows one metric: give a single --metric") }
            if rows != nil, metrics.isEmpty { throw ValidationError("a pivot needs --metric") }
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

        func run() async throws {
            let layout = try self.layout.map { text throws -> LayoutTemplate in try LayoutTemplate(text) }
            let query = ReportQuery(
                metrics: try (metrics.isEmpty ? Self.defaultMetrics : metrics).map { try Metric(parsing: $0) },
                filters: filters.map { filter in
                    let parts = filter.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                    return (String(parts[0]), String(parts[1]))
                },
                warmup: warmup, interval: interval, perDevice: perDevice)
            let tree: ResultTree
            do {
                tree = try ResultsLoader(layout: layout).load(path)
            } catch {
                throw ValidationError(error.description)
            }
            let builder = ResultTableBuilder(query: query)
            let unknown = builder.unknownFilterAxes(in: tree)
            guard unknown.isEmpty else {
                throw ValidationError(
                    "--where: no axis \(unknown.joined(separator: ", ")) (axes: \((tree.axes + ["job", "device"]).joined(separator: ", ")))")
            }
            let table = builder.build(tree)
            let text: String
            if let rows, let columns {
                do {
                    text = format.render(try Pivot(table, rows: rows, columns: columns, metric: query.metrics[0]))
                } catch {
                    throw ValidationError(error.description)
                }
            } else {
                text = format.render(table)
            }
            for warning in table.warnings { Self.printError(warning.description) }
            if let output {
                do {
                    try Data(text.utf8).write(to: URL(fileURLWithPath: output), options: .atomic)
                } catch {
                    Self.printError("error: cannot write \(output): \(error.localizedDescription)")
                    throw ExitStatus.failure
                }
            } else {
                print(text, terminator: "")
            }
            if table.hasMissingValues || table.records.isEmpty {
                Self.printError("warning: \(table.records.isEmpty ? "no cells" : "some values are missing"); exit status 1")
                throw ExitStatus.failure
            }
        }

        private static func printError(_ line: String) {
            FileHandle.standardError.write(Data((line + "\n").utf8))
        }
    }
}

extension ReportFormat: ExpressibleByArgument {}
