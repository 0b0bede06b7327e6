/// A plan's groups cut into blocks of consecutive groups of about ``cellsPerBlock`` cells, rendered one block
/// per processor at a time, concurrently, each into memory, and written in order: the bytes are those of
/// rendering the groups one after the other.
struct GroupBlocks: Sendable {
    /// The groups of each block and the number of cells before its first.
    private var blocks: [(groups: Range<Int>, cellsBefore: Int)] = []
    /// The renderers' default, a few megabytes of JSON.
    static let cellsPerBlock = 2048

    private let groups: PlanGroups

    /// The blocks of `groups`, each of `cellsPerBlock` cells or more (the last one fewer).
    init(_ groups: PlanGroups, cellsPerBlock: Int) {
        self.groups = groups
        var start = 0
        var cells = 0
        var before = 0
        var g = 0
        groups.forEachGroupSize { size in
            cells += size
            g += 1
            if cells >= cellsPerBlock {
                blocks.append((start..<g, before))
                start = g
                before += cells
                cells = 0
            }
        }
        if start < g { blocks.append((start..<g, before)) }
    }

    /// A block to render: its groups, the index of its first group and the number of cells before it.
    struct Block {
        let storage: PlanGroups
        let groups: Range<Int>
        let cellsBefore: Int

        /// Hands `visitor` the rows of the block's groups, in order.
        func visit<Visitor: RowVisitor>(_ visitor: inout Visitor) { storage.visit(in: groups, &visitor) }
    }

    /// Writes the bytes `render` makes of each block to `out`, in order.
    func render(to out: inout RenderSink, _ render: @Sendable (Block, inout RenderSink) -> Void) {
        if blocks.count == 1, let only = blocks.first {
            render(block(only.groups, cellsBefore: only.cellsBefore), &out)
            return
        }
        let processors = Concurrently.processors
        let buffers = (0..<processors).map { _ in Buffer() }
        for round in stride(from: 0, to: blocks.count, by: processors) {
            let these = blocks[round..<min(round + processors, blocks.count)]
            Concurrently.forEach(these.count) { i in
                let (range, before) = these[round + i]
                var sink = RenderSink(reusing: buffers[i].take())
                render(block(range, cellsBefore: before), &sink)
                buffers[i].bytes = sink.bytes
            }
            for buffer in buffers.prefix(these.count) { out.write(block: buffer.bytes) }
        }
    }

    private func block(_ range: Range<Int>, cellsBefore: Int) -> Block {
        Block(storage: groups, groups: range, cellsBefore: cellsBefore)
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
