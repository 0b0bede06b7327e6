import SweepModel

/// Collects planning problems, reporting each (field, problem) once however many cells hit it.
struct DiagnosticSink {
    private(set) var diagnostics: [Diagnostic] = []
    private var seen: Set<String> = []

    var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }

    mutating func error(_ message: String, at path: FieldPath?, hint: String? = nil, key: String? = nil) {
        let dedupe = (path?.description ?? "") + "\u{0}" + (key ?? message)
        guard seen.insert(dedupe).inserted else { return }
        diagnostics.append(Diagnostic(.error, message, hint: hint, path: path))
    }

    mutating func append(contentsOf other: [Diagnostic]) {
        for d in other { error(d.message, at: d.path, hint: d.hint) }
    }
}
