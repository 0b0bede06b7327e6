/// Where every field of a loaded experiment file was written: `FieldPath` → line and column.
///
/// Paths follow the YAML as written (`pool.vdevs`, `matrix.numjobs[2]`, `collectors[0].iostat.interval`,
/// `workload.fio.size`). A problem found after loading — by validation or by the planner — carries a
/// `path`; ``locate(_:)`` turns it into a `file:line:column`. A path that was not written exactly
/// (a default, a shorthand form) resolves to its nearest written ancestor, so every path gets a location.
public struct SourceMap: Hashable, Sendable {
    /// The file name used in locations.
    public var file: String

    struct Entry: Hashable, Sendable {
        var line: Int
        var column: Int
        /// Columns between the mark and the first character of the text (1 for a quoted scalar);
        /// `nil` when offsets in the text cannot be mapped to columns (block scalars, multi-line text).
        var textShift: Int?
    }

    private var entries: [FieldPath: Entry] = [:]
    /// Canonical path prefixes written in a shorthand form: `hooks.before-cell[0]` → `hooks.before-cell`.
    private var aliases: [FieldPath: FieldPath] = [:]

    public init(file: String) { self.file = file }

    mutating func record(_ path: FieldPath, line: Int, column: Int, textShift: Int? = nil) {
        entries[path] = Entry(line: line, column: column, textShift: textShift)
    }

    /// Makes paths under `canonical` resolve under `written` (the decoder accepted a shorthand form).
    mutating func alias(_ canonical: FieldPath, to written: FieldPath) {
        if canonical != written { aliases[canonical] = written }
    }

    /// Whether `path` was written in the file (no ancestor fallback).
    public func contains(_ path: FieldPath) -> Bool { entries[resolve(path)] != nil }

    /// The location of `path`, or of its nearest written ancestor; the file's start for the root.
    public func location(for path: FieldPath) -> SourceLocation {
        var current: FieldPath? = resolve(path)
        while let candidate = current {
            if let entry = entries[candidate] {
                return SourceLocation(file: file, line: entry.line, column: entry.column)
            }
            current = candidate.parent
        }
        return SourceLocation(file: file, line: 1, column: 1)
    }

    /// The location of the Unicode scalar at `offset` in the text of the field at `path`
    /// (an expression error's `offset`). Falls back to the field's own location when the text
    /// was not written as a single-line scalar at exactly that path.
    public func location(for path: FieldPath, offset: Int) -> SourceLocation {
        let resolved = resolve(path)
        guard let entry = entries[resolved], let shift = entry.textShift else { return location(for: path) }
        return SourceLocation(file: file, line: entry.line, column: entry.column + shift + max(offset, 0))
    }

    /// The diagnostic with a location from its `path` (and `offset`), unless it already has one.
    public func locate(_ diagnostic: Diagnostic) -> Diagnostic {
        guard diagnostic.location == nil else { return diagnostic }
        var located = diagnostic
        let path = diagnostic.path ?? .root
        located.location = diagnostic.offset.map { location(for: path, offset: $0) } ?? location(for: path)
        return located
    }

    /// Every diagnostic located, in source order (line, then column; stable for equal locations).
    public func locate(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
        diagnostics.map(locate).enumerated().sorted { a, b in
            let la = a.element.location, lb = b.element.location
            let ka = (la?.line ?? 0, la?.column ?? 0, a.offset), kb = (lb?.line ?? 0, lb?.column ?? 0, b.offset)
            return ka < kb
        }.map(\.element)
    }

    private func resolve(_ path: FieldPath) -> FieldPath {
        guard !aliases.isEmpty else { return path }
        for length in stride(from: path.components.count, through: 1, by: -1) {
            let prefix = FieldPath(Array(path.components.prefix(length)))
            if let written = aliases[prefix] {
                return FieldPath(written.components + path.components.dropFirst(length))
            }
        }
        return path
    }
}
