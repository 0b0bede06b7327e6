/// Finds the JSON documents in tool output that may carry other text around them.
///
/// fio prints warnings before its JSON, `json+,normal` surrounds it with text, and
/// `--status-interval` writes several documents back to back. A document starts at a line that
/// begins with `{` in its first column (fio prints the top-level `{` alone on a line; nested objects
/// are indented); the parser reads exactly one value from there, and scanning continues after it.
/// A document that fails to parse ends the scan: the rest of the input is its body.
/// Everything else is kept as diagnostics.
public struct JSONDocumentScanner: Sendable {
    /// One document found in the text.
    public struct Document: Sendable {
        public var value: JSONValue
        /// Byte range of the document in the input.
        public var range: Range<Int>
    }

    /// What the scan found.
    public struct Result: Sendable {
        /// Complete documents, in file order.
        public var documents: [Document] = []
        /// A document that started but could not be parsed (cut off, or corrupt), with where it began.
        public var failure: (error: JSONSyntaxError, start: Int)?
        /// Non-blank lines outside every document (warnings, normal-format report text).
        public var otherLines: [String] = []
    }

    public init() {}

    /// Scans `bytes` for documents.
    public func scan(_ bytes: [UInt8]) -> Result {
        bytes.withUnsafeBufferPointer { buffer in scan(buffer) }
    }

    /// Scans a buffer for documents.
    public func scan(_ buffer: UnsafeBufferPointer<UInt8>) -> Result {
        var result = Result()
        var lineStart = 0
        while lineStart < buffer.count {
            var lineEnd = lineStart
            while lineEnd < buffer.count, buffer[lineEnd] != 0x0A { lineEnd += 1 }
            var first = lineStart
            while first < lineEnd, buffer[first] == 0x20 || buffer[first] == 0x09 || buffer[first] == 0x0D { first += 1 }
            if lineStart < lineEnd, buffer[lineStart] == UInt8(ascii: "{") {
                var parser = JSONParser(bytes: buffer, offset: first)
                do {
                    let value = try parser.parseValue()
                    result.documents.append(Document(value: value, range: first..<parser.offset))
                    lineStart = parser.offset
                    // The rest of the line that closed the document is not a new line.
                    while lineStart < buffer.count, buffer[lineStart] != 0x0A { lineStart += 1 }
                    lineStart += 1
                    continue
                } catch {
                    result.failure = (error, first)
                    return result
                }
            } else if first < lineEnd {
                var end = lineEnd
                while end > first, buffer[end - 1] == 0x20 || buffer[end - 1] == 0x0D { end -= 1 }
                result.otherLines.append(String(decoding: UnsafeBufferPointer(rebasing: buffer[first..<end]), as: UTF8.self))
            }
            lineStart = lineEnd + 1
        }
        return result
    }
}
