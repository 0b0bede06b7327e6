import Foundation

/// The cells where fio's own steady-state detection (the `ss` option) gave up: fio ran them to their runtime without
/// meeting its criterion, so their numbers are not of a steady state. `status` flags each; `report` footnotes them
/// under its table (on standard error for CSV and JSON, in a section of the HTML).
public struct FioSteadyStateNotice: Sendable, Hashable {
    /// The cells' ids, in natural order.
    public var cells: [String]

    public init(cells: some Sequence<String>) {
        self.cells = cells.sorted { $0.naturallyPrecedes($1) }
    }

    public var isEmpty: Bool { cells.isEmpty }

    /// What is said of each such cell.
    public static let notAttained =
        "fio's steady state (ss) not attained: fio gave up at the runtime; its numbers are not of a steady state"

    /// The footnote under a table: `fio's steady state (ss) not attained in 2 cells: numjobs=4, numjobs=8 — …`.
    public var footnote: String {
        guard !isEmpty else { return "" }
        let count = cells.count == 1 ? "1 cell" : "\(cells.count) cells"
        return "fio's steady state (ss) not attained in \(count): \(cells.joined(separator: ", ")) — fio gave up at the runtime; "
            + (cells.count == 1 ? "its" : "their") + " numbers are not of a steady state\n"
    }
}
