import SweepModel

/// Collects planning problems, reporting each (field, problem) once however many cells hit it.
///
/// Each problem is kept with the key it was told apart by and the ``position`` it was found at (the index
/// of the cell being planned), so that the problems of cells planned apart can be merged in cell order
/// (``merge(_:from:)``) as if one sink had seen every cell.
struct DiagnosticSink {
    private(set) var diagnostics: [Diagnostic] = []
    /// The key each of ``diagnostics`` was recorded under, and the position it was recorded at.
    private var recorded: [(key: String, position: Int)] = []
    private var seen: Set<String> = []
    /// Where the planning is, recorded with each problem: the index of the cell being planned.
    var position = 0

    var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }

    /// Records an error about the field at `path`; `offset` points inside the field's text (an expression).
    mutating func error(_ message: String, at path: FieldPath?, hint: String? = nil, offset: Int? = nil, key: String? = nil) {
        let dedupe = (path?.description ?? "") + "\u{0}" + (key ?? message)
        record(Diagnostic(.error, message, hint: hint, path: path, offset: offset), key: dedupe)
    }

    mutating func append(contentsOf other: [Diagnostic]) {
        for d in other { error(d.message, at: d.path, hint: d.hint, offset: d.offset) }
    }

    /// The index in ``diagnostics`` after the last problem recorded at a position up to `position`,
    /// at or after `start`.
    func end(through position: Int, from start: Int) -> Int {
        var end = start
        while end < recorded.count, recorded[end].position <= position { end += 1 }
        return end
    }

    /// Records the problems `other` holds at `range` of its ``diagnostics`` that this sink has not seen, in order.
    mutating func merge(_ other: DiagnosticSink, from range: Range<Int>) {
        for i in range { record(other.diagnostics[i], key: other.recorded[i].key) }
    }

    private mutating func record(_ diagnostic: Diagnostic, key: String) {
        guard seen.insert(key).inserted else { return }
        diagnostics.append(diagnostic)
        recorded.append((key, position))
    }
}
