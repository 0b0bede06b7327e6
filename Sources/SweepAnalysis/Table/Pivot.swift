import SweepModel

/// One metric laid out with one axis down and another across (rows numjobs × columns pool width).
public struct Pivot: Sendable {
    public var rowAxis: String
    public var columnAxis: String
    public var metric: Metric
    /// Row keys, sorted (numbers numerically).
    public var rowKeys: [Value]
    /// Column keys, sorted.
    public var columnKeys: [Value]
    /// `values[row][column]`; `nil` where no record has a value.
    public var values: [[MetricValue?]]

    public init(rowAxis: String, columnAxis: String, metric: Metric, rowKeys: [Value], columnKeys: [Value], values: [[MetricValue?]]) {
        self.rowAxis = rowAxis
        self.columnAxis = columnAxis
        self.metric = metric
        self.rowKeys = rowKeys
        self.columnKeys = columnKeys
        self.values = values
    }

    /// Pivots `metric` of `table`. Every other axis must be fixed (by `--where`) so that each
    /// row × column has at most one record; otherwise the error names the axes that still vary.
    public init(_ table: ResultTable, rows: String, columns: String, metric: Metric) throws(PivotError) {
        for axis in [rows, columns] where !table.axes.contains(axis) {
            throw PivotError("no axis \"\(axis)\" (axes: \(table.axes.joined(separator: ", ")))")
        }
        guard rows != columns else { throw PivotError("rows and columns must be different axes") }
        guard let metricIndex = table.metrics.firstIndex(of: metric) else { throw PivotError("the table has no metric \(metric.name)") }
        let rowKeys = table.values(of: rows)
        let columnKeys = table.values(of: columns)
        var values = [[MetricValue?]](repeating: [MetricValue?](repeating: nil, count: columnKeys.count), count: rowKeys.count)
        var seen = [[Bool]](repeating: [Bool](repeating: false, count: columnKeys.count), count: rowKeys.count)
        for record in table.records {
            guard let rowValue = record.axes[rows], let columnValue = record.axes[columns],
                let r = rowKeys.firstIndex(of: rowValue), let c = columnKeys.firstIndex(of: columnValue)
            else { continue }
            if seen[r][c] {
                let varying = table.axes.filter { axis in
                    axis != rows && axis != columns && Set(table.records.compactMap { $0.axes[axis] }).count > 1
                }
                let hint = varying.map { axis in "\(axis) (\(table.values(of: axis).map(\.text).joined(separator: ", ")))" }
                throw PivotError(
                    "several cells for \(rows)=\(rowValue.text), \(columns)=\(columnValue.text): select one with --where for "
                        + (hint.isEmpty ? "the other axes" : hint.joined(separator: "; ")))
            }
            seen[r][c] = true
            values[r][c] = record.values[metricIndex]
        }
        self.init(rowAxis: rows, columnAxis: columns, metric: metric, rowKeys: rowKeys, columnKeys: columnKeys, values: values)
    }

    /// The value at row key `row` and column key `column`.
    public func value(row: Value, column: Value) -> MetricValue? {
        guard let r = rowKeys.firstIndex(of: row), let c = columnKeys.firstIndex(of: column) else { return nil }
        return values[r][c]
    }
}

/// A pivot that cannot be made.
public struct PivotError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}
