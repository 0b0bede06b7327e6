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
        var bytes: [UInt8] = []
        appendQuoted(text.utf8, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// POSIX single quoting of every byte, control bytes included (`'a'\''b'`), for any POSIX shell (dash's too):
    /// what iosweep sends to a remote shell over ssh, where bash's `$'…'` may not exist. The empty string is `''`.
    public static func singleQuoted(_ text: String) -> String {
        var bytes: [UInt8] = []
        appendSingleQuoted(text.utf8, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends `text` as ``quote(_:)`` writes it.
    static func appendQuoted(_ text: some Collection<UInt8>, to out: inout [UInt8]) {
        if !text.isEmpty, text.allSatisfy(isSafe) {
            out.append(contentsOf: text)
        } else if text.contains(where: isControl) {
            appendANSIC(text, to: &out)
        } else {
            appendSingleQuoted(text, to: &out)
        }
    }

    /// Appends `text` as ``singleQuoted(_:)`` writes it.
    private static func appendSingleQuoted(_ text: some Collection<UInt8>, to out: inout [UInt8]) {
        // By bytes: a character-wise replacement would miss a quote that a combining mark joins (`'\u{301}`).
        out.append(UInt8(ascii: "'"))
        for byte in text {
            if byte == UInt8(ascii: "'") { out.append(contentsOf: "'\\''".utf8) } else { out.append(byte) }
        }
        out.append(UInt8(ascii: "'"))
    }

    /// The placeholder names a plan binds, mapped to the script's variables for them: `run`, `cell`, `files`.
    public static let runVariables = ["run": "run", "cell": "cell", "files": "files", "results": "results", "label": "label"]

    /// A word for a bash script: each placeholder `@{name}` whose name `variables` maps becomes that
    /// variable's expansion (`"${cell}"`); any other `@{…}` stays literal text, as the runner leaves it.
    /// Tokens are found as ``Placeholder/substitute(_:_:)`` finds them (from `@{` to the next `}`).
    public static func script(_ word: String, variables: [String: String] = runVariables) -> String {
        var bytes: [UInt8] = []
        appendWord(word, variables: variables, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// A word for display: quoted like bash, placeholders shown as written (`@{run}`).
    public static func display(_ word: String) -> String {
        var bytes: [UInt8] = []
        appendWord(word, variables: nil, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// A command line: each word rendered and joined with spaces; `variables` as in ``script(_:variables:)``,
    /// `nil` for display.
    public static func command(_ argv: [String], variables: [String: String]?) -> String {
        var bytes: [UInt8] = []
        appendCommand(argv, variables: variables, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends `argv` as ``command(_:variables:)`` writes it.
    static func appendCommand(_ argv: [String], variables: [String: String]?, to out: inout [UInt8]) {
        for i in argv.indices {
            if i > 0 { out.append(UInt8(ascii: " ")) }
            appendWord(argv[i], variables: variables, to: &out)
        }
    }

    /// Appends `word` as ``script(_:variables:)`` writes it, or with `variables` `nil` as ``display(_:)`` does.
    private static func appendWord(_ word: String, variables: [String: String]?, to out: inout [UInt8]) {
        guard word.containsMarker("@") else { return appendQuoted(word.utf8, to: &out) }
        // The literal text since the last expansion, quoted as one piece: unknown tokens are part of it.
        var literal: [UInt8] = []
        var expanded = false
        Placeholder.forEachPiece(of: word) { piece in
            switch piece {
            case .literal(let text):
                literal += text.utf8
            case .token(let name):
                if let variables {
                    if let variable = variables[String(name)] {
                        if !literal.isEmpty { appendQuoted(literal, to: &out) }
                        literal.removeAll(keepingCapacity: true)
                        out += "\"${".utf8
                        out += variable.utf8
                        out += "}\"".utf8
                        expanded = true
                        return
                    }
                } else if isName(name) {
                    if !literal.isEmpty { appendQuoted(literal, to: &out) }
                    literal.removeAll(keepingCapacity: true)
                    out += "@{".utf8
                    out += name.utf8
                    out.append(UInt8(ascii: "}"))
                    expanded = true
                    return
                }
                literal += "@{".utf8
                literal += name.utf8
                literal.append(UInt8(ascii: "}"))
            }
        }
        if !literal.isEmpty || !expanded { appendQuoted(literal, to: &out) }
    }

    /// `$'…'`: printable ASCII as is (`\` and `'` escaped), tabs, newlines and carriage returns as `\t`, `\n`,
    /// `\r`, other control bytes as `\xHH` (always two digits, so a following hex digit is not swallowed),
    /// other UTF-8 bytes as is.
    private static func appendANSIC(_ text: some Collection<UInt8>, to out: inout [UInt8]) {
        out += "$'".utf8
        for byte in text {
            switch byte {
            case UInt8(ascii: "\\"), UInt8(ascii: "'"): out += [UInt8(ascii: "\\"), byte]
            case 0x0A: out += "\\n".utf8
            case 0x09: out += "\\t".utf8
            case 0x0D: out += "\\r".utf8
            case _ where isControl(byte):
                let (high, low) = Fingerprinter.hexDigits(byte)
                out += [UInt8(ascii: "\\"), UInt8(ascii: "x"), high, low]
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "'"))
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
