/// Quoting for bash. A word is split into literal text and ``Placeholder`` tokens; literal text is
/// single-quoted when it holds anything but `A–Z a–z 0–9 _ - . / , : = + @ %`, and placeholders become
/// variable expansions in double quotes: `--output=@{cell}/fio.json` → `--output="${cell}"/fio.json`.
public enum ShellWord {
    /// POSIX single quoting: `it's` → `'it'\''s'`; the empty string is `''`.
    public static func quote(_ text: String) -> String {
        if !text.isEmpty, text.utf8.allSatisfy(isSafe) { return text }
        return "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    /// A word for a bash script: placeholders `@{name}` become `"${name}"`.
    public static func script(_ word: String) -> String { render(word) { "\"${\($0)}\"" } }

    /// A word for display: quoted like bash, placeholders shown as written (`@{run}`).
    public static func display(_ word: String) -> String { render(word) { "@{\($0)}" } }

    /// A command line: each word rendered and joined with spaces.
    public static func command(_ argv: [String], display: Bool) -> String {
        argv.map { display ? Self.display($0) : script($0) }.joined(separator: " ")
    }

    private static func render(_ word: String, placeholder: (String) -> String) -> String {
        guard word.containsMarker("@") else { return quote(word) }
        var out = ""
        var rest = Substring(word)
        while let start = rest.range(of: "@{"), let close = rest[start.upperBound...].firstIndex(of: "}"),
            isName(rest[start.upperBound..<close])
        {
            if start.lowerBound > rest.startIndex { out += quote(String(rest[..<start.lowerBound])) }
            out += placeholder(String(rest[start.upperBound..<close]))
            rest = rest[rest.index(after: close)...]
        }
        if !rest.isEmpty || out.isEmpty { out += quote(String(rest)) }
        return out
    }

    private static func isName(_ s: Substring) -> Bool {
        guard let first = s.utf8.first, first == UInt8(ascii: "_") || (first | 0x20 >= UInt8(ascii: "a") && first | 0x20 <= UInt8(ascii: "z"))
        else { return false }
        return s.utf8.allSatisfy { $0 == UInt8(ascii: "_") || isAlnum($0) }
    }

    private static func isAlnum(_ b: UInt8) -> Bool {
        (b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9")) || (b | 0x20 >= UInt8(ascii: "a") && b | 0x20 <= UInt8(ascii: "z"))
    }

    private static func isSafe(_ b: UInt8) -> Bool {
        if isAlnum(b) { return true }
        switch b {
        case UInt8(ascii: "_"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "/"), UInt8(ascii: ","),
            UInt8(ascii: ":"), UInt8(ascii: "="), UInt8(ascii: "+"), UInt8(ascii: "@"), UInt8(ascii: "%"):
            return true
        default:
            return false
        }
    }
}
