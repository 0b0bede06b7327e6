import Foundation

/// A failed file operation, naming the path.
public struct FileSystemError: Error, Hashable, Sendable, CustomStringConvertible {
    public var path: String
    public var operation: String
    public var code: Int32
    public var detail: String?

    public init(path: String, operation: String, code: Int32, detail: String? = nil) {
        self.path = path
        self.operation = operation
        self.code = code
        self.detail = detail
    }

    public var description: String {
        "cannot \(operation) \(path): \(detail ?? String(cString: strerror(code)))"
    }
}
