import SweepModel

/// Finds the JSON documents in tool output that may carry other text around them.
///
/// fio prints warnings before its JSON, `json+,normal` surrounds it with text, and
/// `--status-interval` writes several documents back to back. A document starts at a line that
/// begins with `{` in its first column (fio prints the top-level `{` alone on a line; nested objects
/// are indented), or at a `{` after other text on its line (`>{`, a capture artefact) whose first key,
/// after whitespace, is one of ``startKeys`` (a cheap check: the few bytes after each brace, so a large
/// file of other text is scanned in linear time). A UTF-8 byte-order mark at the start is skipped.
/// The parser reads exactly one value from the start, and scanning continues after it.
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

    /// The first keys of the documents looked for (fio: `fio version`, `jobs`, `client_stats`): an object
    /// that opens with one of them starts a document even after other text on its line.
    public var startKeys: [String]

    public init(startKeys: [String] = []) {
        self.startKeys = startKeys
    }

    /// Scans `bytes` for documents.
    public func scan(_ bytes: [UInt8]) -> Result {
        bytes.withUnsafeBufferPointer { buffer in scan(buffer) }
    }

    /// Scans a buffer for documents.
    public func scan(_ buffer: UnsafeBufferPointer<UInt8>) -> Result {
        var result = Result()
        var lineStart = buffer.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        while lineStart < buffer.count {
            var lineEnd = lineStart
            while lineEnd < buffer.count, buffer[lineEnd] != 0x0A { lineEnd += 1 }
            var first = lineStart
            while first < lineEnd, Self.isSpace(buffer[first]) { first += 1 }
            let start =
                lineStart < lineEnd && buffer[lineStart] == UInt8(ascii: "{") ? lineStart : documentStart(in: first..<lineEnd, of: buffer)
            if let start {
                if start > first { result.otherLines.append(Self.text(first..<start, of: buffer)) }
                var parser = JSONParser(bytes: buffer, offset: start)
                do {
                    let value = try parser.parseValue()
                    result.documents.append(Document(value: value, range: start..<parser.offset))
                    lineStart = parser.offset
                    // The rest of the line that closed the document is not a new line.
                    while lineStart < buffer.count, buffer[lineStart] != 0x0A { lineStart += 1 }
                    lineStart += 1
                    continue
                } catch {
                    result.failure = (error, start)
                    return result
                }
            } else if first < lineEnd {
                result.otherLines.append(Self.text(first..<lineEnd, of: buffer))
            }
            lineStart = lineEnd + 1
        }
        return result
    }

    /// The first `{` in `line` that opens an object whose first key is one of ``startKeys``.
    private func documentStart(in line: Range<Int>, of buffer: UnsafeBufferPointer<UInt8>) -> Int? {
        guard !startKeys.isEmpty else { return nil }
        for index in line where buffer[index] == UInt8(ascii: "{") {
            // Whitespace (fio puts the first key on the next line), then the quoted key.
            var key = index + 1
            while key < buffer.count, key - index < 64, Self.isSpace(buffer[key]) || buffer[key] == 0x0A { key += 1 }
            guard key < buffer.count, buffer[key] == UInt8(ascii: "\"") else { continue }
            let name = UnsafeBufferPointer(rebasing: buffer[(key + 1)...])
            if startKeys.contains(where: { name.starts(with: $0.utf8) && name.dropFirst($0.utf8.count).first == UInt8(ascii: "\"") }) {
                return index
            }
        }
        return nil
    }

    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0D
    }

    /// The text of `range` without trailing spaces and carriage returns.
    private static func text(_ range: Range<Int>, of buffer: UnsafeBufferPointer<UInt8>) -> String {
        var end = range.upperBound
        while end > range.lowerBound, buffer[end - 1] == 0x20 || buffer[end - 1] == 0x0D || buffer[end - 1] == 0x09 { end -= 1 }
        return String(decoding: UnsafeBufferPointer(rebasing: buffer[range.lowerBound..<end]), as: UTF8.self)
    }
}
