/// A result file that could not be used: unreadable, empty, cut off, corrupt, or not what it should be.
///
/// The file is always named, so a report can say which cell is missing what, and carry on with the others.
public struct ResultFileError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Path of the file (or directory) at fault, as given to the parser or loader.
    public var file: String
    public var message: String

    public init(file: String, _ message: String) {
        self.file = file
        self.message = message
    }

    public var description: String { "\(file): error: \(message)" }
}
