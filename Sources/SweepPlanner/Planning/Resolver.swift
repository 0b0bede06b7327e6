import SweepModel

/// Resolves `${…}` templates for one cell at a time. Each distinct template text is parsed once.
struct Resolver {
    private var templates: [String: Template] = [:]
    private var broken: Set<String> = []
    var sink = DiagnosticSink()
    /// The id of the cell being resolved, for messages.
    var cellID = ""

    /// The parsed template of `text`, or `nil` (reported) when it does not parse.
    mutating func template(_ text: String, at path: FieldPath) -> Template? {
        if let t = templates[text] { return t }
        if broken.contains(text) { return nil }
        do {
            let t = try Template(parsing: text)
            templates[text] = t
            return t
        } catch {
            broken.insert(text)
            sink.error("invalid expression in '\(text)': \(error.message)", at: path, hint: error.hint, offset: error.offset)
            return nil
        }
    }

    /// Knows the templates `other` parsed (and those that did not parse, already reported) as its own.
    mutating func learn(from other: Resolver) {
        templates.merge(other.templates) { mine, _ in mine }
        broken.formUnion(other.broken)
    }

    /// Names read by the expressions in `value`.
    mutating func referencedNames(_ value: Value, at path: FieldPath) -> Set<String> {
        switch value {
        case .string(let s) where s.containsMarker("$"): return template(s, at: path)?.referencedNames ?? []
        case .list(let items):
            return items.enumerated().reduce(into: []) { $0.formUnion(referencedNames($1.element, at: path / $1.offset)) }
        default: return []
        }
    }

    /// `value` with every expression evaluated in `environment`; `nil` (reported) on an error.
    mutating func resolve(_ value: Value, at path: FieldPath, in environment: [String: Value]) -> Value? {
        switch value {
        case .string(let s) where s.containsMarker("$"):
            guard let t = template(s, at: path) else { return nil }
            do {
                return try t.evaluate(environment)
            } catch {
                sink.error(
                    "cannot evaluate '\(s)' for cell \(cellID): \(error.message)", at: path, hint: error.hint, offset: error.offset,
                    key: s + "\u{0}" + error.message)
                return nil
            }
        case .list(let items):
            var out: [Value] = []
            out.reserveCapacity(items.count)
            for (i, item) in items.enumerated() {
                guard let v = resolve(item, at: path / i, in: environment) else { return nil }
                out.append(v)
            }
            return .list(out)
        default:
            return value
        }
    }

    /// The resolved text of `value` (lists join with spaces).
    mutating func text(_ value: Value, at path: FieldPath, in environment: [String: Value]) -> String? {
        resolve(value, at: path, in: environment)?.text
    }

    /// The resolved items of `value`, flattening lists produced by expressions (`[${disks[:2]}, sdd]`).
    mutating func items(_ value: Value, at path: FieldPath, in environment: [String: Value]) -> [String]? {
        guard let v = resolve(value, at: path, in: environment) else { return nil }
        var out: [String] = []
        func flatten(_ v: Value) {
            if case .list(let items) = v { items.forEach(flatten) } else { out.append(v.text) }
        }
        flatten(v)
        return out
    }

    /// The argv of `words` (each resolved, lists flattened: ``items(_:at:in:)``), word `i` at `path / i`; `nil`
    /// (reported) when one cannot be resolved.
    mutating func argv(_ words: [Value], at path: FieldPath, in environment: [String: Value]) -> [String]? {
        var argv: [String] = []
        for (i, word) in words.enumerated() {
            guard let items = items(word, at: path / i, in: environment) else { return nil }
            argv += items
        }
        return argv
    }

    /// Whether the `when:` condition `value` holds for the cell: `true` without one; `nil` (reported, naming the
    /// cell) when it gives anything but a boolean.
    mutating func condition(_ value: Value?, at path: FieldPath, in environment: [String: Value]) -> Bool? {
        guard let value else { return true }
        guard let v = resolve(value, at: path, in: environment) else { return nil }
        if case .bool(let holds) = v { return holds }
        sink.error(
            "'when' must give true or false, not \(v.kindName) '\(v.text)' (cell \(cellID))", at: path,
            hint: "compare: when: ${fs == 'zfs'}", key: "condition \(v.text)")
        return nil
    }

    /// A resolved number of seconds (`60`, `"60"`, `${runtime}`), 0 to ``ExperimentLimits/runtimeSeconds``;
    /// `nil` (reported) otherwise.
    mutating func number(_ value: Value, at path: FieldPath, in environment: [String: Value]) -> Double? {
        guard let v = resolve(value, at: path, in: environment) else { return nil }
        let seconds: Double?
        switch v {
        case .int(let i): seconds = Double(i)
        case .double(let d): seconds = d
        case .string(let s): seconds = Double(s)
        default: seconds = nil
        }
        guard let seconds, seconds >= 0, seconds <= Double(ExperimentLimits.runtimeSeconds) else {
            let limit = ExperimentLimits.runtimeSeconds.groupedDigits
            sink.error(
                "expected a number of seconds from 0 to \(limit) (365 days), got '\(v.text)' (cell \(cellID))", at: path, key: "number")
            return nil
        }
        return seconds
    }
}
