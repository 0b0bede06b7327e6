#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A byte-level JSON parser for tool output.
///
/// It parses one value starting at an offset and reports where the value ended, so callers can
/// skip text before a document, read several documents back to back, or keep the complete
/// elements of an array that was cut off. Lenient where the tools are sloppy: duplicate keys,
/// raw control characters in strings, `nan` / `inf` numbers.
public struct JSONParser: ~Copyable {
    private let bytes: UnsafeBufferPointer<UInt8>
    /// The offset of the next unread byte.
    public private(set) var offset: Int

    /// A parser over `bytes`, which must outlive it, starting at `offset`.
    public init(bytes: UnsafeBufferPointer<UInt8>, offset: Int = 0) {
        self.bytes = bytes
        self.offset = offset
    }

    /// Parses a whole buffer that holds exactly one JSON value (surrounding whitespace allowed).
    public static func parse(_ data: [UInt8]) throws(JSONSyntaxError) -> JSONValue {
        try data.withUnsafeBufferPointer { (buffer) throws(JSONSyntaxError) -> JSONValue in
            var parser = JSONParser(bytes: buffer)
            let value = try parser.parseValue()
            parser.skipWhitespace()
            guard parser.offset == buffer.count else { throw parser.error("unexpected text after the JSON value") }
            return value
        }
    }

    /// Parses one value at the current offset (leading whitespace skipped) and moves past it.
    public mutating func parseValue() throws(JSONSyntaxError) -> JSONValue {
        try parseValue(depth: 0)
    }

    /// Skips spaces, tabs, carriage returns and newlines.
    public mutating func skipWhitespace() {
        while offset < bytes.count {
            switch bytes[offset] {
            case 0x20, 0x09, 0x0A, 0x0D: offset += 1
            default: return
            }
        }
    }

    /// Consumes `byte` if it is next (after whitespace).
    public mutating func consume(_ byte: UInt8) -> Bool {
        skipWhitespace()
        guard offset < bytes.count, bytes[offset] == byte else { return false }
        offset += 1
        return true
    }

    /// Moves to `offset` (used to resume after an element that failed to parse).
    public mutating func move(to offset: Int) {
        self.offset = min(max(0, offset), bytes.count)
    }

    private static let maximumDepth = 512

    private mutating func parseValue(depth: Int) throws(JSONSyntaxError) -> JSONValue {
        skipWhitespace()
        guard offset < bytes.count else { throw error("unexpected end of input", truncated: true) }
        guard depth < Self.maximumDepth else { throw error("nesting too deep") }
        switch bytes[offset] {
        case UInt8(ascii: "{"): return .object(try parseObject(depth: depth))
        case UInt8(ascii: "["): return .array(try parseArray(depth: depth))
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): try expectWord("true"); return .bool(true)
        case UInt8(ascii: "f"): try expectWord("false"); return .bool(false)
        case UInt8(ascii: "n"):
            if offset + 1 < bytes.count, bytes[offset + 1] == UInt8(ascii: "a") { return .number(try parseNumber()) }
            try expectWord("null"); return .null
        default: return .number(try parseNumber())
        }
    }

    private mutating func parseObject(depth: Int) throws(JSONSyntaxError) -> JSONObject {
        offset += 1
        var members: [JSONObject.Member] = []
        if consume(UInt8(ascii: "}")) { return JSONObject(members) }
        while true {
            skipWhitespace()
            guard offset < bytes.count else { throw error("unexpected end of input in an object", truncated: true) }
            guard bytes[offset] == UInt8(ascii: "\"") else { throw error("expected a member name") }
            let key = try parseString()
            guard consume(UInt8(ascii: ":")) else { throw endOrError("expected ':' after \"\(key)\"") }
            let value = try parseValue(depth: depth + 1)
            members.append(JSONObject.Member(key: key, value: value))
            if consume(UInt8(ascii: ",")) { continue }
            if consume(UInt8(ascii: "}")) { return JSONObject(members) }
            throw endOrError("expected ',' or '}' in an object")
        }
    }

    private mutating func parseArray(depth: Int) throws(JSONSyntaxError) -> [JSONValue] {
        offset += 1
        var items: [JSONValue] = []
        if consume(UInt8(ascii: "]")) { return items }
        while true {
            items.append(try parseValue(depth: depth + 1))
            if consume(UInt8(ascii: ",")) { continue }
            if consume(UInt8(ascii: "]")) { return items }
            throw endOrError("expected ',' or ']' in an array")
        }
    }

    private mutating func parseString() throws(JSONSyntaxError) -> String {
        offset += 1
        let start = offset
        var hasEscape = false
        while offset < bytes.count {
            let byte = bytes[offset]
            if byte == UInt8(ascii: "\"") {
                let raw = UnsafeBufferPointer(rebasing: bytes[start..<offset])
                offset += 1
                return hasEscape ? try Self.unescape(raw, at: start) : String(decoding: raw, as: UTF8.self)
            }
            if byte == UInt8(ascii: "\\") {
                hasEscape = true
                offset += 1
            }
            offset += 1
        }
        throw error("unterminated string", truncated: true)
    }

    private static func unescape(_ raw: UnsafeBufferPointer<UInt8>, at start: Int) throws(JSONSyntaxError) -> String {
        var scalars = String.UnicodeScalarView()
        var utf8: [UInt8] = []
        utf8.reserveCapacity(raw.count)
        var index = 0
        func hex4(_ at: Int) -> UInt32? {
            guard at + 4 <= raw.count else { return nil }
            var value: UInt32 = 0
            for byte in raw[at..<at + 4] {
                guard let digit = hexDigit(byte) else { return nil }
                value = value << 4 | digit
            }
            return value
        }
        while index < raw.count {
            let byte = raw[index]
            guard byte == UInt8(ascii: "\\"), index + 1 < raw.count else {
                utf8.append(byte)
                index += 1
                continue
            }
            let escaped = raw[index + 1]
            index += 2
            switch escaped {
            case UInt8(ascii: "n"): utf8.append(0x0A)
            case UInt8(ascii: "t"): utf8.append(0x09)
            case UInt8(ascii: "r"): utf8.append(0x0D)
            case UInt8(ascii: "b"): utf8.append(0x08)
            case UInt8(ascii: "f"): utf8.append(0x0C)
            case UInt8(ascii: "u"):
                guard var code = hex4(index) else {
                    throw JSONSyntaxError(message: "invalid \\u escape", offset: start + index, truncated: false)
                }
                index += 4
                if (0xD800..<0xDC00).contains(code), index + 6 <= raw.count, raw[index] == UInt8(ascii: "\\"),
                    raw[index + 1] == UInt8(ascii: "u"), let low = hex4(index + 2), (0xDC00..<0xE000).contains(low)
                {
                    code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                    index += 6
                }
                let scalar = Unicode.Scalar(code) ?? "\u{FFFD}"
                utf8.append(contentsOf: Array(String(Character(scalar)).utf8))
            default: utf8.append(escaped)
            }
        }
        scalars.append(contentsOf: String(decoding: utf8, as: UTF8.self).unicodeScalars)
        return String(scalars)
    }

    private static func hexDigit(_ byte: UInt8) -> UInt32? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return UInt32(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return UInt32(byte - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return UInt32(byte - UInt8(ascii: "A") + 10)
        default: return nil
        }
    }

    private mutating func parseNumber() throws(JSONSyntaxError) -> Double {
        let start = offset
        while offset < bytes.count {
            switch bytes[offset] {
            case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "+"), UInt8(ascii: "."),
                UInt8(ascii: "e"), UInt8(ascii: "E"), UInt8(ascii: "a")...UInt8(ascii: "z"):
                offset += 1
            default:
                let token = UnsafeBufferPointer(rebasing: bytes[start..<offset])
                guard let value = NumberParser.parse(token) else { throw error("invalid number", at: start) }
                return value
            }
        }
        let token = UnsafeBufferPointer(rebasing: bytes[start..<offset])
        // A number that runs into the end of the input may have been cut off.
        guard let value = NumberParser.parse(token) else { throw error("invalid number", at: start, truncated: true) }
        throw error("unexpected end of input after the number \(value)", truncated: true)
    }

    private mutating func expectWord(_ word: StaticString) throws(JSONSyntaxError) {
        let count = word.utf8CodeUnitCount
        guard offset + count <= bytes.count else { throw error("unexpected end of input", truncated: true) }
        let expected = UnsafeBufferPointer(start: word.utf8Start, count: count)
        guard bytes[offset..<offset + count].elementsEqual(expected) else { throw error("invalid literal") }
        offset += count
    }

    private func endOrError(_ message: String) -> JSONSyntaxError {
        var probe = offset
        while probe < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[probe]) { probe += 1 }
        return error(probe == bytes.count ? "unexpected end of input" : message, truncated: probe == bytes.count)
    }

    private func error(_ message: String, at position: Int? = nil, truncated: Bool = false) -> JSONSyntaxError {
        JSONSyntaxError(message: message, offset: position ?? offset, truncated: truncated)
    }
}

/// Invalid or cut-off JSON, with the byte offset where parsing stopped.
public struct JSONSyntaxError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public var offset: Int
    /// The input ended before the value was complete (a file cut off mid-write).
    public var truncated: Bool

    public var description: String { "\(message) at byte \(offset)" }
}

/// Parses decimal numbers from bytes, exactly as `strtod` would.
///
/// Plain integers and decimals with at most 15 significant digits take an exact fast path
/// (Clinger's); anything else goes to `strtod` with the C locale's decimal point.
public enum NumberParser {
    private static let powersOfTen: [Double] = (0...22).map { power in
        var value = 1.0
        for _ in 0..<power { value *= 10 }
        return value
    }

    /// The number written in `token`, or `nil` if it is not a number. Accepts `nan`, `inf`, `-nan`, `-inf`.
    public static func parse(_ token: UnsafeBufferPointer<UInt8>) -> Double? {
        guard !token.isEmpty else { return nil }
        var index = 0
        var negative = false
        if token[0] == UInt8(ascii: "-") || token[0] == UInt8(ascii: "+") {
            negative = token[0] == UInt8(ascii: "-")
            index = 1
        }
        var mantissa: UInt64 = 0
        var digits = 0
        var fractionDigits = 0
        var sawDigit = false
        var sawPoint = false
        while index < token.count {
            let byte = token[index]
            if byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") {
                sawDigit = true
                if mantissa == 0 && byte == UInt8(ascii: "0") {
                    if sawPoint { fractionDigits += 1 }
                } else {
                    digits += 1
                    guard digits <= 15 else { return slowParse(token) }
                    mantissa = mantissa * 10 + UInt64(byte - UInt8(ascii: "0"))
                    if sawPoint { fractionDigits += 1 }
                }
            } else if byte == UInt8(ascii: "."), !sawPoint {
                sawPoint = true
            } else {
                return slowParse(token)
            }
            index += 1
        }
        guard sawDigit else { return nil }
        guard fractionDigits <= 22 else { return slowParse(token) }
        let value = Double(mantissa) / powersOfTen[fractionDigits]
        return negative ? -value : value
    }

    /// Parses a number in a string (`"35.23"`, `"1e3"`).
    public static func parse(_ text: some StringProtocol) -> Double? {
        var copy = String(text)
        return copy.withUTF8 { parse($0) }
    }

    private static func slowParse(_ token: UnsafeBufferPointer<UInt8>) -> Double? {
        // Cheap rejection of words (device names): a number starts with a digit, sign, point, `n` or `i`.
        guard let first = token.first, "0123456789+-.nNiI".utf8.contains(first) else { return nil }
        let lowered = String(decoding: token, as: UTF8.self).lowercased()
        switch lowered {
        case "nan", "-nan", "+nan": return .nan
        case "inf", "+inf", "infinity": return .infinity
        case "-inf", "-infinity": return -.infinity
        default: break
        }
        // Only JSON/C number syntax reaches strtod: digits, sign, point, exponent.
        guard lowered.utf8.allSatisfy({ "0123456789+-.e".utf8.contains($0) }) else { return nil }
        return lowered.withCString { pointer -> Double? in
            var end: UnsafeMutablePointer<CChar>?
            let value = strtod(pointer, &end)
            guard let end, end.pointee == 0, end != UnsafeMutablePointer(mutating: pointer) else { return nil }
            return value
        }
    }
}
