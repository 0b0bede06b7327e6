import SweepModel

/// The output formats of `report`.
public enum ReportFormat: String, Sendable, CaseIterable, Codable {
    /// Aligned columns, human-formatted numbers.
    case table
    /// RFC 4180 CSV, full precision.
    case csv
    /// An array of records (objects), full precision.
    case json
    /// A GitHub-flavoured Markdown table.
    case markdown

    /// Renders the tidy table.
    public func render(_ table: ResultTable) -> String {
        switch self {
        case .json: JSONRecordsRenderer.render(table)
        default: render(ReportGrid(table))
        }
    }

    /// Renders a pivot.
    public func render(_ pivot: Pivot) -> String {
        switch self {
        case .json: JSONRecordsRenderer.render(pivot)
        default: render(ReportGrid(pivot))
        }
    }

    /// Renders a grid (json renders it as records keyed by the header).
    public func render(_ grid: ReportGrid) -> String {
        switch self {
        case .table: TextTableRenderer.render(grid)
        case .csv: CSVRenderer.render(grid)
        case .markdown: MarkdownRenderer.render(grid)
        case .json: JSONRecordsRenderer.render(grid)
        }
    }
}

/// Aligned plain-text columns: text left, numbers right.
public enum TextTableRenderer {
    public static func render(_ grid: ReportGrid) -> String {
        let cells = grid.rows.map { $0.map(text) }
        var widths = grid.header.map(\.count)
        for row in cells {
            for (index, cell) in row.enumerated() where index < widths.count { widths[index] = max(widths[index], cell.count) }
        }
        let numeric = grid.header.indices.map { index in
            grid.rows.allSatisfy { ($0[safe: index] ?? .empty).isNumeric }
        }
        func line(_ row: [String]) -> String {
            row.enumerated().map { index, cell in
                let pad = String(repeating: " ", count: widths[index] - cell.count)
                return numeric[index] ? pad + cell : cell + pad
            }.joined(separator: "  ").trailingSpacesRemoved
        }
        var output = ""
        if let caption = grid.caption { output += caption + "\n" }
        output += line(grid.header) + "\n"
        output += widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ") + "\n"
        for row in cells { output += line(row) + "\n" }
        return output
    }

    private static func text(_ cell: ReportGrid.Cell) -> String {
        switch cell {
        case .axis(let value): value.text
        case .text(let text): text
        case .number(let value): NumberFormat.human(value)
        case .empty: ""
        }
    }
}

/// CSV with a header line; numbers at full precision; missing values are empty fields.
public enum CSVRenderer {
    public static func render(_ grid: ReportGrid) -> String {
        var output = grid.header.map(field).joined(separator: ",") + "\n"
        for row in grid.rows {
            output +=
                row.map { cell in
                    switch cell {
                    case .axis(let value): field(value.text)
                    case .text(let text): field(text)
                    case .number(let value): NumberFormat.exact(value)
                    case .empty: ""
                    }
                }.joined(separator: ",") + "\n"
        }
        return output
    }

    static func field(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingAll("\"", with: "\"\"") + "\""
    }
}

/// A GitHub Markdown table; numbers human-formatted and right-aligned.
public enum MarkdownRenderer {
    public static func render(_ grid: ReportGrid) -> String {
        let numeric = grid.header.indices.map { index in
            grid.rows.allSatisfy { ($0[safe: index] ?? .empty).isNumeric }
        }
        func escape(_ text: String) -> String { text.replacingAll("|", with: "\\|") }
        var output = "| " + grid.header.map(escape).joined(separator: " | ") + " |\n"
        output += "|" + numeric.map { $0 ? " ---: |" : " --- |" }.joined() + "\n"
        for row in grid.rows {
            output +=
                "| "
                + row.map { cell in
                    switch cell {
                    case .axis(let value): escape(value.text)
                    case .text(let text): escape(text)
                    case .number(let value): NumberFormat.human(value)
                    case .empty: ""
                    }
                }.joined(separator: " | ") + " |\n"
        }
        return output
    }
}

/// JSON: an array of objects, one per row, keys from the header, numbers at full precision, missing as `null`.
public enum JSONRecordsRenderer {
    public static func render(_ table: ResultTable) -> String {
        render(ReportGrid(table))
    }

    public static func render(_ pivot: Pivot) -> String {
        render(ReportGrid(pivot))
    }

    public static func render(_ grid: ReportGrid) -> String {
        var output = "[\n"
        for (index, row) in grid.rows.enumerated() {
            let members = zip(grid.header, row).map { key, cell -> String in
                let value: String =
                    switch cell {
                    case .axis(let value): value.number != nil ? value.text : JSONWriter.string(value.text)
                    case .text(let text): JSONWriter.string(text)
                    case .number(let number): number.isFinite ? NumberFormat.exact(number) : "null"
                    case .empty: "null"
                    }
                return JSONWriter.string(key) + ": " + value
            }
            output += "  {" + members.joined(separator: ", ") + "}" + (index == grid.rows.count - 1 ? "\n" : ",\n")
        }
        return output + "]\n"
    }
}

extension String {
    var trailingSpacesRemoved: String {
        var copy = self
        while copy.hasSuffix(" ") { copy.removeLast() }
        return copy
    }

    func replacingAll(_ target: Character, with replacement: String) -> String {
        var output = ""
        for character in self { if character == target { output += replacement } else { output.append(character) } }
        return output
    }
}
