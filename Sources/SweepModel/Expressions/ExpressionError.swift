/// A problem in a `${…}` expression: its syntax, an unknown name, a type or range error.
public struct ExpressionError: Error, Hashable, Sendable {
    public var message: String
    public var hint: String?
    /// Offset, in Unicode scalars, of the problem in the template text.
    public var offset: Int

    public init(_ message: String, hint: String? = nil, offset: Int) {
        self.message = message
        self.hint = hint
        self.offset = offset
    }
}
