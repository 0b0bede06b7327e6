/// Recursive-descent parser for the expression language:
///
///     expression := conjunction ("or" conjunction)*
///     conjunction := negation ("and" negation)*
///     negation   := "not" negation | comparison
///     comparison := sum (("==" | "!=" | "<" | "<=" | ">" | ">=") sum)?
///     sum        := term (("+" | "-") term)*
///     term       := unary (("*" | "/" | "%") unary)*
///     unary      := "-" unary | postfix
///     postfix    := primary ("[" (expression | expression? ":" expression?) "]")*
///     primary    := INTEGER | STRING | NAME | NAME "(" arguments ")" | "(" expression ")"
///
/// Offsets are positions in the whole template text, so errors point into the original string.
///
/// The parser, and every recursive walk of the tree it builds (evaluation, hashing, deinit), recurses as deep
/// as the tree: an expression may nest at most ``ExperimentLimits/expressionDepth`` levels and hold at most
/// ``ExperimentLimits/expressionNodes`` nodes (so no tree is deeper than that), else it is a syntax error.
struct ExpressionParser {
    private let scalars: [Unicode.Scalar]
    private(set) var position: Int
    /// Where the expression starts, for the size error.
    private let start: Int
    private var depth = 0
    private var nodes = 0

    init(_ scalars: [Unicode.Scalar], position: Int) {
        self.scalars = scalars
        self.position = position
        start = position
    }

    /// Parses one expression and stops before the first character that cannot continue it.
    mutating func parseExpression() throws(ExpressionError) -> Expression {
        try enter()
        defer { depth -= 1 }
        var left = try parseConjunction()
        while let at = keyword("or") {
            let right = try parseConjunction()
            left = try node(.binary(.or, left, right, offset: at))
        }
        return left
    }

    private mutating func parseConjunction() throws(ExpressionError) -> Expression {
        var left = try parseNegation()
        while let at = keyword("and") {
            let right = try parseNegation()
            left = try node(.binary(.and, left, right, offset: at))
        }
        return left
    }

    private mutating func parseNegation() throws(ExpressionError) -> Expression {
        guard let at = keyword("not") else { return try parseComparison() }
        try enter()
        defer { depth -= 1 }
        return try node(.not(try parseNegation(), offset: at))
    }

    /// A comparison does not chain: `a < b < c` is an error, as it would compare a boolean.
    private mutating func parseComparison() throws(ExpressionError) -> Expression {
        let left = try parseSum()
        guard let (op, at) = try comparisonOperator() else { return left }
        let right = try parseSum()
        if let (_, next) = try comparisonOperator() {
            throw ExpressionError(
                "comparisons do not chain", hint: "write a < b and b < c", offset: next)
        }
        return try node(.binary(op, left, right, offset: at))
    }

    private mutating func parseSum() throws(ExpressionError) -> Expression {
        var left = try parseTerm()
        while let op = peekOperator(["+", "-"]) {
            let at = position
            position += 1
            let right = try parseTerm()
            left = try node(.binary(op, left, right, offset: at))
        }
        return left
    }

    /// Reads a comparison operator (`==`, `!=`, `<=`, `>=`, `<`, `>`) if one is next. A single `=` or `!` is
    /// an error with a hint.
    private mutating func comparisonOperator() throws(ExpressionError) -> (Expression.Operator, Int)? {
        skipSpace()
        guard let c = peek, "=!<>".unicodeScalars.contains(c) else { return nil }
        let at = position
        let second = position + 1 < scalars.count ? scalars[position + 1] : nil
        let spelled = second == "=" ? String(c) + "=" : String(c)
        guard let op = Expression.Operator(rawValue: spelled), op.isComparison else {
            throw ExpressionError(
                "unexpected '\(c)' in expression", hint: c == "=" ? "compare with ==" : "write != to compare, not x to negate",
                offset: at)
        }
        position += spelled.unicodeScalars.count
        return (op, at)
    }

    /// Reads the word `word` (`and`, `or`, `not`) if it is next and stands alone (not the start of a longer
    /// name); returns its offset. The words are operators only where an operator can be: an axis may still be
    /// called `or`.
    private mutating func keyword(_ word: String) -> Int? {
        skipSpace()
        let letters = Array(word.unicodeScalars)
        guard position + letters.count <= scalars.count, Array(scalars[position..<position + letters.count]) == letters else {
            return nil
        }
        let after = position + letters.count < scalars.count ? scalars[position + letters.count] : nil
        if let after, after.properties.isAlphabetic || after == "_" || ("0"..."9").contains(after) { return nil }
        // `not` is an operator only before an operand: `${not}` alone is the name `not`.
        if word == "not", after == nil || after == "}" { return nil }
        let at = position
        position += letters.count
        return at
    }

    /// One level deeper (a sub-expression, a unary minus); an error beyond the depth limit.
    private mutating func enter() throws(ExpressionError) {
        depth += 1
        guard depth <= ExperimentLimits.expressionDepth else {
            throw ExpressionError(
                "the expression nests more than \(ExperimentLimits.expressionDepth) levels deep",
                hint: "at most \(ExperimentLimits.expressionDepth) levels of parentheses, brackets, len(…) and unary minus",
                offset: position)
        }
    }

    /// Counts a new node of the tree; an error beyond the size limit.
    private mutating func node(_ expression: Expression) throws(ExpressionError) -> Expression {
        nodes += 1
        guard nodes <= ExperimentLimits.expressionNodes else {
            throw ExpressionError(
                "the expression is too large: more than \(ExperimentLimits.expressionNodes) names, numbers and operators",
                hint: "split it, or compute the values in an axis or an include entry", offset: start)
        }
        return expression
    }

    private mutating func parseTerm() throws(ExpressionError) -> Expression {
        var left = try parseUnary()
        while let op = peekOperator(["*", "/", "%"]) {
            let at = position
            position += 1
            let right = try parseUnary()
            left = try node(.binary(op, left, right, offset: at))
        }
        return left
    }

    private mutating func parseUnary() throws(ExpressionError) -> Expression {
        skipSpace()
        if peek == "-" {
            let at = position
            position += 1
            try enter()
            defer { depth -= 1 }
            return try node(.negate(try parseUnary(), offset: at))
        }
        return try parsePostfix()
    }

    private mutating func parsePostfix() throws(ExpressionError) -> Expression {
        var base = try parsePrimary()
        while true {
            skipSpace()
            guard peek == "[" else { return base }
            let at = position
            position += 1
            skipSpace()
            var lower: Expression?
            if peek != ":" { lower = try parseExpression() }
            skipSpace()
            if peek == ":" {
                position += 1
                skipSpace()
                var upper: Expression?
                if peek != "]", peek != "}", peek != nil { upper = try parseExpression() }
                try expect("]", opening: at)
                base = try node(.slice(base, lower: lower, upper: upper, offset: at))
            } else if let lower {
                try expect("]", opening: at)
                base = try node(.index(base, lower, offset: at))
            } else {
                throw ExpressionError("expected an index or a slice", hint: "write x[i], x[:n] or x[a:b]", offset: position)
            }
        }
    }

    private mutating func parsePrimary() throws(ExpressionError) -> Expression {
        skipSpace()
        let at = position
        guard let c = peek else {
            throw ExpressionError("expected a value, found the end of the expression", offset: at)
        }
        if c.properties.numericType != nil, ("0"..."9").contains(c) {
            var digits = ""
            while let d = peek, ("0"..."9").contains(d) {
                digits.unicodeScalars.append(d)
                position += 1
            }
            if let p = peek, p.properties.isAlphabetic || p == "_" {
                throw ExpressionError(
                    "unexpected '\(p)' after the number \(digits)",
                    hint: "to append a unit, put it outside the braces: ${…}\(p)", offset: position)
            }
            guard let value = Int(digits) else {
                throw ExpressionError("the number \(digits) is too large", offset: at)
            }
            return try node(.integer(value, offset: at))
        }
        if c == "\"" || c == "'" {
            position += 1
            var text = ""
            while let s = peek, s != c {
                text.unicodeScalars.append(s)
                position += 1
            }
            guard peek == c else { throw ExpressionError("unterminated string", offset: at) }
            position += 1
            return try node(.string(text, offset: at))
        }
        if c.properties.isAlphabetic || c == "_" {
            var name = ""
            while let s = peek, s.properties.isAlphabetic || s == "_" || ("0"..."9").contains(s) {
                name.unicodeScalars.append(s)
                position += 1
            }
            skipSpace()
            if peek == "(" {
                let open = position
                position += 1
                var arguments: [Expression] = []
                skipSpace()
                if peek != ")" {
                    while true {
                        arguments.append(try parseExpression())
                        skipSpace()
                        if peek == "," { position += 1; continue }
                        break
                    }
                }
                try expect(")", opening: open)
                guard Expression.functions.contains(name) else {
                    let hint = Suggestion.closest(to: name, among: Expression.functions).map { "did you mean '\($0)'?" }
                    throw ExpressionError("unknown function '\(name)'", hint: hint ?? "the only function is len(x)", offset: at)
                }
                return try node(.call(name, arguments, offset: at))
            }
            return try node(.name(name, offset: at))
        }
        if c == "(" {
            position += 1
            let inner = try parseExpression()
            try expect(")", opening: at)
            return inner
        }
        if c == "}" {
            throw ExpressionError("expected a value, found '}'", hint: "an expression cannot be empty", offset: at)
        }
        if c == "!" {
            throw ExpressionError("unexpected '!' in expression", hint: "write not x to negate", offset: at)
        }
        throw ExpressionError(
            "unexpected '\(c)' in expression",
            hint: "expressions allow names, integers, 'strings', + - * / %, == != < <= > >=, and, or, not, len(x), x[i] and x[a:b]",
            offset: at)
    }

    private mutating func expect(_ closing: Unicode.Scalar, opening: Int) throws(ExpressionError) {
        skipSpace()
        guard peek == closing else {
            let found = peek.map { "'\($0)'" } ?? "the end of the expression"
            throw ExpressionError("expected '\(closing)', found \(found)", hint: "opened at column offset \(opening)", offset: position)
        }
        position += 1
    }

    private mutating func peekOperator(_ symbols: [Unicode.Scalar]) -> Expression.Operator? {
        skipSpace()
        guard let c = peek, symbols.contains(c) else { return nil }
        return Expression.Operator(rawValue: String(c))
    }

    private var peek: Unicode.Scalar? { position < scalars.count ? scalars[position] : nil }

    mutating func skipSpace() {
        while let c = peek, c == " " || c == "\t" { position += 1 }
    }
}
