/// A plan's groups cut into blocks of consecutive groups of about ``cellsPerBlock`` cells, rendered one block
/// per processor at a time, concurrently, each into memory, and written in order: the bytes are those of
/// rendering the groups one after the other.
struct GroupBlocks: Sendable {
    /// The groups of each block and the number of cells before its first.
    private var blocks: [(groups: Range<Int>, cellsBefore: Int)] = []
    /// The renderers' default, a few megabytes of JSON.
    static let cellsPerBlock = 2048

    /// The blocks of `groups`, each of `cellsPerBlock` cells or more (the last one fewer).
    init(_ groups: [CellGroup], cellsPerBlock: Int) {
        var start = 0
        var cells = 0
        var before = 0
        for (g, group) in groups.enumerated() {
            cells += group.cells.count
            if cells >= cellsPerBlock {
                blocks.append((start..<g + 1, before))
                start = g + 1
                before += cells
                cells = 0
            }
        }
        if start < groups.count { blocks.append((start..<groups.count, before)) }
    }

    /// Writes the bytes `block` makes of each block (its groups, the number of cells before them) to `out`, in order.
    func render(to out: inout RenderSink, _ block: @Sendable (Range<Int>, Int, inout RenderSink) -> Void) {
        if blocks.count == 1, let only = blocks.first {
            block(only.groups, only.cellsBefore, &out)
            return
        }
        let processors = Concurrently.processors
        for round in stride(from: 0, to: blocks.count, by: processors) {
            let these = blocks[round..<min(round + processors, blocks.count)]
            let rendered = Concurrently.map(these.count) { i in
                let (groups, before) = these[round + i]
                var sink = RenderSink(capacity: 4 << 20)
                block(groups, before, &sink)
                return sink.bytes
            }
            for bytes in rendered { out.write(block: bytes) }
        }
    }
}
