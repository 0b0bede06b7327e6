import Yams

extension JSONValue {
    /// The JSON form of YAML text, read with the loader's scalar rules (so a schema check sees what the
    /// loader sees: `8k` and `off` are text, `60` is an integer). `nil` when the YAML does not parse.
    static func fromYAML(_ text: String) -> JSONValue? {
        guard let node = try? ExpressionShield.compose(yaml: text) else { return nil }
        return JSONValue(node: node)
    }

    init(node: Node) {
        switch node {
        case .scalar(let scalar):
            switch NodeDecoder.scalarValue(scalar) {
            case nil: self = .null
            case .int(let i): self = .number(Double(i))
            case .double(let d): self = .number(d)
            case .bool(let b): self = .bool(b)
            case .string(let s): self = .string(s)
            case .list: self = .null
            }
        case .mapping(let mapping):
            self = .object(mapping.map { ($0.key.scalar?.string ?? "", JSONValue(node: $0.value)) })
        case .sequence(let sequence):
            self = .array(sequence.map(JSONValue.init(node:)))
        case .alias:
            self = .null
        }
    }
}
