import SweepModel

extension Comparison {
    /// Which numbers a pivot shows.
    public enum PivotContent: String, Sendable, Hashable, CaseIterable {
        /// Mean of the baseline.
        case base
        /// Mean of the new results.
        case new
        /// `100 × (new − base) / base`.
        case change
    }

    /// The tidy comparison: one row per matched cell; per metric the % change, its interval (`unbounded` in
    /// both columns when it has none) and p-value when there are repeats, the verdict, and with `showValues`
    /// the two means first.
    public func grid(showValues: Bool) -> ReportGrid {
        let repeats = hasRepeats
        var header = axes
        for metric in metrics {
            if showValues { header += ["\(metric.name) base", "\(metric.name) new"] }
            header.append("\(metric.name) change %")
            if repeats { header += ["\(metric.name) ci low %", "\(metric.name) ci high %", "\(metric.name) p"] }
            header.append("\(metric.name) verdict")
        }
        let rows = cells.map { cell -> [ReportGrid.Cell] in
            var row = axes.map { cell.axes[$0].map(ReportGrid.Cell.axis) ?? .empty }
            for change in cell.changes {
                if showValues {
                    row += [Self.number(change?.estimate.base.mean), Self.number(change?.estimate.new.mean)]
                }
                row.append(Self.number(change?.estimate.percentChange))
                if repeats {
                    row += Self.intervalCells(change?.estimate) + [Self.number(change?.estimate.pValue)]
                }
                row.append(change.map { .text(Self.verdictText($0)) } ?? .empty)
            }
            return row
        }
        let caption = ["% change = 100 × (new − base) / base", sidesDescription, methodDescription].filter { !$0.isEmpty }
        return ReportGrid(caption: caption.joined(separator: "; "), header: header, rows: rows)
    }

    /// One metric pivoted: rows × columns of the base mean, the new mean or the % change. Every other
    /// matched axis must have a single value (select with `--where`).
    ///
    /// - Parameter wording: write changes as text for people (`+12.35 % improved`, with the interval when there
    ///   are repeats) instead of plain numbers (csv, json).
    public func pivotGrid(metric: Int, rows: String, columns: String, content: PivotContent, wording: Bool) throws(PivotError) -> ReportGrid
    {
        for axis in [rows, columns] where !axes.contains(axis) {
            throw PivotError("no axis \"\(axis)\" to pivot on (axes: \(axes.joined(separator: ", ")))")
        }
        let varying = axes.filter { $0 != rows && $0 != columns && values(of: $0).count > 1 }
        guard varying.isEmpty else {
            let hints = varying.map { "--where \($0)=\(values(of: $0).first?.text ?? "…")" }.joined(separator: " ")
            throw PivotError("\(varying.joined(separator: ", ")) still vary across the pivot: select one value, e.g. \(hints)")
        }
        let rowKeys = values(of: rows), columnKeys = values(of: columns)
        var lookup: [[Value]: Change] = [:]
        for cell in cells {
            guard let row = cell.axes[rows], let column = cell.axes[columns], let change = cell.changes[safe: metric] ?? nil else {
                continue
            }
            lookup[[row, column]] = change
        }
        let gridRows = rowKeys.map { row in
            [ReportGrid.Cell.axis(row)]
                + columnKeys.map { column -> ReportGrid.Cell in
                    guard let change = lookup[[row, column]] else { return .empty }
                    switch content {
                    case .base: return .number(change.estimate.base.mean)
                    case .new: return .number(change.estimate.new.mean)
                    case .change: return wording ? .text(Self.changeText(change)) : .number(change.estimate.percentChange)
                    }
                }
        }
        let subject = metrics[safe: metric].map { $0.unit.isEmpty ? $0.name : "\($0.name) (\($0.unit))" } ?? ""
        let what: String
        switch content {
        case .base:
            what =
                "\(subject), baseline"
                + (sideAxes.isEmpty ? "" : " (\(sideAxes.map { "\($0.name) \($0.base.text)" }.joined(separator: ", ")))")
        case .new:
            what =
                "\(subject), new" + (sideAxes.isEmpty ? "" : " (\(sideAxes.map { "\($0.name) \($0.new.text)" }.joined(separator: ", ")))")
        case .change:
            what =
                "\(metrics[safe: metric]?.name ?? "") % change = 100 × (new − base) / base"
                + (sidesDescription.isEmpty ? "" : "; \(sidesDescription)") + "; \(methodDescription)"
        }
        return ReportGrid(caption: "\(what); rows \(rows), columns \(columns)", header: [rows] + columnKeys.map(\.text), rows: gridRows)
    }

    /// `+12.35 % improved`, `-3.10 % [-5.02, -1.18] regressed (noisy)`, `+14.02 % [unbounded] inconclusive`.
    public static func changeText(_ change: Change) -> String {
        var text = signed(change.estimate.percentChange) + " %"
        if let interval = change.estimate.interval, change.estimate.method != .singleValues {
            text += " [\(signed(interval.lowerBound)), \(signed(interval.upperBound))]"
        } else if change.estimate.isUnbounded {
            text += " [\(unbounded)]"
        }
        let verdict = verdictText(change)
        return verdict.isEmpty ? text : "\(text) \(verdict)"
    }

    /// `improved`, `regressed`, `no significant change`, with ` (noisy)` when a side's CV is above the threshold.
    public static func verdictText(_ change: Change) -> String {
        let verdict = change.verdict?.rawValue ?? ""
        guard change.isNoisy else { return verdict }
        return verdict.isEmpty ? "(noisy)" : "\(verdict) (noisy)"
    }

    /// A % value with its sign: `+12.35`, `-3.1`, `0`.
    static func signed(_ value: Double) -> String {
        let text = NumberFormat.human(value)
        return value > 0 && value.isFinite ? "+" + text : text
    }

    /// What an interval without bounds is called in tables and captions.
    static let unbounded = "unbounded"

    /// The ci low and ci high cells: the bounds, `unbounded` twice, or empty.
    private static func intervalCells(_ estimate: ChangeEstimate?) -> [ReportGrid.Cell] {
        if estimate?.isUnbounded == true { return [.text(unbounded), .text(unbounded)] }
        return [number(estimate?.interval?.lowerBound), number(estimate?.interval?.upperBound)]
    }

    private static func number(_ value: Double?) -> ReportGrid.Cell {
        guard let value, value.isFinite else { return .empty }
        return .number(value)
    }
}
