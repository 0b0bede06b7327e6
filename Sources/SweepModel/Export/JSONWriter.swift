/// JSON string literals for JSON written by hand (the language schema, report rows): `"` `\` and control
/// characters escaped (`\n`, `\r`, `\t`, else `\u00XX`), everything else as is.
public enum JSONWriter {
    /// `text` as a JSON string literal.
    public static func string(_ text: String) -> String {
        var output = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                output += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: output.unicodeScalars.append(scalar)
            }
        }
        return output + "\""
    }
}
