import SweepModel

/// Collects planning problems, reporting each (field, problem) once however many cells hit it.
struct DiagnosticSink {
    private(set) var diagnostics: [Diagnostic] = []
    private var seen: Set<String> = []

    var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }

    /// Records an error about the field at `path`; `offset` points inside the field's text (an expression).
    mutating func error(_ message: String, at path: FieldPath?, hint: String? = nil, offset: Int? = nil, key: String? = nil) {
        let dedupe = (path?.description ?? "") + "\u{0}" + (key ?? message)
        guard seen.insert(dedupe).inserted else { return }
        diagnostics.append(Diagnostic(.error, message, hint: hint, path: path, offset: offset))
    }

    mutating func append(contentsOf other: [Diagnostic]) {
        for d in other { error(d.message, at: d.path, hint: d.hint, offset: d.offset) }
    }
}
