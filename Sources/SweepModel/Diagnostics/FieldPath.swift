/// The path of a field inside an experiment (`pool.vdevs[0]`, `matrix.numjobs`), used to find
/// the source location of a problem found after loading (by validation or by the planner).
public struct FieldPath: Hashable, Sendable, Codable, CustomStringConvertible {
    /// A mapping key or a sequence index.
    public enum Component: Hashable, Sendable, Codable {
        case key(String)
        case index(Int)
    }

    public var components: [Component]

    public init(_ components: [Component] = []) { self.components = components }

    /// Parses the `description` form: `a.b[2].c`.
    public init(_ text: String) {
        var parts: [Component] = []
        for piece in text.split(separator: ".", omittingEmptySubsequences: true) {
            var rest = Substring(piece)
            if let bracket = rest.firstIndex(of: "[") {
                let key = rest[..<bracket]
                if !key.isEmpty { parts.append(.key(String(key))) }
                rest = rest[bracket...]
                while rest.hasPrefix("["), let close = rest.firstIndex(of: "]") {
                    if let i = Int(rest[rest.index(after: rest.startIndex)..<close]) { parts.append(.index(i)) }
                    rest = rest[rest.index(after: close)...]
                }
            } else {
                parts.append(.key(String(rest)))
            }
        }
        self.components = parts
    }

    public static let root = FieldPath()

    public func appending(_ key: String) -> FieldPath { FieldPath(components + [.key(key)]) }
    public func appending(_ index: Int) -> FieldPath { FieldPath(components + [.index(index)]) }
    public static func / (lhs: FieldPath, rhs: String) -> FieldPath { lhs.appending(rhs) }
    public static func / (lhs: FieldPath, rhs: Int) -> FieldPath { lhs.appending(rhs) }

    public var parent: FieldPath? {
        components.isEmpty ? nil : FieldPath(Array(components.dropLast()))
    }

    public var description: String {
        var out = ""
        for component in components {
            switch component {
            case .key(let k): out += out.isEmpty ? k : ".\(k)"
            case .index(let i): out += "[\(i)]"
            }
        }
        return out
    }
}
