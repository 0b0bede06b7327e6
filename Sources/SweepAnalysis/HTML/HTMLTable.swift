/// A table for the HTML report; cells carry a tone (improved, regressed, noisy) that is also spelled out in
/// the text, so the page reads the same without colour.
public struct HTMLTable: Sendable, Hashable {
    /// One table cell: its text, whether it is a number (right-aligned) and its tone.
    public struct Cell: Sendable, Hashable {
        /// The colour class of a cell; the text says the same in words.
        public enum Tone: String, Sendable, Hashable {
            case plain, improved, regressed, noisy, missing
        }

        public var text: String
        public var isNumeric: Bool
        public var tone: Tone
        /// Shown on hover (the files behind a missing value, the interval of a change).
        public var detail: String

        public init(_ text: String, isNumeric: Bool = false, tone: Tone = .plain, detail: String = "") {
            self.text = text
            self.isNumeric = isNumeric
            self.tone = tone
            self.detail = detail
        }
    }

    public var caption: String
    public var header: [String]
    /// Leading columns rendered as row headers (`<th scope="row">`).
    public var rowHeaderColumns: Int
    public var rows: [[Cell]]

    public init(caption: String = "", header: [String], rowHeaderColumns: Int = 1, rows: [[Cell]]) {
        self.caption = caption
        self.header = header
        self.rowHeaderColumns = rowHeaderColumns
        self.rows = rows
    }

    func html() -> String {
        var html = "<div class=\"scroll\"><table>\n"
        if !caption.isEmpty { html += "<caption>\(XMLText.escaped(caption))</caption>\n" }
        html += "<thead><tr>" + header.map { "<th scope=\"col\">\(XMLText.escaped($0))</th>" }.joined() + "</tr></thead>\n<tbody>\n"
        for row in rows {
            html += "<tr>"
            for (index, cell) in row.enumerated() {
                var classes: [String] = []
                if cell.isNumeric { classes.append("num") }
                if cell.tone != .plain { classes.append(cell.tone.rawValue) }
                let classAttribute = classes.isEmpty ? "" : " class=\"\(classes.joined(separator: " "))\""
                let title = cell.detail.isEmpty ? "" : " title=\"\(XMLText.escaped(cell.detail))\""
                let tag = index < rowHeaderColumns ? "th scope=\"row\"" : "td"
                let close = index < rowHeaderColumns ? "th" : "td"
                html += "<\(tag)\(classAttribute)\(title)>\(XMLText.escaped(cell.text))</\(close)>"
            }
            html += "</tr>\n"
        }
        html += "</tbody>\n</table></div>\n"
        return html
    }
}
