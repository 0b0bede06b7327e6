/// JSON written by hand, deterministically: string literals (for JSON built as text, such as report rows and the
/// plan) and whole ``JSONValue`` documents (the language schema), objects in member order.
///
/// Strings: `"` `\` and control characters escaped (`\n`, `\r`, `\t`, else `\u00XX`), everything else as is.
public enum JSONWriter {
    /// `text` as a JSON string literal.
    public static func string(_ text: String) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count + 2)
        appendString(text, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends `text` as a JSON string literal to `bytes` (UTF-8): the one escaper every JSON writer uses (the
    /// plan's `JSONRenderer` too, a gigabyte at a time: most strings need no escape, found eight bytes at a time).
    public static func appendString(_ text: String, to bytes: inout [UInt8]) {
        var text = text
        text.withUTF8 { appendString(utf8: $0, to: &bytes) }
    }

    /// Appends the string whose UTF-8 is `utf8` as a JSON string literal to `bytes`, as ``appendString(_:to:)`` does.
    package static func appendString(utf8: UnsafeBufferPointer<UInt8>, to bytes: inout [UInt8]) {
        bytes.append(UInt8(ascii: "\""))
        if needsEscaping(utf8) { appendEscaped(utf8, to: &bytes) } else { bytes.append(contentsOf: utf8) }
        bytes.append(UInt8(ascii: "\""))
    }

    /// Whether `utf8` holds a byte below 0x20, `"` or `\`, eight bytes at a time.
    private static func needsEscaping(_ utf8: UnsafeBufferPointer<UInt8>) -> Bool {
        let raw = UnsafeRawBufferPointer(utf8)
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        var i = 0
        while i + 8 <= raw.count {
            let word = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            // A byte is zero in `x` exactly where `word` has that byte; `(x - 1s) & ~x & 0x80s` flags zero bytes,
            // and `word - 0x20s` borrows (sets a high bit not in `word`) at bytes below 0x20.
            let quote = word ^ (ones &* UInt64(UInt8(ascii: "\"")))
            let backslash = word ^ (ones &* UInt64(UInt8(ascii: "\\")))
            let flagged =
                ((quote &- ones) & ~quote) | ((backslash &- ones) & ~backslash) | ((word &- ones &* 0x20) & ~word)
            if flagged & highs != 0 { return true }
            i += 8
        }
        while i < raw.count {
            let b = raw[i]
            if b < 0x20 || b == UInt8(ascii: "\"") || b == UInt8(ascii: "\\") { return true }
            i += 1
        }
        return false
    }

    /// `utf8` with `"` `\` and control characters escaped.
    private static func appendEscaped(_ utf8: UnsafeBufferPointer<UInt8>, to bytes: inout [UInt8]) {
        var start = 0
        for i in 0..<utf8.count {
            let b = utf8[i]
            guard b < 0x20 || b == UInt8(ascii: "\"") || b == UInt8(ascii: "\\") else { continue }
            if start < i { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start..<i])) }
            start = i + 1
            bytes.append(UInt8(ascii: "\\"))
            switch b {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"): bytes.append(b)
            case 0x0A: bytes.append(UInt8(ascii: "n"))
            case 0x09: bytes.append(UInt8(ascii: "t"))
            case 0x0D: bytes.append(UInt8(ascii: "r"))
            default:
                bytes.append(contentsOf: "u00".utf8)
                bytes.append(hexDigits[Int(b >> 4)])
                bytes.append(hexDigits[Int(b & 0x0F)])
            }
        }
        if start < utf8.count { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start...])) }
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// A number as JSON: whole numbers without a fraction (`60`, `4611686018427387904`), others in Swift's
    /// shortest round-trip form, and `null` for what JSON cannot hold (`nan`, infinities).
    public static func number(_ value: Double) -> String {
        guard value.isFinite else { return "null" }
        if value.rounded() == value, abs(value) < 0x1p63 { return String(Int64(value)) }
        return String(value)
    }

    /// `value` as an indented document: one member or item per line, two spaces per level, except arrays of
    /// strings, which stay on one line.
    public static func document(_ value: JSONValue, indent: Int = 0) -> String {
        let pad = String(repeating: "  ", count: indent + 1)
        let close = String(repeating: "  ", count: indent)
        switch value {
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .number(let d): return number(d)
        case .string(let s): return string(s)
        case .array(let items):
            if items.isEmpty { return "[]" }
            if items.allSatisfy({ $0.stringValue != nil }) {
                return "[" + items.map { document($0) }.joined(separator: ", ") + "]"
            }
            return "[\n" + items.map { pad + document($0, indent: indent + 1) }.joined(separator: ",\n") + "\n\(close)]"
        case .object(let object):
            if object.members.isEmpty { return "{}" }
            return "{\n"
                + object.members.map { pad + string($0.key) + ": " + document($0.value, indent: indent + 1) }.joined(separator: ",\n")
                + "\n\(close)}"
        }
    }
}
