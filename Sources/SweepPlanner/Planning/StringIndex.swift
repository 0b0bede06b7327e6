/// A string per cell of a plan (its result path, its id), looked up by content: which cells repeat an earlier
/// cell's string, and whether a string is some cell's.
///
/// Built from the strings of runs of consecutive cells made apart (``Run``, in cell order), without copying
/// them: open-addressing tables of cell indices, one per part of the hash space, filled concurrently (each
/// reads every run's hashes and takes the cells of its part, in cell order, so it finds each repeat with the
/// first cell that has its string). A cell without a string (a path whose problem was reported) has hash 0
/// and is in no table.
struct StringIndex: Sendable {
    /// The strings of consecutive cells and their ``hash(_:)`` values (0: the cell has none).
    struct Run: Sendable {
        var strings: [String] = []
        var hashes: [UInt64] = []

        /// Appends `string`, hashed.
        mutating func append(_ string: String) {
            var string = string
            hashes.append(string.withUTF8 { StringIndex.hash(UnsafeRawBufferPointer($0)) })
            strings.append(string)
        }
    }

    /// A cell whose string an earlier cell has: both cell indices, counted over all runs, `earlier` the first
    /// cell with the string.
    struct Repeat: Sendable {
        var cell: Int
        var earlier: Int
    }

    private let runs: [Run]
    /// The index of each run's first cell.
    private let starts: [Int]
    /// Per part of the hash space: slots holding `hash >> 32 << 32 | (cell index + 1)`, 0 when free.
    private var tables: [[UInt64]] = []
    /// Every repeat, per part, in cell order.
    private var repeats: [[Repeat]] = []

    /// The index of the strings of `runs`, built with `parts` tables (at least 1) filled concurrently.
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
        repeats = built.map(\.repeats)
    }

    /// The first cell, in cell order, whose string an earlier cell has.
    var firstRepeat: Repeat? { repeats.compactMap(\.first).min { $0.cell < $1.cell } }

    /// Every cell whose string an earlier cell has → the first cell with its string.
    var allRepeats: [Int: Int] {
        var all: [Int: Int] = [:]
        for part in repeats {
            for found in part { all[found.cell] = found.earlier }
        }
        return all
    }

    /// The string of cell `index`.
    func string(_ index: Int) -> String { Self.string(index, runs: runs, starts: starts) }

    private static func string(_ index: Int, runs: [Run], starts: [Int]) -> String {
        let run = (starts.lastIndex { $0 <= index }) ?? 0
        return runs[run].strings[index - starts[run]]
    }

    /// Whether some cell's string is `string`.
    func contains(_ string: Substring) -> Bool {
        var string = string
        let hash = string.withUTF8 { Self.hash(UnsafeRawBufferPointer($0)) }
        let table = tables[Self.part(hash, of: tables.count)]
        let mask = table.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while table[slot] != 0 {
            if table[slot] >> 32 == hash >> 32, self.string(Int(truncatingIfNeeded: table[slot] & 0xFFFF_FFFF) - 1) == string {
                return true
            }
            slot = (slot + 1) & mask
        }
        return false
    }

    /// The table of part `part` of `count` and its repeats.
    private static func fill(part: Int, of count: Int, runs: [Run], starts: [Int]) -> (table: [UInt64], repeats: [Repeat]) {
        var members = 0
        for run in runs {
            for hash in run.hashes where hash != 0 && Self.part(hash, of: count) == part { members += 1 }
        }
        var capacity = 16
        while capacity < 2 * members { capacity *= 2 }
        var table = [UInt64](repeating: 0, count: capacity)
        let mask = capacity - 1
        var repeats: [Repeat] = []
        for (r, run) in runs.enumerated() {
            for (i, hash) in run.hashes.enumerated() where hash != 0 && Self.part(hash, of: count) == part {
                let cell = starts[r] + i
                var slot = Int(truncatingIfNeeded: hash) & mask
                var known = false
                while table[slot] != 0 {
                    if table[slot] >> 32 == hash >> 32 {
                        let other = Int(truncatingIfNeeded: table[slot] & 0xFFFF_FFFF) - 1
                        if string(other, runs: runs, starts: starts) == run.strings[i] {
                            known = true
                            repeats.append(Repeat(cell: cell, earlier: other))
                            break
                        }
                    }
                    slot = (slot + 1) & mask
                }
                if !known { table[slot] = (hash >> 32) << 32 | UInt64(cell + 1) }
            }
        }
        return (table, repeats)
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
