import Yams

/// Decodes a composed YAML `Node` into the experiment model, collecting every problem instead of
/// stopping at the first one, and recording where each field was written.
///
/// The readers return `nil` after reporting a problem, so one wrong field does not hide the others.
struct NodeDecoder {
    let file: String
    private(set) var diagnostics: [Diagnostic] = []
    private(set) var sourceMap: SourceMap

    init(file: String) {
        self.file = file
        self.sourceMap = SourceMap(file: file)
    }

    // MARK: Reporting

    func location(of node: Node) -> SourceLocation {
        let mark = node.mark
        return SourceLocation(file: file, line: mark?.line ?? 1, column: mark?.column ?? 1)
    }

    mutating func error(_ message: String, hint: String? = nil, at node: Node, path: FieldPath) {
        diagnostics.append(Diagnostic(.error, message, hint: hint, location: location(of: node), path: path))
    }

    mutating func alias(_ canonical: FieldPath, to written: FieldPath) {
        sourceMap.alias(canonical, to: written)
    }

    // MARK: Source map

    /// Records the location of `node` and everything under it, by YAML path.
    mutating func recordLocations(_ node: Node, at path: FieldPath) {
        let mark = (line: node.mark?.line ?? 1, column: node.mark?.column ?? 1)
        switch node {
        case .scalar(let scalar):
            sourceMap.record(path, line: mark.line, column: mark.column, textShift: Self.textShift(of: scalar))
        case .mapping(let mapping):
            sourceMap.record(path, line: mark.line, column: mark.column)
            for (key, value) in mapping {
                guard let name = key.scalar?.string else { continue }
                recordLocations(value, at: path / name)
            }
        case .sequence(let sequence):
            sourceMap.record(path, line: mark.line, column: mark.column)
            for (index, item) in sequence.enumerated() { recordLocations(item, at: path / index) }
        case .alias:
            sourceMap.record(path, line: mark.line, column: mark.column)
        }
    }

    /// Columns from the scalar's mark to its text: 0 plain, 1 quoted; `nil` for block or multi-line scalars.
    private static func textShift(of scalar: Node.Scalar) -> Int? {
        guard !scalar.string.contains("\n") else { return nil }
        switch scalar.style {
        case .plain, .any: return 0
        case .singleQuoted, .doubleQuoted: return 1
        case .literal, .folded: return nil
        }
    }

    // MARK: Mappings

    /// The entries of a mapping with known keys: reports a non-mapping, unknown keys (with a did-you-mean),
    /// missing required keys and conflicting keys. Unknown keys are dropped from the result.
    mutating func fields(_ node: Node, _ path: FieldPath, _ shape: ObjectShape) -> [String: Node]? {
        guard let entries = mappingEntries(node, path, what: shape.name) else { return nil }
        var result: [String: Node] = [:]
        for (key, keyNode, value) in entries {
            if shape.field(key) != nil || shape.additional != nil {
                result[key] = value
            } else {
                let suggestion = Suggestion.closest(to: key, among: shape.keys)
                let hint =
                    suggestion.map { "did you mean '\($0)'?" }
                    ?? "\(shape.name) keys are: \(shape.keys.joined(separator: ", "))"
                error("unknown key '\(key)' in \(shape.name)", hint: hint, at: keyNode, path: path / key)
            }
        }
        if shape.exactlyOne {
            let present = entries.map(\.0).filter { shape.field($0) != nil }
            if present.isEmpty && entries.isEmpty {
                error("\(shape.name) is empty", hint: "write one of: \(shape.keys.joined(separator: ", "))", at: node, path: path)
            } else if present.count > 1, let second = entries.first(where: { $0.0 == present[1] }) {
                error(
                    "\(shape.name) takes exactly one of \(shape.keys.map { "'\($0)'" }.joined(separator: ", ")), found '\(present[0])' and '\(present[1])'",
                    hint: "split it into separate entries or remove one", at: second.1, path: path / present[1])
            }
        }
        for key in shape.requiredKeys where result[key] == nil && !entries.contains(where: { $0.0 == key }) {
            error(
                "missing required key '\(key)' in \(shape.name)", hint: shape.field(key).map { "add '\(key):' — \($0.summary)" },
                at: node, path: path)
        }
        for group in shape.exclusive {
            let present = group.filter { result[$0] != nil }
            if present.count > 1, let second = entries.first(where: { $0.0 == present[1] }) {
                error(
                    "'\(present[0])' and '\(present[1])' cannot be used together in \(shape.name)",
                    hint: "keep one of them", at: second.1, path: path / present[1])
            }
        }
        return result
    }

    /// The (key, key node, value) triples of a mapping with scalar keys, in written order.
    mutating func mappingEntries(_ node: Node, _ path: FieldPath, what: String) -> [(String, Node, Node)]? {
        guard case .mapping(let mapping) = node else {
            error("expected a mapping for \(what), found \(Self.describe(node))", at: node, path: path)
            return nil
        }
        var entries: [(String, Node, Node)] = []
        for (key, value) in mapping {
            guard case .scalar(let scalar) = key else {
                error("a key in \(what) must be a name, found \(Self.describe(key))", at: key, path: path)
                continue
            }
            entries.append((scalar.string, key, value))
        }
        return entries
    }

    // MARK: Scalars

    /// A scalar as a `Value`: integers stay integers, `true`/`false` are booleans, floats are doubles,
    /// everything else (including `off`, `yes`, quoted numbers) is text, as written.
    static func scalarValue(_ scalar: Node.Scalar) -> Value? {
        let plain = scalar.style == .plain || scalar.style == .any
        let tag = Node.scalar(scalar).tag.rawValue
        if tag == Tag.Name.null.rawValue && plain { return nil }
        guard plain || tag != Tag.Name.implicit.rawValue else { return .string(scalar.string) }
        switch tag {
        case Tag.Name.int.rawValue:
            if let int = Int(scalar.string.replacingOccurrences(of: "_", with: "")) { return .int(int) }
            if let int = Node.scalar(scalar).int { return .int(int) }
        case Tag.Name.float.rawValue:
            if let double = Node.scalar(scalar).float, double.isFinite { return .double(double) }
        case Tag.Name.bool.rawValue:
            switch scalar.string.lowercased() {
            case "true": return .bool(true)
            case "false": return .bool(false)
            default: break
            }
        default: break
        }
        return .string(scalar.string)
    }

    static func isNull(_ node: Node) -> Bool {
        guard case .scalar(let scalar) = node else { return false }
        return (scalar.style == .plain || scalar.style == .any) && scalarValue(scalar) == nil
    }

    static func describe(_ node: Node) -> String {
        switch node {
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .alias: return "an alias"
        case .scalar(let scalar):
            switch scalarValue(scalar) {
            case nil: return "nothing (null)"
            case .int(let v): return "the integer \(v)"
            case .double(let v): return "the number \(v)"
            case .bool(let v): return "the boolean \(v)"
            case .string(let s): return "the text '\(s)'"
            case .list: return "a list"
            }
        }
    }

    mutating func scalar(_ node: Node, _ path: FieldPath, what: String) -> Value? {
        guard case .scalar(let scalar) = node, let value = Self.scalarValue(scalar) else {
            error("expected \(what) for '\(path)', found \(Self.describe(node))", at: node, path: path)
            return nil
        }
        return value
    }

    mutating func string(_ node: Node, _ path: FieldPath) -> String? {
        guard let value = scalar(node, path, what: "text") else { return nil }
        if case .string(let s) = value { return s }
        // A number written where text is expected (`name: 42`) is that text.
        if case .bool = value {
            error("expected text for '\(path)', found \(Self.describe(node))", hint: "quote it: \"\(value.text)\"", at: node, path: path)
            return nil
        }
        guard case .scalar(let s) = node else { return nil }
        return s.string
    }

    mutating func bool(_ node: Node, _ path: FieldPath) -> Bool? {
        if case .scalar(let scalar) = node, case .bool(let b)? = Self.scalarValue(scalar) { return b }
        error("expected true or false for '\(path)', found \(Self.describe(node))", at: node, path: path)
        return nil
    }

    /// A plain integer (no expression).
    mutating func literalInteger(_ node: Node, _ path: FieldPath) -> Int? {
        if case .scalar(let scalar) = node, case .int(let v)? = Self.scalarValue(scalar) { return v }
        error("expected an integer for '\(path)', found \(Self.describe(node))", at: node, path: path)
        return nil
    }

    /// An integer or a text holding a `${…}` expression.
    mutating func integerValue(_ node: Node, _ path: FieldPath) -> Value? {
        guard let value = scalar(node, path, what: "an integer") else { return nil }
        switch value {
        case .int: return value
        case .string(let s) where s.contains("${"): return value
        default:
            error("expected an integer or a ${…} expression for '\(path)', found \(Self.describe(node))", at: node, path: path)
            return nil
        }
    }

    /// A scalar or a (nested) list of scalars.
    mutating func value(_ node: Node, _ path: FieldPath) -> Value? {
        switch node {
        case .scalar:
            return scalar(node, path, what: "a value")
        case .sequence(let sequence):
            var items: [Value] = []
            var ok = true
            for (index, item) in sequence.enumerated() {
                if let v = value(item, path / index) { items.append(v) } else { ok = false }
            }
            return ok ? .list(items) : nil
        case .mapping, .alias:
            error("expected a value or a list for '\(path)', found \(Self.describe(node))", at: node, path: path)
            return nil
        }
    }

    /// An argv list: a non-empty list of scalars.
    mutating func argv(_ node: Node, _ path: FieldPath) -> [Value]? {
        guard case .sequence(let sequence) = node else {
            error(
                "expected a command (a list of arguments) for '\(path)', found \(Self.describe(node))",
                hint: "write it as a list: [sync] or [sh, -c, \"…\"] — never a shell string", at: node, path: path)
            return nil
        }
        var argv: [Value] = []
        for (index, item) in sequence.enumerated() {
            guard let v = scalar(item, path / index, what: "an argument") else { continue }
            argv.append(v)
        }
        if sequence.isEmpty {
            error("the command '\(path)' is empty", hint: "give at least the program name", at: node, path: path)
            return nil
        }
        return argv.count == sequence.count ? argv : nil
    }

    /// `name: value` pairs in written order.
    mutating func settings(_ node: Node, _ path: FieldPath, what: String) -> Settings? {
        if Self.isNull(node) { return Settings() }
        guard let entries = mappingEntries(node, path, what: what) else { return nil }
        var settings = Settings()
        for (key, _, valueNode) in entries {
            if let v = value(valueNode, path / key) { settings[key] = v }
        }
        return settings
    }

    /// A value of a string enumeration, with a did-you-mean on a typo.
    mutating func enumeration<E: RawRepresentable & CaseIterable>(_ node: Node, _ path: FieldPath, _ type: E.Type) -> E?
    where E.RawValue == String {
        guard let text = string(node, path) else { return nil }
        if let value = E(rawValue: text) { return value }
        let names = E.allCases.map(\.rawValue)
        let hint =
            Suggestion.closest(to: text, among: names).map { "did you mean '\($0)'?" }
            ?? "one of: \(names.joined(separator: ", "))"
        error("'\(text)' is not a valid value for '\(path)'", hint: hint, at: node, path: path)
        return nil
    }

    /// A list of items each decoded by `item`.
    mutating func list<T>(_ node: Node, _ path: FieldPath, what: String, _ item: (inout NodeDecoder, Node, FieldPath) -> T?) -> [T]? {
        if Self.isNull(node) { return [] }
        guard case .sequence(let sequence) = node else {
            error("expected a list for \(what), found \(Self.describe(node))", at: node, path: path)
            return nil
        }
        var items: [T] = []
        for (index, element) in sequence.enumerated() {
            if let v = item(&self, element, path / index) { items.append(v) }
        }
        return items
    }
}
