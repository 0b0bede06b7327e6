/// Control characters (Unicode general category Cc: U+0000–U+001F, U+007F–U+009F) in experiment text.
///
/// A newline in a value that reaches a command, a path or the plan breaks out of comments and log lines,
/// a NUL cuts a path short, an escape rewrites the terminal: they are rejected at load time. Free text
/// (`description`, the inline fio `job`) may hold tabs and newlines.
package enum ControlCharacters {
    /// What free text may hold.
    package static let freeText: Set<Unicode.Scalar> = ["\t", "\n"]

    /// The first control character of `text` outside `allowed`, with its Unicode-scalar offset.
    package static func first(in text: String, allowing allowed: Set<Unicode.Scalar> = []) -> (scalar: Unicode.Scalar, offset: Int)? {
        for (offset, scalar) in text.unicodeScalars.enumerated() where isControl(scalar) && !allowed.contains(scalar) {
            return (scalar, offset)
        }
        return nil
    }

    package static func isControl(_ scalar: Unicode.Scalar) -> Bool { scalar.properties.generalCategory == .control }

    /// `U+000A`.
    package static func code(_ scalar: Unicode.Scalar) -> String {
        let hex = String(scalar.value, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }

    /// `text` with each control character written as `\u{A}`, so that a message quoting it stays on one line.
    package static func visible(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isControl) else { return text }
        var out = ""
        for scalar in text.unicodeScalars {
            if isControl(scalar) {
                out += "\\u{\(String(scalar.value, radix: 16, uppercase: true))}"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
