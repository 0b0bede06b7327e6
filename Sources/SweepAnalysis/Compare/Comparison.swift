import SweepModel

/// Two sets of results compared cell by cell: the % change `100 × (new − base) / base` of every metric,
/// with a confidence interval and a verdict when cells have repeats.
///
/// Cells are matched on the axes both sides have, except the repeat axis (its values are repetitions
/// of one cell) and axes that tell the sides apart (`branch` = `master` on one side, `project` on the other).
/// Several tables per side (several runs) pool their records as repeats.
public struct Comparison: Sendable {
    /// How the comparison treats repeats and noise.
    public struct Options: Sendable, Hashable {
        /// The axis whose values are repetitions of one cell.
        public var repeatAxis: String
        /// Use a seeded percentile bootstrap of the ratio of the means instead of Fieller's interval.
        public var bootstrap: Bool
        /// A side is noisy when its coefficient of variation exceeds this fraction.
        public var noiseThreshold: Double
        /// A change between single values smaller than this fraction is ``Verdict/withinThreshold``, not improved
        /// or regressed (storage benchmarks vary by a few % from run to run). With repeats the interval decides.
        public var threshold: Double
        public var confidenceLevel: Double

        /// The default ``threshold``: 5 %, the low end of what benchmark tools use (5–10 %).
        public static let defaultThreshold = 0.05

        public init(
            repeatAxis: String = "repeat", bootstrap: Bool = false,
            noiseThreshold: Double = SampleSummary.defaultNoiseThreshold, threshold: Double = defaultThreshold,
            confidenceLevel: Double = 0.95
        ) {
            self.repeatAxis = repeatAxis
            self.bootstrap = bootstrap
            self.noiseThreshold = noiseThreshold
            self.threshold = threshold
            self.confidenceLevel = confidenceLevel
        }
    }

    /// An axis with one value on each side, different between them: what the comparison is about.
    public struct SideAxis: Sendable, Hashable {
        public var name: String
        public var base: Value
        public var new: Value
    }

    /// One metric's change in one cell.
    public struct Change: Sendable, Hashable {
        public var estimate: ChangeEstimate
        /// `nil` for metrics without a better direction.
        public var verdict: Verdict?
        /// The base or new measurements vary more than the noise threshold.
        public var isNoisy: Bool
    }

    /// One matched cell.
    public struct Cell: Sendable {
        /// Values of the comparison's `axes`.
        public var axes: Settings
        /// Aligned with `metrics`; `nil` where a side has no value.
        public var changes: [Change?]
        /// Cell directories behind the values, for warnings.
        public var basePaths: [String]
        public var newPaths: [String]
        /// Metric indexes that do not apply to this cell on either side (a collector that does not sample the
        /// row's device): empty by nature, not missing.
        public var notApplicable: Set<Int> = []
    }

    /// The axes cells are matched on, in table order.
    public var axes: [String]
    public var sideAxes: [SideAxis]
    public var metrics: [Metric]
    public var cells: [Cell]
    /// Problems of both sides' tables, and cells found on one side only.
    public var warnings: [AnalysisWarning]
    public var options: Options

    /// Compares the records of `base` with those of `new` (each side one table per run; same metrics).
    public init(base: [ResultTable], new: [ResultTable], options: Options = Options()) {
        self.options = options
        metrics = base.first?.metrics ?? new.first?.metrics ?? []
        // A run on both sides (a repeat given twice) is named once.
        var seenWarnings: Set<AnalysisWarning> = []
        warnings = (base + new).flatMap(\.warnings).filter { seenWarnings.insert($0).inserted }
        let baseRecords = base.flatMap(\.records), newRecords = new.flatMap(\.records)
        let baseAxes = Self.orderedUnion(base.map(\.axes)), newAxes = Set(new.flatMap(\.axes))
        let common = baseAxes.filter { newAxes.contains($0) && $0 != options.repeatAxis }
        sideAxes = common.compactMap { axis in
            let baseValues = Set(baseRecords.compactMap { $0.axes[axis] })
            let newValues = Set(newRecords.compactMap { $0.axes[axis] })
            guard baseValues.count == 1, newValues.count == 1, let b = baseValues.first, let n = newValues.first, b != n else { return nil }
            return SideAxis(name: axis, base: b, new: n)
        }
        let sideNames = Set(sideAxes.map(\.name))
        let axes = common.filter { !sideNames.contains($0) }
        self.axes = axes

        func key(_ record: ResultRecord) -> [Value] { axes.map { record.axes[$0] ?? .string("") } }
        var groups: [[Value]: (base: [ResultRecord], new: [ResultRecord])] = [:]
        for record in baseRecords { groups[key(record), default: ([], [])].base.append(record) }
        for record in newRecords { groups[key(record), default: ([], [])].new.append(record) }
        let keys = groups.keys.sorted { lhs, rhs in
            for (a, b) in zip(lhs, rhs) where a != b { return Value.axisOrder(a, b) }
            return false
        }
        var onlyBase: [String] = [], onlyNew: [String] = []
        let metrics = self.metrics
        cells = keys.map { key in
            let group = groups[key] ?? ([], [])
            if group.new.isEmpty { onlyBase.append(contentsOf: group.base.map(\.cellPath)) }
            if group.base.isEmpty { onlyNew.append(contentsOf: group.new.map(\.cellPath)) }
            let changes = metrics.indices.map { index -> Change? in
                let baseValues = group.base.compactMap { $0.values[safe: index]??.value }
                let newValues = group.new.compactMap { $0.values[safe: index]??.value }
                let estimate =
                    options.bootstrap
                    ? ChangeEstimate(bootstrapping: baseValues, newValues, confidenceLevel: options.confidenceLevel)
                    : ChangeEstimate(base: baseValues, new: newValues, confidenceLevel: options.confidenceLevel)
                guard let estimate else { return nil }
                let direction = metrics[index].direction
                return Change(
                    estimate: estimate,
                    verdict: direction == .neutral
                        ? nil : estimate.verdict(higherIsBetter: direction == .higherIsBetter, threshold: options.threshold),
                    isNoisy: estimate.base.isNoisy(threshold: options.noiseThreshold)
                        || estimate.new.isNoisy(threshold: options.noiseThreshold))
            }
            let records = group.base + group.new
            return Cell(
                axes: Settings(zip(axes, key).map { Settings.Entry(name: $0, value: $1) }), changes: changes,
                basePaths: group.base.map(\.cellPath), newPaths: group.new.map(\.cellPath),
                notApplicable: records.dropFirst().reduce(records.first?.notApplicable ?? []) { $0.intersection($1.notApplicable) })
        }
        if !onlyBase.isEmpty { warnings.append(AnalysisWarning("cells only in the baseline have no change", files: onlyBase)) }
        if !onlyNew.isEmpty { warnings.append(AnalysisWarning("cells only in the new results have no change", files: onlyNew)) }
    }

    /// Whether any cell had repeats on both sides (so intervals and verdicts are tested).
    public var hasRepeats: Bool {
        cells.contains { $0.changes.contains { $0.map { $0.estimate.method != .singleValues } ?? false } }
    }

    /// Whether any cell lacks a change of some metric that applies to it.
    public var hasMissingValues: Bool {
        cells.contains { cell in cell.changes.indices.contains { cell.changes[$0] == nil && !cell.notApplicable.contains($0) } }
    }

    /// The method behind the intervals, for captions (Fieller's theorem, bootstrap, single values), and what
    /// `unbounded` means when a cell has it.
    public var methodDescription: String {
        guard hasRepeats else {
            guard options.threshold > 0 else { return "single values per side: no test, the sign decides" }
            let threshold = ChartNumber.decimal(options.threshold * 100, places: 2)
            return "single values per side: no test, changes below \(threshold) % are within threshold, the sign decides the others"
        }
        let level = ChartNumber.decimal(options.confidenceLevel * 100, places: 1)
        var text =
            options.bootstrap
            ? "\(level) % confidence intervals by a seeded percentile bootstrap of the ratio of the means (10,000 resamples)"
            : "\(level) % confidence intervals by Fieller's theorem for the ratio of the means (Welch–Satterthwaite df)"
        if cells.contains(where: { $0.changes.contains { $0?.estimate.isUnbounded == true } }) {
            text += "; \(Self.unbounded): the baseline mean is not distinguishable from 0, the change is inconclusive"
        }
        return text
    }

    /// "branch: master → project", for titles.
    public var sidesDescription: String {
        sideAxes.map { "\($0.name): \($0.base.text) → \($0.new.text)" }.joined(separator: ", ")
    }

    /// Distinct values of a matched axis, sorted.
    public func values(of axis: String) -> [Value] {
        Array(Set(cells.compactMap { $0.axes[axis] })).sorted(by: Value.axisOrder)
    }

    private static func orderedUnion(_ lists: [[String]]) -> [String] {
        var seen: Set<String> = []
        return lists.joined().filter { seen.insert($0).inserted }
    }
}
