/// One problem found in an experiment, compiler style: `FILE:LINE:COLUMN: error: message`, the line, a caret, a hint.
public struct Diagnostic: Hashable, Sendable, Codable, Error {
    /// How serious the problem is: errors stop validation and planning, warnings and notes do not.
    public enum Severity: String, Hashable, Sendable, Codable {
        case error
        case warning
        case note
    }

    public var severity: Severity
    public var message: String
    /// What to do about it (`did you mean 'matrix'?`).
    public var hint: String?
    /// Where, once known. Problems found after loading carry a `path` that a `SourceMap` turns into a location.
    public var location: SourceLocation?
    /// The field the problem is about.
    public var path: FieldPath?
    /// For a problem inside a field's text (a `${…}` expression): the Unicode-scalar offset in that text,
    /// added to the field's column when a `SourceMap` locates the diagnostic (`ExpressionError.offset`).
    public var offset: Int?

    public init(
        _ severity: Severity = .error, _ message: String, hint: String? = nil,
        location: SourceLocation? = nil, path: FieldPath? = nil, offset: Int? = nil
    ) {
        self.severity = severity
        self.message = message
        self.hint = hint
        self.location = location
        self.path = path
        self.offset = offset
    }
}

/// Every problem found at once; thrown when any of them is an error.
public struct DiagnosticList: Error, Hashable, Sendable, Codable {
    public var diagnostics: [Diagnostic]

    public init(_ diagnostics: [Diagnostic]) { self.diagnostics = diagnostics }

    public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }
}
