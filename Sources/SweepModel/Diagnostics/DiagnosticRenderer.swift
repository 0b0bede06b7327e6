/// Renders diagnostics compiler style:
///
/// ```
/// seed.yaml:3:1: error: unknown key 'matirx'
/// matirx:
/// ^
///   hint: did you mean 'matrix'?
/// ```
public enum DiagnosticRenderer {
    /// One diagnostic: the `FILE:LINE:COLUMN: severity: message` line, then (when `source` is given and the
    /// line exists) the source line and a caret under the column, then `  hint: …`. Ends with a newline.
    /// `file` names the file `source` is the text of: a diagnostic located in another file (an fio job
    /// file) gets no source line.
    public static func render(_ diagnostic: Diagnostic, source: String?, file: String? = nil) -> String {
        var out = ""
        if let location = diagnostic.location {
            out += "\(location): "
        } else if let path = diagnostic.path, !path.components.isEmpty {
            out += "\(path): "
        }
        out += "\(diagnostic.severity.rawValue): \(diagnostic.message)\n"
        if let location = diagnostic.location, file == nil || location.file == file, let source, let line = line(location.line, of: source)
        {
            out += line + "\n"
            out += caretLine(under: location.column, in: line) + "\n"
        }
        if let hint = diagnostic.hint {
            out += "  hint: \(hint)\n"
        }
        return out
    }

    /// Every diagnostic, in the given order.
    public static func render(_ diagnostics: [Diagnostic], source: String?, file: String? = nil) -> String {
        diagnostics.map { render($0, source: source, file: file) }.joined()
    }

    private static func line(_ number: Int, of source: String) -> String? {
        guard number >= 1 else { return nil }
        var current = 1
        for line in source.split(separator: "\n", omittingEmptySubsequences: false) {
            if current == number {
                return line.hasSuffix("\r") ? String(line.dropLast()) : String(line)
            }
            current += 1
        }
        return nil
    }

    /// Spaces (tabs kept, so the caret lines up) up to `column`, counted in Unicode scalars as libyaml does.
    private static func caretLine(under column: Int, in line: String) -> String {
        var prefix = ""
        for (index, scalar) in line.unicodeScalars.enumerated() where index < column - 1 {
            prefix.unicodeScalars.append(scalar == "\t" ? "\t" : " ")
        }
        let missing = max(0, column - 1 - line.unicodeScalars.count)
        return prefix + String(repeating: " ", count: missing) + "^"
    }
}
