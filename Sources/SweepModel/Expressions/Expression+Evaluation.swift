extension Expression {
    /// Evaluates with integer arithmetic; strings of digits from axes count as integers. Comparisons compare
    /// numbers when both sides are numbers (or strings of digits), else texts; `and`, `or` and `not` take
    /// booleans (comparisons, `true`/`false` values) and evaluate their right side only when it decides.
    public func evaluate(_ environment: [String: Value]) throws(ExpressionError) -> Value {
        switch self {
        case .integer(let v, _):
            return .int(v)
        case .string(let s, _):
            return .string(s)
        case .name(let name, let offset):
            guard let value = environment[name] else {
                let hint =
                    Suggestion.closest(to: name, among: environment.keys.sorted()).map { "did you mean '\($0)'?" }
                    ?? "names available: \(environment.keys.sorted().joined(separator: ", "))"
                throw ExpressionError("unknown name '\(name)'", hint: hint, offset: offset)
            }
            return value
        case .negate(let inner, let offset):
            let v = try Self.integer(try inner.evaluate(environment), offset: offset, role: "operand of '-'")
            let (negated, overflow) = 0.subtractingReportingOverflow(v)
            guard !overflow else {
                throw ExpressionError("integer overflow in '-'", hint: "\(v) has no positive counterpart", offset: offset)
            }
            return .int(negated)
        case .not(let inner, let offset):
            return .bool(!(try Self.boolean(try inner.evaluate(environment), offset: inner.offset, role: "operand of 'not'", at: offset)))
        case .binary(let op, let lhs, let rhs, _) where op == .and || op == .or:
            let l = try Self.boolean(try lhs.evaluate(environment), offset: lhs.offset, role: "left operand of '\(op.rawValue)'")
            if l == (op == .or) { return .bool(l) }
            return .bool(try Self.boolean(try rhs.evaluate(environment), offset: rhs.offset, role: "right operand of '\(op.rawValue)'"))
        case .binary(let op, let lhs, let rhs, let offset) where op.isComparison:
            return .bool(try Self.compare(op, try lhs.evaluate(environment), try rhs.evaluate(environment), offset: offset))
        case .binary(let op, let lhs, let rhs, let offset):
            let l = try Self.integer(try lhs.evaluate(environment), offset: lhs.offset, role: "left operand of '\(op.rawValue)'")
            let r = try Self.integer(try rhs.evaluate(environment), offset: rhs.offset, role: "right operand of '\(op.rawValue)'")
            let result: (Int, Bool)
            switch op {
            case .add: result = l.addingReportingOverflow(r)
            case .subtract: result = l.subtractingReportingOverflow(r)
            case .multiply: result = l.multipliedReportingOverflow(by: r)
            case .divide, .remainder:
                guard r != 0 else { throw ExpressionError("division by zero", offset: offset) }
                result = op == .divide ? l.dividedReportingOverflow(by: r) : l.remainderReportingOverflow(dividingBy: r)
            case .equal, .notEqual, .less, .lessOrEqual, .greater, .greaterOrEqual, .and, .or:
                // Evaluated by the cases above.
                return .bool(try Self.compare(op, .int(l), .int(r), offset: offset))
            }
            guard !result.1 else { throw ExpressionError("integer overflow in '\(op.rawValue)'", offset: offset) }
            return .int(result.0)
        case .call(let name, let arguments, let offset):
            guard name == "len", arguments.count == 1 else {
                throw ExpressionError("len takes exactly one argument", offset: offset)
            }
            switch try arguments[0].evaluate(environment) {
            case .list(let items): return .int(items.count)
            case .string(let s): return .int(s.count)
            case let other:
                throw ExpressionError("len needs a list or a string, not \(other.kindName)", offset: arguments[0].offset)
            }
        case .index(let base, let index, let offset):
            let items = try Self.list(try base.evaluate(environment), offset: base.offset)
            let i = try Self.integer(try index.evaluate(environment), offset: index.offset, role: "index")
            let position = i < 0 ? items.count + i : i
            guard items.indices.contains(position) else {
                throw ExpressionError(
                    "index \(i) is out of range for a list of \(items.count)", hint: "valid indices are 0…\(items.count - 1)",
                    offset: offset)
            }
            return items[position]
        case .slice(let base, let lower, let upper, let offset):
            let items = try Self.list(try base.evaluate(environment), offset: base.offset)
            let lo =
                try lower.map { e throws(ExpressionError) in
                    try Self.integer(try e.evaluate(environment), offset: e.offset, role: "slice start")
                } ?? 0
            let hi =
                try upper.map { e throws(ExpressionError) in
                    try Self.integer(try e.evaluate(environment), offset: e.offset, role: "slice end")
                } ?? items.count
            guard lo >= 0, hi <= items.count, lo <= hi else {
                throw ExpressionError(
                    "slice [\(lo):\(hi)] is beyond a list of \(items.count)",
                    hint: "the list holds \(items.count) item\(items.count == 1 ? "" : "s")", offset: offset)
            }
            return .list(Array(items[lo..<hi]))
        }
    }

    private static func integer(_ value: Value, offset: Int, role: String) throws(ExpressionError) -> Int {
        switch value {
        case .int(let v): return v
        case .double(let d) where d.rounded() == d && abs(d) < 9e15: return Int(d)
        case .string(let s):
            if let v = Int(s) { return v }
            throw ExpressionError("the \(role) must be an integer, not the string \"\(s)\"", offset: offset)
        default:
            throw ExpressionError("the \(role) must be an integer, not \(value.kindName)", offset: offset)
        }
    }

    private static func boolean(_ value: Value, offset: Int, role: String, at: Int? = nil) throws(ExpressionError) -> Bool {
        if case .bool(let b) = value { return b }
        throw ExpressionError(
            "the \(role) must be a boolean, not \(value.kindName)", hint: "compare it: write x == 'text' or n > 1", offset: offset)
    }

    /// `l op r`: as integers when both are (or are strings of digits), as numbers when both are numbers, else
    /// `==` and `!=` compare texts (lists item by item) and the ordering operators need two strings.
    private static func compare(_ op: Expression.Operator, _ l: Value, _ r: Value, offset: Int) throws(ExpressionError) -> Bool {
        let order: Int
        if let a = l.comparableInteger, let b = r.comparableInteger {
            order = a < b ? -1 : a == b ? 0 : 1
        } else if let a = l.comparableNumber, let b = r.comparableNumber {
            order = a < b ? -1 : a == b ? 0 : 1
        } else if op == .equal || op == .notEqual {
            return (l.comparisonText == r.comparisonText) == (op == .equal)
        } else if case .string(let a) = l, case .string(let b) = r {
            order = a < b ? -1 : a == b ? 0 : 1
        } else {
            throw ExpressionError(
                "'\(op.rawValue)' cannot order \(l.kindName) and \(r.kindName)", hint: "order two numbers or two strings", offset: offset)
        }
        switch op {
        case .equal: return order == 0
        case .notEqual: return order != 0
        case .less: return order < 0
        case .lessOrEqual: return order <= 0
        case .greater: return order > 0
        default: return order >= 0
        }
    }

    private static func list(_ value: Value, offset: Int) throws(ExpressionError) -> [Value] {
        guard case .list(let items) = value else {
            throw ExpressionError("only a list can be indexed or sliced, not \(value.kindName)", offset: offset)
        }
        return items
    }
}

extension Value {
    /// The value as an integer for comparisons: an integer, a whole number, or a string of digits.
    fileprivate var comparableInteger: Int? {
        switch self {
        case .int(let v): v
        case .double(let d): d.rounded() == d && abs(d) < 9e15 ? Int(d) : nil
        case .string(let s): Int(s)
        default: nil
        }
    }

    /// The value as a number for comparisons: a finite number, or a string that is one.
    fileprivate var comparableNumber: Double? {
        switch self {
        case .int(let v): Double(v)
        case .double(let d): d.isFinite ? d : nil
        case .string(let s): Double(s).flatMap { $0.isFinite && s.first?.isNumber == true ? $0 : nil }
        default: nil
        }
    }

    /// What `==` compares when the sides are not both numbers: the text, lists item by item.
    fileprivate var comparisonText: [String] {
        if case .list(let items) = self { return items.map(\.text) }
        return [text]
    }

    /// A short name of the value's kind for messages.
    public var kindName: String {
        switch self {
        case .int: return "an integer"
        case .double: return "a number"
        case .bool: return "a boolean"
        case .string: return "a string"
        case .list: return "a list"
        }
    }
}
