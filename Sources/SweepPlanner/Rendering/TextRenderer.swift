/// The human dry-run: a header (cells, steps, estimated runtime, devices destroyed), then each cell with
/// its id, result path and numbered commands. Placeholders are shown as written (`@{run}`, `@{cell}`).
///
/// With `states` (from an existing results directory) it marks cells done / stale / pending and lists
/// only what remains.
public struct TextRenderer: PlanRenderer {
    /// Cell id → mark from an existing results directory (see ``PlanRenderer``).
    public var states: [String: CellMark]
    /// Cell id → why an adaptive rule skipped it (``CellMark/skipped``), shown beside its mark.
    public var skipReasons: [String: String]

    /// About how many cells are rendered at once on each processor (see ``GroupBlocks``).
    var cellsPerBlock = GroupBlocks.cellsPerBlock

    /// With `states`, done cells are left out and the others marked (see ``PlanRenderer``).
    public init(states: [String: CellMark] = [:], skipReasons: [String: String] = [:]) {
        self.states = states
        self.skipReasons = skipReasons
    }

    public func render(_ plan: Plan, of full: Plan, to out: inout RenderSink) {
        var lines = LineMemo()
        let cellCount = full.groupStorage.cellCount
        let perCell = plan.groupStorage.isOneCellEach
        out.write("\(plan.experiment): \(counted(cellCount, "cell"))")
        if !perCell { out.write(" in \(counted(full.groupStorage.count, "pool group"))") }
        out.write(", \(full.stepCount) steps, estimated runtime \(Self.duration(full.estimatedSeconds)) (sum of workload runtimes)\n")
        if !states.isEmpty {
            var counts: [CellMark: Int] = [:]
            for cell in full.cells { counts[states[cell.id] ?? .pending, default: 0] += 1 }
            out.write(
                "status: \(counts[.done] ?? 0) done (not shown), \(counts[.stale] ?? 0) stale and \(counts[.failed] ?? 0) failed (rerun), \(counts[.pending] ?? 0) pending"
                    + (counts[.skipped].map { ", \($0) skipped by rules (asked again)" } ?? "")
            )
            out.write("; remaining: \(plan.stepCount) steps, \(Self.duration(plan.estimatedSeconds))\n")
        }
        out.write("destroys: \(plan.destroysList)\n")
        for rule in plan.rules?.descriptions ?? [] { out.write("rule: \(rule)\n") }
        for disk in plan.scratch {
            out.write("scratch: \(Placeholder.scratch(disk.name)) = loop device over \(disk.file) (\(disk.bytes) bytes, sparse)\n")
        }
        for file in plan.files {
            out.write("file: \(Placeholder.files)/\(file.name) (\(file.content.utf8.count) bytes)\n")
        }
        out.write("fingerprint: \(plan.fingerprint)\n")

        if !plan.setup.isEmpty {
            out.write("\nbefore the run\n")
            steps(&lines, plan.setup, from: 1, indent: "  ", to: &out)
        }
        let numbers = CellNumbers(full: full, isWhole: states.isEmpty && plan == full)
        GroupBlocks(plan.groupStorage, cellsPerBlock: cellsPerBlock).render(to: &out) { block, out in
            var rows = Rows(renderer: self, perCell: perCell, numbers: numbers, total: String(cellCount), index: block.cellsBefore)
            swap(&rows.out, &out)
            block.visit(&rows)
            swap(&rows.out, &out)
        }
        if !plan.teardown.isEmpty {
            out.write("\nafter the run\n")
            steps(&lines, plan.teardown, from: 1, indent: "  ", to: &out)
        }
    }

    /// Writes the groups and cells it is handed, numbered from `index` on: with `perCell`, each cell with its
    /// group's setup and teardown among its steps; else each group's setup, its cells, its teardown.
    private struct Rows: RowVisitor {
        let renderer: TextRenderer
        let perCell: Bool
        let numbers: CellNumbers
        /// The number of cells of the full plan.
        let total: String
        /// The number of cells written before.
        var index: Int
        var out = RenderSink()
        private var lines = LineMemo()
        /// The group whose cells are being written.
        private var group: GroupRow?

        var readsValues: Bool { false }

        init(renderer: TextRenderer, perCell: Bool, numbers: CellNumbers, total: String, index: Int) {
            self.renderer = renderer
            self.perCell = perCell
            self.numbers = numbers
            self.total = total
            self.index = index
        }

        mutating func begin(_ group: GroupRow) {
            self.group = group
            guard !perCell else { return }
            out.write("\npool group \(ShellWord.quote(group.keyText)): \(counted(group.cellCount, "cell"))\n")
            if !group.setup.isEmpty {
                out.write("  setup\n")
                renderer.steps(&lines, group.setup, from: 1, indent: "    ", to: &out)
            }
        }

        mutating func cell(_ cell: CellRow) {
            index += 1
            let path = ShellWord.quote(cell.resultPath)
            let number = numbers.number(cell, running: index)
            guard perCell, let group else {
                renderer.header(cell.id, number, of: total, indent: "  ", path: path, to: &out)
                renderer.steps(&lines, cell.steps, from: 1, indent: "    ", resultPath: path, to: &out)
                return
            }
            out.write(byte: UInt8(ascii: "\n"))
            renderer.header(cell.id, number, of: total, indent: "", path: path, to: &out)
            var n = renderer.steps(&lines, group.setup, from: 1, indent: "  ", to: &out)
            n = renderer.steps(&lines, cell.steps, from: n, indent: "  ", resultPath: path, to: &out)
            renderer.steps(&lines, group.teardown, from: n, indent: "  ", to: &out)
        }

        mutating func end(_ group: GroupRow) {
            self.group = nil
            guard !perCell, !group.teardown.isEmpty else { return }
            out.write("  teardown\n")
            renderer.steps(&lines, group.teardown, from: 1, indent: "    ", to: &out)
        }
    }

    /// Each cell's 1-based position in the full plan (its first, should an id repeat). When the plan is the
    /// full plan, that is the running index, except for an id seen before (``StringIndex`` finds those): no
    /// table of a million ids is built.
    private struct CellNumbers: Sendable {
        private let table: [String: Int]?
        /// The position (0-based) of each cell whose id an earlier cell has → that cell's.
        private let repeats: [Int: Int]

        init(full: Plan, isWhole: Bool) {
            guard isWhole else {
                table = Dictionary(full.cells.enumerated().map { ($1.id, $0 + 1) }, uniquingKeysWith: { a, _ in a })
                repeats = [:]
                return
            }
            table = nil
            repeats = full.groupStorage.idRepeats
        }

        /// The number of `cell`, the `index`-th written.
        func number(_ cell: CellRow, running index: Int) -> Int {
            if let table { return table[cell.idText] ?? index }
            return repeats[index - 1].map { $0 + 1 } ?? index
        }
    }

    /// `cell N/TOTAL ID → PATH [MARK]`, written piece by piece (a million of them); `path` is the quoted result path.
    private func header(
        _ id: UnsafeBufferPointer<UInt8>, _ number: Int, of total: String, indent: String, path: String, to out: inout RenderSink
    ) {
        out.write(indent)
        out.write("cell ")
        out.write(decimal: number)
        out.write(byte: UInt8(ascii: "/"))
        out.write(total)
        out.write(byte: UInt8(ascii: " "))
        out.write(bytes: id)
        out.write(" → ")
        out.write(path)
        if !states.isEmpty {
            let id = String(decoding: id, as: UTF8.self)
            let state = states[id] ?? .pending
            out.write(" [\(state.rawValue)\(state == .skipped ? skipReasons[id].map { ": " + $0 } ?? "" : "")]")
        }
        out.write(byte: UInt8(ascii: "\n"))
    }

    /// What a publish step outside a cell names: the empty path, quoted.
    private static let noResultPath = ShellWord.quote("")

    /// `steps` numbered from `first`; `resultPath` is the quoted result path the publish step names.
    @discardableResult
    private func steps(
        _ lines: inout LineMemo, _ steps: [Step], from first: Int, indent: String, resultPath: String = noResultPath,
        to out: inout RenderSink
    ) -> Int {
        lines.block(steps, from: first, indent: indent, resultPath: resultPath, to: &out)
        return first + steps.count
    }

    /// Renders each distinct argv once (the planner shares argv arrays among cells with equal steps), and each
    /// distinct step list once per first number and indent (its storage address identifies it, as the argv's
    /// does), kept as the bytes around its publish lines, which name each cell's result path. Holds at most
    /// ``limit`` bytes of step lists: when full it starts over, which costs a list rendered again, never other bytes.
    private struct LineMemo {
        private var lines: [StepLineKey: [UInt8]] = [:]
        private var blocks: [BlockKey: Lines] = [:]
        private var held = 0
        private static let limit = 16 << 20
        /// The last few step lists written, looked up before `blocks`.
        private var recent = RecentEntries<BlockKey, Lines>()

        private struct BlockKey: Hashable {
            var steps: UnsafeRawPointer
            var count: Int
            var first: Int
            /// The indent's length: indents are spaces.
            var indent: Int
        }

        /// Appends the line of `step`, which is not a publish step.
        mutating func line(_ step: Step, to out: inout [UInt8]) {
            guard let key = StepLineKey(step) else { return TextRenderer.appendLine(step, to: &out) }
            if let line = lines[key] { return out.append(contentsOf: line) }
            let start = out.count
            TextRenderer.appendLine(step, to: &out)
            lines[key] = Array(out[start...])
        }

        /// `steps` numbered from `first`, one line each, the publish lines naming `resultPath` (quoted).
        mutating func block(_ steps: [Step], from first: Int, indent: String, resultPath: String, to out: inout RenderSink) {
            guard let address = steps.withUnsafeBufferPointer({ $0.baseAddress.map(UnsafeRawPointer.init) }), !steps.isEmpty else { return }
            let key = BlockKey(steps: address, count: steps.count, first: first, indent: indent.utf8.count)
            let lines: Lines
            if let recent = recent.value(for: key) {
                lines = recent
            } else if let known = blocks[key] {
                lines = known
                recent.remember(key, lines)
            } else {
                lines = self.lines(steps, from: first, indent: indent)
                if held + lines.bytes.count > Self.limit {
                    blocks.removeAll()
                    held = 0
                }
                blocks[key] = lines
                held += lines.bytes.count
                recent.remember(key, lines)
            }
            lines.bytes.withUnsafeBufferPointer { bytes in
                var start = 0
                for cut in lines.cuts {
                    out.write(bytes: UnsafeBufferPointer(rebasing: bytes[start..<cut]))
                    out.write(resultPath)
                    start = cut
                }
                out.write(bytes: UnsafeBufferPointer(rebasing: bytes[start...]))
            }
        }

        /// The lines of a step list, and where the result path goes in them: after each `publish @{cell} → `.
        private struct Lines {
            var bytes: [UInt8] = []
            var cuts: [Int] = []
        }

        /// The lines of `steps`, numbered from `first` (right-aligned in 3 columns), each after `indent`.
        private mutating func lines(_ steps: [Step], from first: Int, indent: String) -> Lines {
            var lines = Lines()
            for (offset, step) in steps.enumerated() {
                lines.bytes.append(contentsOf: indent.utf8)
                let start = lines.bytes.count
                lines.bytes.appendDecimal(first + offset)
                let digits = lines.bytes.count - start
                if digits < 3 { lines.bytes.insert(contentsOf: repeatElement(UInt8(ascii: " "), count: 3 - digits), at: start) }
                lines.bytes.append(contentsOf: ". ".utf8)
                if step.kind == .publish {
                    lines.bytes.append(contentsOf: "publish \(Placeholder.cell) → ".utf8)
                    lines.cuts.append(lines.bytes.count)
                } else {
                    line(step, to: &lines.bytes)
                }
                lines.bytes.append(UInt8(ascii: "\n"))
            }
            return lines
        }
    }

    /// One step, not a publish step, as a shell-like line: argv quoted for bash, stdout redirect, `&` for collectors.
    private static func appendLine(_ step: Step, to out: inout [UInt8]) {
        step.appendCommandLine(variables: nil, to: &out)
        if step.kind == .collector { out += " &".utf8 }
    }

    /// `45s`, `33m00s`, `2h05m00s`; held to 0…10¹⁵ s, so that no plan (a hand-written one included) traps here.
    static func duration(_ seconds: Double) -> String {
        let total = seconds.isFinite ? Int(min(max(seconds.rounded(), 0), 1e15)) : 0
        let (h, m, s) = (total / 3600, total / 60 % 60, total % 60)
        func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
        if h > 0 { return "\(h)h\(two(m))m\(two(s))s" }
        if m > 0 { return "\(m)m\(two(s))s" }
        return "\(s)s"
    }
}
