import Foundation
import SweepRecords
import SweepModel

/// Reads one cell's values.
struct CellReader {
    var query: ReportQuery

    func read(_ cell: ResultCell) -> CellReading {
        var outcome = CellReading()
        var sources: [String] = []
        let metrics = query.metrics
        if cell.status == .failed {
            let record = RunLayout.cellRecord
            outcome.problems.append(("cells failed in the run (\(record) status); their values are left empty", cell.path(of: record)))
            outcome.records = [
                ResultRecord(cellID: cell.id, cellPath: cell.path, axes: cell.values, values: metrics.map { _ in nil }, sources: [])
            ]
            return outcome
        }

        // fio groups (a single nil entry when no fio metric is asked for or the file is unusable).
        var groups: [FioGroup?] = [nil]
        var fioFile: String?
        if metrics.contains(where: { if case .fio = $0.source { true } else { false } }) {
            if let name = Self.fioFile(in: cell.files) {
                let path = cell.path(of: name)
                fioFile = path
                sources.append(path)
                do {
                    let report = try FioParser().parse(try FileSystem.bytes(path), file: path)
                    groups = report.rowGroups(perHost: query.perHost)
                    outcome.steadyStateGaveUp = report.groups.contains { $0.value(atPath: "steadystate.attained") == 0 }
                    outcome.problems += report.problems.map { ($0, path) }
                } catch {
                    outcome.problems.append((error.message, path))
                }
            } else {
                outcome.problems.append(("no fio JSON (\(RunLayout.fioOutput)) in the cell", cell.directory))
            }
        }
        outcome.splitByJob = groups.count > 1

        // Collector series, one per collector asked for.
        var series: [Collector.Kind: CollectorSamples] = [:]
        for case .collector(let collector, _) in metrics.map(\.source) where series[collector] == nil {
            let read = Self.readCollector(collector, in: cell, layout: query.iostatLayout)
            if read.sources.isEmpty { outcome.problems.append(("no \(collector.metricPrefix) output in the cell", cell.directory)) }
            sources += read.sources
            outcome.problems += read.unreadable
            outcome.problems += read.damaged
            for metric in metrics {
                guard case .collector(collector, let column) = metric.source else { continue }
                for file in read.nonFinite {
                    guard let count = file.columns[column] else { continue }
                    let message = "\(metric.name): \(count) value(s) not finite (nan, inf, or out of range such as 1e400), left out"
                    outcome.problems.append((message, file.path))
                }
            }
            series[collector] = read.samples
        }

        var devices: [String?] = [nil]
        if query.perDevice {
            var names: [String] = []
            for samples in series.values.sorted(by: { $0.collector.metricPrefix < $1.collector.metricPrefix }) {
                for device in samples.devices where !names.contains(device) { names.append(device) }
            }
            if !names.isEmpty {
                devices = names
                outcome.splitByDevice = true
            }
        }

        for (groupIndex, group) in groups.enumerated() {
            for device in devices {
                var axes = cell.values
                if outcome.splitByJob, let group { axes["job"] = .string(Self.jobLabel(group, index: groupIndex, in: groups)) }
                if let device { axes["device"] = .string(device) }
                var values: [MetricValue?] = []
                var notApplicable = Set<Int>()
                for (index, metric) in metrics.enumerated() {
                    let value = self.value(
                        of: metric, group: group, fioFile: fioFile, series: series, device: device, cell: cell, problems: &outcome.problems)
                    values.append(value)
                    if value == nil, let device, case .collector(let collector, _) = metric.source,
                        let samples = series[collector], !samples.samples.isEmpty, !samples.devices.contains(device)
                    {
                        notApplicable.insert(index)
                    }
                }
                outcome.records.append(
                    ResultRecord(
                        cellID: cell.id, cellPath: cell.path, axes: axes, values: values, sources: sources, notApplicable: notApplicable))
            }
        }
        return outcome
    }

    private func value(
        of metric: Metric, group: FioGroup?, fioFile: String?, series: [Collector.Kind: CollectorSamples], device: String?,
        cell: ResultCell, problems: inout [(message: String, file: String)]
    ) -> MetricValue? {
        switch metric.source {
        case .fio(let path):
            guard let group, let fioFile else { return nil }
            if group.error != 0 {
                problems.append(("fio job \"\(group.name)\" failed with error \(group.error); its values are left empty", fioFile))
                return nil
            }
            guard let number = group.value(atPath: path) else {
                problems.append(("\(metric.name): no number at \(path) in the fio JSON", fioFile))
                return nil
            }
            guard number.isFinite else {
                let what = number.isNaN ? "nan" : "infinite or out of range (such as 1e400)"
                problems.append(("\(metric.name): the number at \(path) in the fio JSON is \(what); left empty", fioFile))
                return nil
            }
            let approximate = group.isApproximate(path: path)
            if approximate {
                problems.append(("\(metric.name) is approximate: jobs merged without json+ bins, percentiles averaged", fioFile))
            }
            return MetricValue(number, isApproximate: approximate)
        case .collector(let collector, let column):
            guard let samples = series[collector], !samples.samples.isEmpty else { return nil }
            guard samples.columns.contains(column) else {
                let known = samples.columns.prefix(30).joined(separator: " ")
                problems.append(
                    ("\(metric.name): the \(collector.metricPrefix) output has no column \"\(column)\" (it has: \(known))", cell.directory))
                return nil
            }
            var means = samples.means(of: column, warmup: query.warmup, interval: query.interval)
            if let device {
                means = means.filter { $0.device == device }
                return means.first.map { MetricValue($0.mean) }
            }
            if let summary = samples.summaryDevices { means = means.filter { summary.contains($0.device) } }
            // Only values that are not finite: that problem names the files already.
            guard !means.isEmpty || samples.nonFiniteValues[column] != nil else {
                problems.append(
                    (
                        "\(metric.name): no \(collector.metricPrefix) sample left after the \(Self.format(query.warmup)) s warmup",
                        cell.directory
                    ))
                return nil
            }
            guard !means.isEmpty else { return nil }
            return MetricValue(means.reduce(0) { $0 + $1.mean } / Double(means.count))
        }
    }

    static func fioFile(in files: [String]) -> String? {
        if files.contains(RunLayout.fioOutput) { return RunLayout.fioOutput }
        return files.first { $0.hasPrefix("fio") && $0.hasSuffix(".json") }
    }

    /// What reading one collector's files in a cell gave.
    struct CollectorRead {
        /// The files' samples merged, devices named as the experiment names them (``ResultCell/deviceNames``);
        /// no samples when no file could be read.
        var samples: CollectorSamples
        /// The collector's files in the cell.
        var sources: [String]
        /// Files that could not be read, with why.
        var unreadable: [(message: String, file: String)] = []
        /// Files read with parts skipped (cut off, lines that are not this collector's output), with what.
        var damaged: [(message: String, file: String)] = []
        /// Files with values that are not finite numbers, with how many per column.
        var nonFinite: [(path: String, columns: [String: Int])] = []
    }

    /// Reads, parses and merges `collector`'s files in `cell`: the one path from files to samples that the
    /// table and the time-series charts share.
    static func readCollector(_ collector: Collector.Kind, in cell: ResultCell, layout: IostatLayout?) -> CollectorRead {
        let files = cell.files.filter { isFile($0, of: collector) }
        let sources = files.map(cell.path(of:))
        var read = CollectorRead(samples: CollectorSamples(collector: collector, columns: []), sources: sources)
        for (file, path) in zip(files, sources) {
            do {
                var parsed = try parse(collector: collector, bytes: try FileSystem.bytes(path), file: path, layout: layout)
                // A file of another host's collector (`c1/mpstat.txt`): its devices are that host's (`c1/all`).
                if let slash = file.firstIndex(of: "/") {
                    let host = file[..<slash]
                    let own = parsed.renamingDevices(cell.deviceNames)
                    parsed = own.renamingDevices(Dictionary(own.devices.map { ($0, "\(host)/\($0)") }, uniquingKeysWith: { a, _ in a }))
                }
                read.damaged += parsed.damage.map { ($0, path) }
                if !parsed.nonFiniteValues.isEmpty { read.nonFinite.append((path, parsed.nonFiniteValues)) }
                if read.samples.columns.isEmpty && read.samples.samples.isEmpty {
                    read.samples = parsed
                } else {
                    read.samples.append(parsed)
                }
            } catch {
                read.unreadable.append((error.message, path))
            }
        }
        read.samples = read.samples.renamingDevices(cell.deviceNames)
        return read
    }

    /// Whether `file` (a name in the cell, or `HOST/NAME` of another host's collector) is `collector`'s output.
    static func isFile(_ file: String, of collector: Collector.Kind) -> Bool {
        let name = file.split(separator: "/").last.map(String.init) ?? file
        return switch collector {
        case .iostat: name.hasPrefix("iostat") && (name.hasSuffix(".txt") || name.hasSuffix(".json") || name.hasSuffix(".log"))
        case .mpstat: name.hasPrefix("mpstat") && (name.hasSuffix(".txt") || name.hasSuffix(".json"))
        case .vmstat: name.hasPrefix("vmstat") && name.hasSuffix(".txt")
        case .zpoolIostat: name.hasPrefix("zpool-iostat") && name.hasSuffix(".txt")
        case .diskstats: name.hasPrefix("diskstats") && name.hasSuffix(".txt")
        case .command: false
        }
    }

    static func parse(
        collector: Collector.Kind, bytes: [UInt8], file: String, layout: IostatLayout?
    ) throws(ResultFileError) -> CollectorSamples {
        switch collector {
        case .iostat:
            if file.hasSuffix(".json") { return try IostatJSONParser().parse(bytes, file: file) }
            return try IostatTextParser(layout: layout).parse(bytes, file: file)
        case .mpstat:
            if bytes.first(where: { $0 > 0x20 }) == UInt8(ascii: "{") { return try MpstatJSONParser().parse(bytes, file: file) }
            return try MpstatTextParser().parse(bytes, file: file)
        case .vmstat: return try VmstatTextParser().parse(bytes, file: file)
        case .zpoolIostat: return try ZpoolIostatParser().parse(bytes, file: file)
        case .diskstats: return try DiskstatsSample.read(bytes, file: file)
        case .command: throw ResultFileError(file: file, "command collectors' output is not read by reports")
        }
    }

    private static func jobLabel(_ group: FioGroup, index: Int, in groups: [FioGroup?]) -> String {
        let sameName = groups.compactMap { $0 }.filter { $0.name == group.name }.count
        var label = sameName > 1 ? "\(group.name)#\(group.groupID)" : group.name
        if let host = group.host { label = host + "/" + label }
        return label
    }

    static func format(_ seconds: Double) -> String {
        Int(exactly: seconds).map(String.init) ?? String(seconds)
    }
}
