import Foundation

/// The cells an adaptive study's rules skipped, as `report` footnotes them: they have no values, and a table must
/// say why rather than leave them silently out.
public struct SkippedCells: Sendable, Hashable {
    /// Cell id → the reason journalled with its `cell-skipped`.
    public var reasons: [String: String]

    public init(_ reasons: [String: String]) { self.reasons = reasons }

    public var isEmpty: Bool { reasons.isEmpty }

    /// One line per reason, its cells in natural order: `numjobs=64, numjobs=128: saturated at numjobs=8 (+1.9 %, -0.4 %)`.
    public var lines: [String] {
        let byReason = Dictionary(grouping: reasons.keys, by: { reasons[$0] ?? "" })
        return byReason.map { reason, cells in (cells.sorted { $0.naturallyPrecedes($1) }, reason) }
            .sorted { $0.0[0].naturallyPrecedes($1.0[0]) }
            .map { cells, reason in "\(cells.joined(separator: ", ")): \(reason)" }
    }

    /// The footnote under a table: a heading line and the ``lines``.
    public var footnote: String {
        guard !isEmpty else { return "" }
        let count = reasons.count == 1 ? "1 cell" : "\(reasons.count) cells"
        return "skipped by the study's rules (\(count), no values): " + lines.joined(separator: "; ") + "\n"
    }
}
