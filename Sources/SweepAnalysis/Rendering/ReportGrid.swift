import SweepModel

/// A rectangular grid of header and cells, the common input of the text renderers.
public struct ReportGrid: Sendable, Hashable {
    /// One grid cell.
    public enum Cell: Sendable, Hashable {
        /// An axis value, written as given (`1024`, `hdd`).
        case axis(Value)
        case text(String)
        case number(Double)
        case empty
    }

    /// A line above the table (table format only), e.g. the pivot's metric and unit.
    public var caption: String?
    public var header: [String]
    public var rows: [[Cell]]

    public init(caption: String? = nil, header: [String], rows: [[Cell]]) {
        self.caption = caption
        self.header = header
        self.rows = rows
    }

    /// The tidy table: axis columns then one column per metric; the caption gives the metrics' units.
    public init(_ table: ResultTable) {
        let units = table.metrics.filter { !$0.unit.isEmpty }.map { "\($0.name) in \($0.unit)" }
        self.init(
            caption: units.isEmpty ? nil : "units: " + units.joined(separator: ", "),
            header: table.axes + table.metrics.map(\.name),
            rows: table.records.map { record in
                table.axes.map { axis in record.axes[axis].map(Cell.axis) ?? .empty }
                    + record.values.map { $0.map { .number($0.value) } ?? .empty }
            })
    }

    /// The pivot: first header cell is the rows axis name, then the column values.
    public init(_ pivot: Pivot) {
        let unit = pivot.metric.unit.isEmpty ? "" : " (\(pivot.metric.unit))"
        self.init(
            caption: "\(pivot.metric.name)\(unit), rows \(pivot.rowAxis), columns \(pivot.columnAxis)",
            header: [pivot.rowAxis] + pivot.columnKeys.map(\.text),
            rows: pivot.rowKeys.enumerated().map { index, key in
                [Cell.axis(key)] + pivot.values[index].map { $0.map { .number($0.value) } ?? .empty }
            })
    }
}

extension ReportGrid.Cell {
    /// Whether the cell sorts and aligns as a number.
    var isNumeric: Bool {
        switch self {
        case .number, .empty: true
        case .axis(let value): value.number != nil
        case .text: false
        }
    }
}
