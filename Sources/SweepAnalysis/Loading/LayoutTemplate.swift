import SweepRecords
import SweepModel

/// A results-tree layout such as `{rate}/{branch}/{disks}-{media}/fio-{numjobs}-jobs`.
///
/// Each `/`-separated segment matches one directory name: `{name}` captures a non-empty part of it
/// (the shortest that lets the rest match), literal text must match exactly, and a directory is a
/// cell only when its whole path relative to the root matches, segment for segment.
public struct LayoutTemplate: Sendable, Hashable, CustomStringConvertible {
    /// A piece of one segment.
    public enum Piece: Sendable, Hashable {
        case literal(String)
        case capture(String)
    }

    public let text: String
    /// Pieces per path segment.
    public let segments: [[Piece]]

    /// Parses a template; errors say what is wrong and where.
    public init(_ text: String) throws(LayoutTemplateError) {
        self.text = text
        var trimmed = Substring(text)
        while trimmed.hasSuffix("/") { trimmed = trimmed.dropLast() }
        guard !trimmed.isEmpty else { throw LayoutTemplateError(template: text, "the layout is empty") }
        var names = Set<String>()
        var segments: [[Piece]] = []
        for segment in trimmed.split(separator: "/", omittingEmptySubsequences: false) {
            guard !segment.isEmpty else { throw LayoutTemplateError(template: text, "empty path segment (\"//\" or a leading \"/\")") }
            var pieces: [Piece] = []
            var rest = segment[...]
            while !rest.isEmpty {
                if rest.first == "{" {
                    guard let close = rest.firstIndex(of: "}") else {
                        throw LayoutTemplateError(template: text, "unclosed \"{\" in \"\(segment)\"")
                    }
                    let name = String(rest[rest.index(after: rest.startIndex)..<close])
                    guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }) else {
                        throw LayoutTemplateError(template: text, "invalid axis name \"{\(name)}\": use letters, digits, _ or -")
                    }
                    guard names.insert(name).inserted else { throw LayoutTemplateError(template: text, "axis {\(name)} appears twice") }
                    if case .capture(let previous) = pieces.last {
                        throw LayoutTemplateError(
                            template: text, "{\(previous)}{\(name)} are adjacent: put literal text between them so they can be told apart")
                    }
                    pieces.append(.capture(name))
                    rest = rest[rest.index(after: close)...]
                } else {
                    let literal = rest.prefix(while: { $0 != "{" })
                    guard !literal.contains("}") else { throw LayoutTemplateError(template: text, "unmatched \"}\" in \"\(segment)\"") }
                    pieces.append(.literal(String(literal)))
                    rest = rest.dropFirst(literal.count)
                }
            }
            segments.append(pieces)
        }
        self.segments = segments
    }

    /// The axis names, in template order.
    public var axisNames: [String] {
        segments.flatMap { $0.compactMap { if case .capture(let name) = $0 { name } else { nil } } }
    }

    public var description: String { text }

    /// The captures of directory `name` at depth `depth` (0-based), or `nil` if it does not match.
    public func match(_ name: String, depth: Int) -> [(name: String, value: String)]? {
        guard segments.indices.contains(depth) else { return nil }
        return Self.match(Array(name), from: 0, pieces: segments[depth][...])
    }

    private static func match(_ chars: [Character], from start: Int, pieces: ArraySlice<Piece>) -> [(name: String, value: String)]? {
        guard let piece = pieces.first else { return start == chars.count ? [] : nil }
        switch piece {
        case .literal(let literal):
            let literalChars = Array(literal)
            guard start + literalChars.count <= chars.count, Array(chars[start..<start + literalChars.count]) == literalChars else {
                return nil
            }
            return match(chars, from: start + literalChars.count, pieces: pieces.dropFirst())
        case .capture(let name):
            var end = start + 1
            while end <= chars.count {
                if let rest = match(chars, from: end, pieces: pieces.dropFirst()) {
                    return [(name, String(chars[start..<end]))] + rest
                }
                end += 1
            }
            return nil
        }
    }
}

/// An invalid `--layout` template.
public struct LayoutTemplateError: Error, Sendable, Hashable, CustomStringConvertible {
    public var template: String
    public var message: String

    public init(template: String, _ message: String) {
        self.template = template
        self.message = message
    }

    public var description: String { "invalid layout \"\(template)\": \(message)" }
}

extension Value {
    /// An axis value read from text (a path segment): integers and decimals become numbers, so they sort numerically.
    public init(axisText text: String) {
        if let int = Int(text) {
            self = .int(int)
        } else if text.contains(where: \.isNumber), let double = NumberParser.parse(text), double.isFinite {
            self = .double(double)
        } else {
            self = .string(text)
        }
    }
}
