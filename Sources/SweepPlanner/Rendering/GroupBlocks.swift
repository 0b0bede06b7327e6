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
        let buffers = (0..<processors).map { _ in Buffer() }
        for round in stride(from: 0, to: blocks.count, by: processors) {
            let these = blocks[round..<min(round + processors, blocks.count)]
            Concurrently.forEach(these.count) { i in
                let (groups, before) = these[round + i]
                var sink = RenderSink(reusing: buffers[i].take())
                block(groups, before, &sink)
                buffers[i].bytes = sink.bytes
            }
            for buffer in buffers.prefix(these.count) { out.write(block: buffer.bytes) }
        }
    }

    /// The bytes of a block, kept from one round to the next (so that its memory is touched once, not once
    /// per block): used by one thread at a time, the renderer's in a round, the writer's between rounds.
    private final class Buffer: @unchecked Sendable {
        var bytes: [UInt8] = []

        /// The bytes, left empty here (so that the taker holds the only reference).
        func take() -> [UInt8] {
            defer { bytes = [] }
            return bytes
        }
    }
}
