/// A string that may hold `${…}` expressions: `${ndisks}-disks`, `${1048576 / numjobs}M`, `${disks[:ndisks]}`.
///
/// Parsed once (at load time, so syntax errors have a location) and evaluated per cell.
/// `$${` writes a literal `${`.
public struct Template: Hashable, Sendable {
    /// Literal text, or a `${…}` expression.
    public enum Part: Hashable, Sendable {
        case literal(String)
        case expression(Expression)
    }

    public let text: String
    public let parts: [Part]

    public init(parsing text: String) throws(ExpressionError) {
        self.text = text
        let scalars = Array(text.unicodeScalars)
        var parts: [Part] = []
        var literal = ""
        var i = 0
        while i < scalars.count {
            if scalars[i] == "$", i + 2 < scalars.count, scalars[i + 1] == "$", scalars[i + 2] == "{" {
                literal += "${"
                i += 3
            } else if scalars[i] == "$", i + 1 < scalars.count, scalars[i + 1] == "{" {
                if !literal.isEmpty { parts.append(.literal(literal)); literal = "" }
                var parser = ExpressionParser(scalars, position: i + 2)
                let expression = try parser.parseExpression()
                parser.skipSpace()
                guard parser.position < scalars.count else {
                    throw ExpressionError("unterminated '${'", hint: "close the expression with '}'", offset: i)
                }
                guard scalars[parser.position] == "}" else {
                    throw ExpressionError(
                        "unexpected '\(scalars[parser.position])' in expression",
                        hint: "expressions allow names, integers, + - * / %, len(x), x[i] and x[a:b]",
                        offset: parser.position)
                }
                parts.append(.expression(expression))
                i = parser.position + 1
            } else {
                literal.unicodeScalars.append(scalars[i])
                i += 1
            }
        }
        if !literal.isEmpty { parts.append(.literal(literal)) }
        self.parts = parts
    }

    /// Whether the text holds any expression.
    public var isConstant: Bool { !parts.contains { if case .expression = $0 { true } else { false } } }

    /// Every variable name the template reads.
    public var referencedNames: Set<String> {
        parts.reduce(into: []) { names, part in
            if case .expression(let e) = part { names.formUnion(e.names) }
        }
    }

    /// The value for one cell. A template that is exactly one `${expr}` yields that expression's value
    /// (an integer, a list …); anything else yields a string with each value's text interpolated.
    public func evaluate(_ environment: [String: Value]) throws(ExpressionError) -> Value {
        if parts.count == 1, case .expression(let e) = parts[0] {
            return try e.evaluate(environment)
        }
        var out = ""
        for part in parts {
            switch part {
            case .literal(let s): out += s
            case .expression(let e): out += try e.evaluate(environment).text
            }
        }
        return .string(out)
    }
}

extension Value {
    /// Resolves every `${…}` in this value (recursively through lists) against `environment`.
    /// Strings without expressions are returned unchanged.
    public func resolved(in environment: [String: Value]) throws(ExpressionError) -> Value {
        switch self {
        case .string(let s) where s.contains("${"):
            return try Template(parsing: s).evaluate(environment)
        case .list(let items):
            var out: [Value] = []
            out.reserveCapacity(items.count)
            for item in items { out.append(try item.resolved(in: environment)) }
            return .list(out)
        default:
            return self
        }
    }
}
