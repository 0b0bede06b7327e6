/// A self-contained HTML page: inline CSS, inline SVG, no scripts, no external resources.
///
/// Built from plain blocks so `report` and `compare` assemble their pages from the same pieces.
public struct HTMLReport: Sendable, Hashable {
    /// A labelled value (a host fact, a matrix axis).
    public struct Fact: Sendable, Hashable {
        public var name: String
        public var value: String
        public init(_ name: String, _ value: String) {
            self.name = name
            self.value = value
        }
    }

    /// A piece of a section.
    public enum Block: Sendable, Hashable {
        case paragraph(String)
        /// A short note in a muted colour (warnings, methods).
        case note(String)
        case facts([Fact])
        case table(HTMLTable)
        /// An SVG document from `LineChart` or `SmallMultiples`, embedded inline, with a caption.
        case figure(svg: String, caption: String)
    }

    /// A headed part of the page.
    public struct Section: Sendable, Hashable {
        public var heading: String
        public var blocks: [Block]
        public init(_ heading: String, _ blocks: [Block]) {
            self.heading = heading
            self.blocks = blocks
        }
    }

    public var title: String
    public var subtitle: String
    public var sections: [Section]
    /// The last line of the page (tool and version).
    public var footer: String

    public init(title: String, subtitle: String = "", sections: [Section], footer: String = "") {
        self.title = title
        self.subtitle = subtitle
        self.sections = sections
        self.footer = footer
    }

    /// The page. Same report, same bytes: nothing depends on the clock.
    public func html() -> String {
        var html = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(XMLText.escaped(title))</title>
            <style>
            \(Self.css)
            </style>
            </head>
            <body>
            <header>
            <h1>\(XMLText.escaped(title))</h1>

            """
        if !subtitle.isEmpty { html += "<p class=\"subtitle\">\(XMLText.escaped(subtitle))</p>\n" }
        if sections.count > 2 {
            html += "<nav><ul>\n"
            for (index, section) in sections.enumerated() {
                html += "<li><a href=\"#s\(index + 1)\">\(XMLText.escaped(section.heading))</a></li>\n"
            }
            html += "</ul></nav>\n"
        }
        html += "</header>\n<main>\n"
        for (index, section) in sections.enumerated() {
            html += "<section id=\"s\(index + 1)\">\n<h2>\(XMLText.escaped(section.heading))</h2>\n"
            for block in section.blocks { html += Self.render(block) }
            html += "</section>\n"
        }
        html += "</main>\n"
        if !footer.isEmpty { html += "<footer>\(XMLText.escaped(footer))</footer>\n" }
        html += "</body>\n</html>\n"
        return html
    }

    private static func render(_ block: Block) -> String {
        switch block {
        case .paragraph(let text):
            return "<p>\(XMLText.escaped(text))</p>\n"
        case .note(let text):
            return "<p class=\"note\">\(XMLText.escaped(text))</p>\n"
        case .facts(let facts):
            guard !facts.isEmpty else { return "" }
            return "<dl class=\"facts\">\n"
                + facts.map { "<dt>\(XMLText.escaped($0.name))</dt><dd>\(XMLText.escaped($0.value))</dd>\n" }.joined()
                + "</dl>\n"
        case .table(let table):
            return table.html()
        case .figure(let svg, let caption):
            var body = svg
            if body.hasPrefix("<?xml"), let end = body.firstIndex(of: ">") { body = String(body[body.index(after: end)...]) }
            return "<figure>\n\(body)<figcaption>\(XMLText.escaped(caption))</figcaption>\n</figure>\n"
        }
    }

    static let css = """
        :root { color-scheme: light; --ink: #1f2328; --muted: #57606a; --line: #d0d7de; --zebra: #f6f8fa;
          --good: #dafbe1; --good-ink: #116329; --bad: #ffebe9; --bad-ink: #a40e26; --warn: #fff8c5; }
        * { box-sizing: border-box; }
        body { margin: 0 auto; max-width: 1180px; padding: 24px 28px 48px; color: var(--ink); background: #ffffff;
          font: 15px/1.5 "DejaVu Sans", Helvetica, Arial, sans-serif; }
        h1 { font-size: 26px; margin: 0 0 4px; }
        h2 { font-size: 20px; margin: 36px 0 12px; padding-bottom: 4px; border-bottom: 1px solid var(--line); }
        .subtitle, .note, footer { color: var(--muted); }
        nav ul { display: flex; flex-wrap: wrap; gap: 6px 18px; list-style: none; padding: 0; margin: 12px 0 0; font-size: 14px; }
        a { color: #0969da; }
        dl.facts { display: grid; grid-template-columns: max-content auto; gap: 2px 18px; margin: 0; }
        dl.facts dt { font-weight: bold; }
        dl.facts dd { margin: 0; font-family: "DejaVu Sans Mono", monospace; font-size: 14px; }
        .scroll { overflow-x: auto; margin: 8px 0 16px; }
        table { border-collapse: collapse; font-size: 14px; }
        caption { text-align: left; font-weight: bold; padding: 4px 0; }
        th, td { border: 1px solid var(--line); padding: 3px 9px; white-space: nowrap; }
        th { background: #eaeef2; }
        tbody tr:nth-child(even) td { background: var(--zebra); }
        td.num { text-align: right; font-variant-numeric: tabular-nums; }
        td.improved { background: var(--good) !important; color: var(--good-ink); }
        td.regressed { background: var(--bad) !important; color: var(--bad-ink); }
        td.noisy { background: var(--warn) !important; }
        td.missing { color: var(--muted); }
        figure { margin: 12px 0 24px; }
        figure svg { max-width: 100%; height: auto; display: block; }
        figcaption { color: var(--muted); font-size: 13px; margin-top: 4px; }
        footer { margin-top: 40px; font-size: 13px; }
        @media print { nav { display: none; } h2 { break-after: avoid; } figure { break-inside: avoid; } }
        """
}
