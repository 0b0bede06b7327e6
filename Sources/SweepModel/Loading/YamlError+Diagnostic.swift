import Yams

extension Diagnostic {
    /// A YAML syntax error from libyaml, at its mark, with a hint for the common traps.
    init(_ error: YamlError, file: String) {
        func at(_ mark: Mark) -> SourceLocation { SourceLocation(file: file, line: max(mark.line, 1), column: max(mark.column, 1)) }
        let start = SourceLocation(file: file, line: 1, column: 1)
        switch error {
        case .scanner(let context, let problem, let mark, let yaml),
            .parser(let context, let problem, let mark, let yaml),
            .composer(let context, let problem, let mark, let yaml):
            let message = context.map { "\($0.text), \(problem)" } ?? problem
            let started = context.map {
                "the \($0.text.replacingOccurrences(of: "while parsing a ", with: "")) started at line \($0.mark.line), column \($0.mark.column)"
            }
            let hint = Self.yamlHint(problem: problem, mark: mark, yaml: yaml) ?? started
            self.init(.error, "YAML syntax: \(message)", hint: hint, location: at(mark))
        case .reader(let problem, _, _, _):
            self.init(.error, "YAML: \(problem)", hint: "the file must be UTF-8 text", location: start)
        case .duplicatedKeysInMapping(let duplicates, let context):
            let names = duplicates.map { "'\($0)'" }.joined(separator: ", ")
            self.init(
                .error, "duplicate key \(names) in a mapping", hint: "each key may appear once; merge the entries",
                location: at(context.mark))
        default:
            self.init(.error, "YAML: \(error)", location: start)
        }
    }

    /// `${…}` inside a flow mapping or list (`{ devices: ${disks}, … }`) is the usual cause of a flow error:
    /// `{`, `}`, `[`, `]` and `,` end a plain scalar there.
    private static func yamlHint(problem: String, mark: Mark, yaml: String) -> String? {
        let lines = yaml.split(separator: "\n", omittingEmptySubsequences: false)
        guard mark.line >= 1, mark.line <= lines.count else { return nil }
        let line = lines[mark.line - 1]
        if line.contains("${"), line.contains("{ ") || line.contains("[") || line.contains(",") {
            return "inside { … } or [ … ], a '${' that is not a complete expression ends the value; check its braces or quote it"
        }
        if line.contains("\t") { return "YAML indentation must use spaces, not tabs" }
        return nil
    }
}
