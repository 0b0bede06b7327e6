/// Recursive-descent parser for the expression language:
///
///     expression := term (("+" | "-") term)*
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
        var left = try parseTerm()
        while let op = peekOperator(["+", "-"]) {
            let at = position
            position += 1
            let right = try parseTerm()
            left = try node(.binary(op, left, right, offset: at))
        }
        return left
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
        throw ExpressionError(
            "unexpected '\(c)' in expression", hint: "expressions allow names, integers, + - * / %, len(x), x[i] and x[a:b]", offset: at)
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
