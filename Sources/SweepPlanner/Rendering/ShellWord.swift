/// Quoting for bash. A word is split into literal text and ``Placeholder`` tokens; literal text is
/// single-quoted when it holds anything but `A–Z a–z 0–9 _ - . / , : = + @ %`, and placeholders become
/// variable expansions in double quotes: `--output=@{cell}/fio.json` → `--output="${cell}"/fio.json`.
///
/// Every byte of a value stays inside quoting: a word with a control character (a newline, a carriage
/// return, an escape…) is written in ANSI-C quoting with visible escapes (`$'a\nb'`), so a rendered word is
/// always on one line and also safe in a `#` comment, which a raw newline would end.
public enum ShellWord {
    /// POSIX single quoting: `it's` → `'it'\''s'`; the empty string is `''`; a text with a control character
    /// (bytes 0x00–0x1F and 0x7F) is ANSI-C quoted instead: `$'line one\nline two'`.
    public static func quote(_ text: String) -> String {
        if !text.isEmpty, text.utf8.allSatisfy(isSafe) { return text }
        if text.utf8.contains(where: isControl) { return ansiC(text) }
        return singleQuoted(text)
    }

    /// POSIX single quoting of every byte, control bytes included (`'a'\''b'`), for any POSIX shell (dash's too):
    /// what iosweep sends to a remote shell over ssh, where bash's `$'…'` may not exist. The empty string is `''`.
    public static func singleQuoted(_ text: String) -> String {
        // By bytes: a character-wise replacement would miss a quote that a combining mark joins (`'\u{301}`).
        var bytes: [UInt8] = [UInt8(ascii: "'")]
        for byte in text.utf8 {
            if byte == UInt8(ascii: "'") { bytes += Array("'\\''".utf8) } else { bytes.append(byte) }
        }
        bytes.append(UInt8(ascii: "'"))
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The placeholder names a plan binds, mapped to the script's variables for them: `run`, `cell`, `files`.
    public static let runVariables = ["run": "run", "cell": "cell", "files": "files", "results": "results", "label": "label"]

    /// A word for a bash script: each placeholder `@{name}` whose name `variables` maps becomes that
    /// variable's expansion (`"${cell}"`); any other `@{…}` stays literal text, as the runner leaves it.
    /// Tokens are found as ``Placeholder/substitute(_:_:)`` finds them (from `@{` to the next `}`).
    public static func script(_ word: String, variables: [String: String] = runVariables) -> String {
        render(word) { variables[String($0)].map { "\"${\($0)}\"" } }
    }

    /// A word for display: quoted like bash, placeholders shown as written (`@{run}`).
    public static func display(_ word: String) -> String { render(word) { isName($0) ? "@{\($0)}" : nil } }

    /// A command line: each word rendered and joined with spaces; `variables` as in ``script(_:variables:)``,
    /// `nil` for display.
    public static func command(_ argv: [String], variables: [String: String]?) -> String {
        // Appended to one string made large enough for the words as they are (most need no quoting).
        var line = ""
        line.reserveCapacity(argv.reduce(argv.count) { $0 + $1.utf8.count })
        for (i, word) in argv.enumerated() {
            if i > 0 { line.append(" ") }
            line.append(variables.map { script(word, variables: $0) } ?? display(word))
        }
        return line
    }

    private static func render(_ word: String, placeholder: (Substring) -> String?) -> String {
        guard word.containsMarker("@") else { return quote(word) }
        var out = ""
        var literal = ""
        Placeholder.forEachPiece(of: word) { piece in
            switch piece {
            case .literal(let text):
                literal += text
            case .token(let name):
                if let expansion = placeholder(name) {
                    if !literal.isEmpty { out += quote(literal) }
                    literal = ""
                    out += expansion
                } else {
                    literal += "@{\(name)}"
                }
            }
        }
        if !literal.isEmpty || out.isEmpty { out += quote(literal) }
        return out
    }

    /// `$'…'`: printable ASCII as is (`\` and `'` escaped), tabs, newlines and carriage returns as `\t`, `\n`,
    /// `\r`, other control bytes as `\xHH` (always two digits, so a following hex digit is not swallowed),
    /// other UTF-8 bytes as is.
    private static func ansiC(_ text: String) -> String {
        var bytes: [UInt8] = Array("$'".utf8)
        let hex = Array("0123456789abcdef".utf8)
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\\"), UInt8(ascii: "'"): bytes += [UInt8(ascii: "\\"), byte]
            case 0x0A: bytes += Array("\\n".utf8)
            case 0x09: bytes += Array("\\t".utf8)
            case 0x0D: bytes += Array("\\r".utf8)
            case _ where isControl(byte): bytes += [UInt8(ascii: "\\"), UInt8(ascii: "x"), hex[Int(byte >> 4)], hex[Int(byte & 0xF)]]
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "'"))
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func isControl(_ b: UInt8) -> Bool { b < 0x20 || b == 0x7F }

    /// Whether `s` is a placeholder name (`run`, `scratch0`): an identifier.
    static func isName(_ s: Substring) -> Bool {
        guard let first = s.utf8.first,
            first == UInt8(ascii: "_") || (first | 0x20 >= UInt8(ascii: "a") && first | 0x20 <= UInt8(ascii: "z"))
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
