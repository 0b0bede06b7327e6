import SweepModel
/// A collector's time series: one row per report × device, columns as the tool names them.
///
/// iostat, mpstat (one "device" per CPU), vmstat (one device, `all`), `zpool iostat` (one per pool / vdev)
/// and iosweep's diskstats sampler all parse into this shape, so metrics and charts treat them alike.
public struct CollectorSamples: Sendable, Equatable {
    /// One device's values in one report.
    public struct Sample: Sendable, Equatable {
        /// 0-based number of the report the sample belongs to.
        public var report: Int
        /// Seconds (since the epoch, or since midnight for time-only stamps) if the file has timestamps.
        public var time: Double?
        /// Device, CPU (`all`, `0`, …) or pool/vdev name.
        public var device: String
        /// Values aligned with `CollectorSamples.columns`; `nan` where the report has no value.
        public var values: [Double]

        public init(report: Int, time: Double?, device: String, values: [Double]) {
            self.report = report
            self.time = time
            self.device = device
            self.values = values
        }
    }

    /// The collector that wrote the file; its ``Collector/Kind/metricPrefix`` starts the metric names.
    public var collector: Collector.Kind
    /// Column names as the tool's text header spells them (`r/s`, `%util`, …).
    public var columns: [String]
    public var samples: [Sample]
    /// Devices that stand for the whole (mpstat's and vmstat's `all`, the pools of `zpool iostat -v`); `nil`
    /// means every device.
    public var summaryDevices: Set<String>?
    /// Lines that could not be read (the wrong number of values, foreign text), besides a cut-off last line.
    public var skippedLines: Int
    /// The file ended inside its last line or document (no newline after the last line, JSON without its end):
    /// a collector stopped mid-write. The cut-off part was skipped.
    public var isCutOff: Bool
    /// Columns with values written as numbers that are not finite (`nan`, `inf`, `1e400`), with how many: those
    /// values are `nan` in `samples` and left out of means.
    public var nonFiniteValues: [String: Int]
    /// What else the reader could not use, one phrase each (a diskstats file with one sample gives no rate).
    public var gaps: [String] = []

    public init(
        collector: Collector.Kind, columns: [String], samples: [Sample] = [], summaryDevices: Set<String>? = nil,
        skippedLines: Int = 0, isCutOff: Bool = false, nonFiniteValues: [String: Int] = [:]
    ) {
        self.collector = collector
        self.columns = columns
        self.samples = samples
        self.summaryDevices = summaryDevices
        self.skippedLines = skippedLines
        self.isCutOff = isCutOff
        self.nonFiniteValues = nonFiniteValues
    }

    /// What was skipped or left out of this collector's file, one phrase each (empty when it was read whole).
    public var damage: [String] {
        var parts: [String] = []
        if isCutOff {
            parts.append("\(collector.metricPrefix): cut off (stopped mid-write): its incomplete last line or document is skipped")
        }
        if skippedLines > 0 {
            parts.append(
                "\(collector.metricPrefix): \(skippedLines) unreadable line(s) skipped (wrong number of values, or not \(collector.metricPrefix) output)"
            )
        }
        return parts + gaps.map { "\(collector.metricPrefix): \($0)" }
    }

    /// The same samples with devices renamed by `names` (`loop3` → `scratch0`); names not in it are kept.
    public func renamingDevices(_ names: [String: String]) -> CollectorSamples {
        guard !names.isEmpty else { return self }
        var renamed = self
        for index in renamed.samples.indices {
            if let name = names[renamed.samples[index].device] { renamed.samples[index].device = name }
        }
        renamed.summaryDevices = summaryDevices.map { Set($0.map { names[$0] ?? $0 }) }
        return renamed
    }

    /// Device names in order of first appearance.
    public var devices: [String] {
        var seen = Set<String>()
        return samples.compactMap { seen.insert($0.device).inserted ? $0.device : nil }
    }

    /// Seconds from the first report to each report: from timestamps when every sample has one,
    /// otherwise `report × interval` (files without timestamps are assumed `interval` seconds apart).
    public func offsets(interval: Double) -> [Double] {
        if let first = samples.first?.time, samples.allSatisfy({ $0.time != nil }) {
            return samples.map { $0.time! - first }
        }
        return samples.map { Double($0.report) * interval }
    }

    /// The mean of `column` per device over the samples at least `warmup` seconds after the first
    /// report (`nan` and infinite values skipped). Devices with no sample left are absent.
    public func means(of column: String, warmup: Double, interval: Double) -> [(device: String, mean: Double)] {
        guard let index = columns.firstIndex(of: column) else { return [] }
        let offsets = offsets(interval: interval)
        var sums: [String: (sum: Double, count: Int)] = [:]
        for (sample, offset) in zip(samples, offsets) where offset >= warmup - 1e-9 {
            guard let value = sample.values[safe: index], value.isFinite else { continue }
            sums[sample.device, default: (0, 0)].sum += value
            sums[sample.device, default: (0, 0)].count += 1
        }
        return devices.compactMap { device in
            guard let entry = sums[device], entry.count > 0 else { return nil }
            return (device, entry.sum / Double(entry.count))
        }
    }

    /// Appends one sample whose values follow `columns`, as read from the file: the first sample sets the
    /// columns, a sample with other columns (a header that changed mid-file) is merged as `append(_:)` merges.
    /// Values that are not finite are counted in ``nonFiniteValues`` and stored as `nan`.
    public mutating func append(_ sample: Sample, columns sampleColumns: [String]) {
        var sample = sample
        countNonFinite(&sample.values, columns: sampleColumns)
        if columns.isEmpty && samples.isEmpty { columns = sampleColumns }
        if sampleColumns == columns {
            samples.append(sample)
        } else {
            append(CollectorSamples(collector: collector, columns: sampleColumns, samples: [sample]))
        }
    }

    /// Appends `other`'s samples (same collector), merging the column lists.
    public mutating func append(_ other: CollectorSamples) {
        if columns != other.columns {
            for column in other.columns where !columns.contains(column) {
                columns.append(column)
                for index in samples.indices { samples[index].values.append(.nan) }
            }
        }
        let mapping = other.columns.map { columns.firstIndex(of: $0)! }
        for sample in other.samples {
            var values = [Double](repeating: .nan, count: columns.count)
            for (from, to) in mapping.enumerated() { values[to] = sample.values[from] }
            samples.append(Sample(report: sample.report, time: sample.time, device: sample.device, values: values))
        }
        if let theirs = other.summaryDevices { summaryDevices = (summaryDevices ?? []).union(theirs) }
        skippedLines += other.skippedLines
        isCutOff = isCutOff || other.isCutOff
        nonFiniteValues.merge(other.nonFiniteValues, uniquingKeysWith: +)
        gaps += other.gaps
    }

    /// Counts the values of `values` (aligned with `columns`) that are not finite, and makes them `nan`.
    mutating func countNonFinite(_ values: inout [Double], columns: [String]) {
        for index in values.indices where !values[index].isFinite {
            nonFiniteValues[columns[safe: index] ?? "?", default: 0] += 1
            values[index] = .nan
        }
    }
}

extension Array {
    subscript(safe index: Int) -> Element? {
        indices.contains(index) ? self[index] : nil
    }
}
