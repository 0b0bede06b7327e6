import SweepRecords
import SweepModel

/// The tidy table of a report: one record per cell (per fio job group when a cell has several,
/// per device with `perDevice`), axis values first, then one value per metric.
///
/// This is the value `report`, `compare`, charts and exports are built on.
public struct ResultTable: Sendable {
    /// Column names of the axis part: the tree's axes, then `job` and/or `device` when records are split by them.
    public var axes: [String]
    public var metrics: [Metric]
    public var records: [ResultRecord]
    /// Everything that went wrong without stopping the report, each naming its files.
    public var warnings: [AnalysisWarning]
    /// The cells read whose fio steady state (`ss`) gave up.
    public var steadyState: FioSteadyStateNotice

    public init(
        axes: [String], metrics: [Metric], records: [ResultRecord], warnings: [AnalysisWarning] = [],
        steadyState: FioSteadyStateNotice = FioSteadyStateNotice(cells: [])
    ) {
        self.axes = axes
        self.metrics = metrics
        self.records = records
        self.warnings = warnings
        self.steadyState = steadyState
    }

    /// Whether any record lacks a value it should have (a `--per-device` row's metrics of collectors that
    /// do not sample that device are not missing).
    public var hasMissingValues: Bool {
        records.contains { record in record.values.indices.contains { record.values[$0] == nil && !record.notApplicable.contains($0) } }
    }

    /// The distinct values of `axis`, sorted (numbers numerically, before text).
    public func values(of axis: String) -> [Value] {
        Array(Set(records.compactMap { $0.axes[axis] })).sorted(by: Value.axisOrder)
    }
}

/// One row of a `ResultTable`.
public struct ResultRecord: Sendable, Hashable {
    /// The cell's id.
    public var cellID: String
    /// The cell's directory relative to the results root.
    public var cellPath: String
    /// Axis values (plus `job` / `device` when the table is split by them).
    public var axes: Settings
    /// Values aligned with `ResultTable.metrics`; `nil` where missing.
    public var values: [MetricValue?]
    /// Files the values were read from.
    public var sources: [String]
    /// Indices of the metrics that have no value by design: in a `--per-device` row, those of collectors
    /// that do not sample the row's device (vmstat on a CPU row, iostat on mpstat's `all`).
    public var notApplicable: Set<Int>

    public init(
        cellID: String, cellPath: String, axes: Settings, values: [MetricValue?], sources: [String], notApplicable: Set<Int> = []
    ) {
        self.cellID = cellID
        self.cellPath = cellPath
        self.axes = axes
        self.values = values
        self.sources = sources
        self.notApplicable = notApplicable
    }
}

extension Value {
    /// Sort order for axis values: numbers numerically (1, 2, 4 … 1024), then booleans, then text.
    public static func axisOrder(_ lhs: Value, _ rhs: Value) -> Bool {
        switch (lhs.number, rhs.number) {
        case (let a?, let b?): return a < b
        case (.some, nil): return true
        case (nil, .some): return false
        case (nil, nil): return lhs.text.localizedStandardLess(rhs.text)
        }
    }

    /// The value as a number, for integers and decimals.
    public var number: Double? {
        switch self {
        case .int(let v): Double(v)
        case .double(let v): v
        default: nil
        }
    }

    /// Whether a `--where` value written as text selects this value (`4` matches `4` and `4.0`).
    public func matches(text: String) -> Bool {
        if self.text == text { return true }
        if let number, let other = NumberParser.parse(text) { return number == other }
        return false
    }
}

extension String {
    /// Natural order without Foundation: digit runs compare as numbers.
    func localizedStandardLess(_ other: String) -> Bool {
        var a = self[...], b = other[...]
        while let x = a.first, let y = b.first {
            if x.isNumber, y.isNumber {
                let da = a.prefix(while: \.isNumber), db = b.prefix(while: \.isNumber)
                if let na = Int(da), let nb = Int(db), na != nb { return na < nb }
                if da != db { return da < db }
                a = a.dropFirst(da.count)
                b = b.dropFirst(db.count)
            } else {
                if x != y { return x < y }
                a = a.dropFirst()
                b = b.dropFirst()
            }
        }
        return a.isEmpty && !b.isEmpty
    }
}
