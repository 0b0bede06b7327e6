/// A value written in an experiment: a scalar or a list of values.
///
/// Strings may contain `${…}` expressions; they are resolved per cell by the planner.
/// Integers stay integers so that `60` and `"60"` keep the meaning the author gave them.
///
/// Not `indirect`: a list already holds its items out of line, and a boxed enum would cost an allocation per
/// value made (every evaluated expression, per cell) and a reference count per value copied.
public enum Value: Hashable, Sendable {
    case int(Int)
    case double(Double)
    case bool(Bool)
    case string(String)
    case list([Value])
}

extension Value {
    /// The list elements, or the value itself as a one-element list.
    public var elements: [Value] {
        if case .list(let items) = self { return items }
        return [self]
    }

    /// The text form used on command lines and in cell ids (`8k`, `32`, `true`).
    public var text: String {
        switch self {
        case .int(let v): return String(v)
        case .double(let v):
            if v.rounded() == v, abs(v) < 1e15 { return String(Int(v)) }
            return String(v)
        case .bool(let v): return v ? "true" : "false"
        case .string(let v): return v
        case .list(let items): return items.map(\.text).joined(separator: " ")
        }
    }

    /// Whether the value is a string holding at least one `${…}` expression.
    public var hasExpression: Bool {
        switch self {
        case .string(let s): return s.contains("${")
        case .list(let items): return items.contains(where: \.hasExpression)
        default: return false
        }
    }
}
