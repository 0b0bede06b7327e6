/// The result paths of a plan's cells, looked up by content: which cell first repeats an earlier cell's path,
/// and whether a path is some cell's.
///
/// Built from the paths of runs of consecutive cells planned apart (``Run``, in cell order), without copying
/// them: open-addressing tables of cell indices, one per part of the hash space, filled concurrently (each
/// reads every run's hashes and takes the cells of its part, in cell order, so its first repeat is the first
/// of its part). A cell without a path (its problem reported) has hash 0 and is in no table.
struct ResultPathIndex {
    /// The paths of consecutive cells and their ``hash(_:)`` values (0: the cell has no path).
    struct Run {
        var paths: [String] = []
        var hashes: [UInt64] = []
    }

    /// A cell whose path an earlier cell has: both cell indices, counted over all runs.
    struct Repeat {
        var cell: Int
        var earlier: Int
    }

    private let runs: [Run]
    /// The index of each run's first cell.
    private let starts: [Int]
    /// Per part of the hash space: slots holding `hash >> 32 << 32 | (cell index + 1)`, 0 when free.
    private var tables: [[UInt64]] = []
    /// The first cell of each part whose path an earlier cell of the part has.
    private var repeats: [Repeat?] = []

    /// The index of the paths of `runs`, built with `parts` tables (at least 1) filled concurrently.
    init(_ runs: [Run], parts: Int) {
        self.runs = runs
        var next = 0
        let starts = runs.map { run in
            defer { next += run.hashes.count }
            return next
        }
        self.starts = starts
        let count = max(parts, 1)
        let built = Concurrently.map(count) { part in Self.fill(part: part, of: count, runs: runs, starts: starts) }
        tables = built.map(\.table)
        repeats = built.map(\.first)
    }

    /// The first cell, in cell order, whose path an earlier cell has.
    var firstRepeat: Repeat? { repeats.compactMap { $0 }.min { $0.cell < $1.cell } }

    /// The path of cell `index`.
    func path(_ index: Int) -> String { Self.path(index, runs: runs, starts: starts) }

    private static func path(_ index: Int, runs: [Run], starts: [Int]) -> String {
        let run = (starts.lastIndex { $0 <= index }) ?? 0
        return runs[run].paths[index - starts[run]]
    }

    /// Whether some cell's path is `path`.
    func contains(_ path: Substring) -> Bool {
        var path = path
        let hash = path.withUTF8 { Self.hash(UnsafeRawBufferPointer($0)) }
        let table = tables[Self.part(hash, of: tables.count)]
        let mask = table.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while table[slot] != 0 {
            if table[slot] >> 32 == hash >> 32, self.path(Int(truncatingIfNeeded: table[slot] & 0xFFFF_FFFF) - 1) == path {
                return true
            }
            slot = (slot + 1) & mask
        }
        return false
    }

    /// The table of part `part` of `count` and its first repeat.
    private static func fill(part: Int, of count: Int, runs: [Run], starts: [Int]) -> (table: [UInt64], first: Repeat?) {
        var members = 0
        for run in runs {
            for hash in run.hashes where hash != 0 && Self.part(hash, of: count) == part { members += 1 }
        }
        var capacity = 16
        while capacity < 2 * members { capacity *= 2 }
        var table = [UInt64](repeating: 0, count: capacity)
        let mask = capacity - 1
        var first: Repeat?
        for (r, run) in runs.enumerated() {
            for (i, hash) in run.hashes.enumerated() where hash != 0 && Self.part(hash, of: count) == part {
                let cell = starts[r] + i
                var slot = Int(truncatingIfNeeded: hash) & mask
                var known = false
                while table[slot] != 0 {
                    if table[slot] >> 32 == hash >> 32 {
                        let other = Int(truncatingIfNeeded: table[slot] & 0xFFFF_FFFF) - 1
                        if path(other, runs: runs, starts: starts) == run.paths[i] {
                            known = true
                            if first == nil { first = Repeat(cell: cell, earlier: other) }
                            break
                        }
                    }
                    slot = (slot + 1) & mask
                }
                if !known { table[slot] = (hash >> 32) << 32 | UInt64(cell + 1) }
            }
        }
        return (table, first)
    }

    /// Which of `count` parts `hash` belongs to (from bits the slots do not start from).
    private static func part(_ hash: UInt64, of count: Int) -> Int { Int(truncatingIfNeeded: (hash >> 40) % UInt64(count)) }

    /// A hash of `bytes` for these tables, never 0: eight bytes at a time, multiplied and folded.
    static func hash(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        var h: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(bytes.count)
        var i = 0
        while i + 8 <= bytes.count {
            h = (h ^ bytes.loadUnaligned(fromByteOffset: i, as: UInt64.self)) &* 0xFF51_AFD7_ED55_8CCD
            h ^= h >> 29
            i += 8
        }
        var tail: UInt64 = 0
        var shift: UInt64 = 0
        while i < bytes.count {
            tail |= UInt64(bytes[i]) << shift
            shift += 8
            i += 1
        }
        h = (h ^ tail) &* 0xC4CE_B9FE_1A85_EC53
        h ^= h >> 32
        h = h &* 0xFF51_AFD7_ED55_8CCD
        h ^= h >> 29
        return h == 0 ? 1 : h
    }
}
