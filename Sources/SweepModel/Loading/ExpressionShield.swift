import Yams

/// Lets `${…}` expressions stand unquoted anywhere, also inside YAML flow collections
/// (`{ devices: ${disks[:ndisks]}, interval: 1 }`), where `{ } [ ] ,` would otherwise end a plain scalar.
///
/// Before libyaml sees the text, every well-formed `${…}` is swapped for a token of the same length in
/// Unicode scalars, made of private-use characters that YAML treats as ordinary text; after `compose`, the tokens
/// in every scalar are swapped back. Lines and columns are unchanged, so every `Mark` still points at the
/// source as written. This is a lexical step in front of libyaml, not a YAML parser.
struct ExpressionShield {
    private static let tokenStart: Unicode.Scalar = "\u{E000}"
    private static let padding: Unicode.Scalar = "\u{E001}"
    private static let indexBase: UInt32 = 0xE100
    private static let indexLimit = 0x1700  // indices map into U+E100…U+F7FF

    /// The text handed to libyaml.
    let shieldedText: String
    private let originals: [String]

    init(_ text: String) {
        let scalars = Array(text.unicodeScalars)
        // A file that already uses the private-use area is passed through untouched.
        guard !scalars.contains(where: { (0xE000...0xF8FF).contains($0.value) }), text.contains("${") else {
            shieldedText = text
            originals = []
            return
        }
        var out = String.UnicodeScalarView()
        var originals: [String] = []
        var i = 0
        while i < scalars.count {
            let isEscape = i > 0 && scalars[i - 1] == "$"
            if scalars[i] == "$", i + 1 < scalars.count, scalars[i + 1] == "{", !isEscape, originals.count < Self.indexLimit,
                let end = Self.expressionEnd(scalars, from: i)
            {
                let length = end - i
                var original = String.UnicodeScalarView()
                original.append(contentsOf: scalars[i..<end])
                out.append(Self.tokenStart)
                out.append(Unicode.Scalar(Self.indexBase + UInt32(originals.count))!)
                for _ in 0..<(length - 2) { out.append(Self.padding) }
                originals.append(String(original))
                i = end
            } else {
                out.append(scalars[i])
                i += 1
            }
        }
        shieldedText = String(out)
        self.originals = originals
    }

    /// The position just past the `}` closing the expression that starts at `start`, if it parses on one line.
    private static func expressionEnd(_ scalars: [Unicode.Scalar], from start: Int) -> Int? {
        var parser = ExpressionParser(scalars, position: start + 2)
        guard (try? parser.parseExpression()) != nil else { return nil }
        parser.skipSpace()
        guard parser.position < scalars.count, scalars[parser.position] == "}" else { return nil }
        let end = parser.position + 1
        guard !scalars[start..<end].contains(where: { $0 == "\n" || $0 == "\r" }) else { return nil }
        return end
    }

    /// Yams `compose` of `yaml` with unquoted expressions allowed everywhere; marks refer to `yaml` as written.
    /// A document beyond the ``NodeBudget`` (aliases expanding it too far) throws ``NodeBudget/Exceeded``
    /// before anything walks it.
    static func compose(yaml: String) throws -> Node? {
        let shield = ExpressionShield(yaml)
        guard let node = try Yams.compose(yaml: shield.shieldedText) else { return nil }
        do {
            try NodeBudget.check(node)
        } catch {
            // A tree nested through aliases deeper than the budget is freed by recursion as deep as itself, which
            // overflows the stack: such a rejected document is kept, never freed (the command ends with exit 2).
            NodeBudget.rejected.keep(node)
            throw error
        }
        return shield.restore(node)
    }

    /// The node with every token in its scalars (keys included) replaced by the expression it stands for.
    func restore(_ node: Node) -> Node {
        guard !originals.isEmpty else { return node }
        switch node {
        case .scalar(var scalar):
            guard scalar.string.unicodeScalars.contains(Self.tokenStart) else { return node }
            let tag = scalar.tag
            scalar.string = restore(scalar.string)
            scalar.tag = tag
            return .scalar(scalar)
        case .mapping(let mapping):
            let pairs = mapping.map { (restore($0.key), restore($0.value)) }
            return .mapping(Node.Mapping(pairs, mapping.tag, mapping.style, mapping.mark))
        case .sequence(let sequence):
            return .sequence(Node.Sequence(sequence.map(restore), sequence.tag, sequence.style, sequence.mark))
        case .alias:
            return node
        }
    }

    /// `text` with every token replaced by its original expression.
    func restore(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        var iterator = text.unicodeScalars.makeIterator()
        while let s = iterator.next() {
            if s == Self.tokenStart, let index = iterator.next() {
                let i = Int(index.value) - Int(Self.indexBase)
                if originals.indices.contains(i) {
                    out.append(contentsOf: originals[i].unicodeScalars)
                } else {
                    out.append(s)
                    out.append(index)
                }
            } else if s != Self.padding {
                out.append(s)
            }
        }
        return String(out)
    }
}
