/// A parsed `${…}` expression. Every node keeps its offset (in Unicode scalars) in the template text
/// so that evaluation errors point at the right column.
public indirect enum Expression: Hashable, Sendable {
    case integer(Int, offset: Int)
    case string(String, offset: Int)
    case name(String, offset: Int)
    case negate(Expression, offset: Int)
    /// `not x`: the negation of a boolean.
    case not(Expression, offset: Int)
    case binary(Operator, Expression, Expression, offset: Int)
    case call(String, [Expression], offset: Int)
    case index(Expression, Expression, offset: Int)
    case slice(Expression, lower: Expression?, upper: Expression?, offset: Int)

    /// A binary operator, spelled as in the expression language: arithmetic on integers, comparisons (of
    /// numbers, or of texts), and the boolean `and` / `or`.
    public enum Operator: String, Hashable, Sendable {
        case add = "+"
        case subtract = "-"
        case multiply = "*"
        case divide = "/"
        case remainder = "%"
        case equal = "=="
        case notEqual = "!="
        case less = "<"
        case lessOrEqual = "<="
        case greater = ">"
        case greaterOrEqual = ">="
        case and
        case or

        /// `== != < <= > >=`.
        public var isComparison: Bool {
            switch self {
            case .equal, .notEqual, .less, .lessOrEqual, .greater, .greaterOrEqual: true
            default: false
            }
        }
    }

    /// Functions an expression may call.
    public static let functions: Set<String> = ["len"]

    public var offset: Int {
        switch self {
        case .integer(_, let o), .string(_, let o), .name(_, let o), .negate(_, let o), .not(_, let o),
            .binary(_, _, _, let o), .call(_, _, let o), .index(_, _, let o), .slice(_, _, _, let o):
            return o
        }
    }

    /// Every variable name the expression reads.
    public var names: Set<String> {
        switch self {
        case .integer, .string: return []
        case .name(let n, _): return [n]
        case .negate(let e, _), .not(let e, _): return e.names
        case .binary(_, let l, let r, _): return l.names.union(r.names)
        case .call(_, let args, _): return args.reduce(into: []) { $0.formUnion($1.names) }
        case .index(let b, let i, _): return b.names.union(i.names)
        case .slice(let b, let lo, let hi, _):
            return b.names.union(lo?.names ?? []).union(hi?.names ?? [])
        }
    }
}
