/// Writes SVG (XML) text: elements with escaped attributes and text, numbers with at most two decimals.
struct SVGWriter {
    private(set) var text = ""
    private var depth = 0

    /// Opens `<name …>`; close it with `close(_:)`.
    mutating func open(_ name: String, _ attributes: [(String, String)] = []) {
        line("<\(name)\(Self.attributes(attributes))>")
        depth += 1
    }

    mutating func close(_ name: String) {
        depth -= 1
        line("</\(name)>")
    }

    /// `<name …/>`, or `<name …>text</name>` when `content` is given.
    mutating func element(_ name: String, _ attributes: [(String, String)] = [], content: String? = nil) {
        if let content {
            line("<\(name)\(Self.attributes(attributes))>\(XMLText.escaped(content))</\(name)>")
        } else {
            line("<\(name)\(Self.attributes(attributes))/>")
        }
    }

    /// Appends already well-formed markup (a nested chart), indented.
    mutating func raw(_ markup: String) {
        for markupLine in markup.split(separator: "\n", omittingEmptySubsequences: true) { line(String(markupLine)) }
    }

    private mutating func line(_ content: String) {
        text += String(repeating: "  ", count: max(depth, 0)) + content + "\n"
    }

    private static func attributes(_ attributes: [(String, String)]) -> String {
        attributes.map { " \($0.0)=\"\(XMLText.escaped($0.1))\"" }.joined()
    }

    /// A coordinate: rounded to 0.01, no trailing zeros (`12`, `12.5`, `-0.25`).
    static func number(_ value: Double) -> String {
        guard value.isFinite else { return "0" }
        let hundredths = Int((value * 100).rounded())
        let sign = hundredths < 0 ? "-" : ""
        let magnitude = abs(hundredths)
        let whole = magnitude / 100, fraction = magnitude % 100
        if fraction == 0 { return "\(sign)\(whole)" }
        if fraction % 10 == 0 { return "\(sign)\(whole).\(fraction / 10)" }
        return "\(sign)\(whole).\(fraction < 10 ? "0" : "")\(fraction)"
    }

    /// A list of points for `points=` or a path.
    static func points(_ points: [(Double, Double)]) -> String {
        points.map { "\(number($0.0)),\(number($0.1))" }.joined(separator: " ")
    }
}

/// Escaping for XML and HTML text and attribute values.
public enum XMLText {
    /// `&`, `<`, `>`, `"`, `'` as entities; characters XML 1.0 forbids (most C0 controls) dropped.
    public static func escaped(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&#39;"
            case "\t", "\n", "\r": result.unicodeScalars.append(scalar)
            default:
                let value = scalar.value
                if value < 0x20 || value == 0xFFFE || value == 0xFFFF { continue }
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }
}
