import SweepModel
import SweepRecords
/// The lines of a byte buffer split into whitespace-separated fields, as byte ranges: the byte-level
/// reading every collector text parser (iostat, vmstat, mpstat, `zpool iostat`, diskstats) shares. Only the
/// words a parser keeps (headers, device names) become strings.
///
/// A last line without its newline is not a line: a collector killed mid-write leaves one, cut anywhere,
/// even inside its last number (`25.47` read as `2`). It is skipped and ``isCutOff`` says so, so the
/// parsers put it in ``CollectorSamples/isCutOff`` and reports warn.
struct TextFields {
    let buffer: UnsafeBufferPointer<UInt8>
    /// The current line, without its newline.
    private(set) var line: Range<Int> = 0..<0
    /// The fields of the current line (spaces, tabs and carriage returns separate them); never empty.
    private(set) var fields: [Range<Int>] = []
    /// The buffer ends in a line with fields but no newline, which ``advance()`` skipped.
    private(set) var isCutOff = false
    private var next = 0
    private var nameCache: (bytes: [UInt8], text: String) = ([], "")

    init(_ buffer: UnsafeBufferPointer<UInt8>) {
        self.buffer = buffer
    }

    /// Moves to the next complete line that has a field (blank lines are skipped); `false` at the end of the
    /// buffer, and at a last line without its newline (``isCutOff``).
    mutating func advance() -> Bool {
        while next < buffer.count {
            let terminated = readLine()
            if fields.isEmpty { continue }
            guard terminated else {
                isCutOff = true
                return false
            }
            return true
        }
        return false
    }

    /// The first field of the current line.
    var first: Range<Int> { fields[0] }

    /// Reads the line at `next`; returns whether it ends in a newline.
    private mutating func readLine() -> Bool {
        var end = next
        while end < buffer.count, buffer[end] != 0x0A { end += 1 }
        line = next..<end
        next = end + 1
        fields.removeAll(keepingCapacity: true)
        var index = line.lowerBound
        while index < end {
            while index < end, Self.isSpace(buffer[index]) { index += 1 }
            let start = index
            while index < end, !Self.isSpace(buffer[index]) { index += 1 }
            if index > start { fields.append(start..<index) }
        }
        return end < buffer.count
    }

    /// The bytes of `range` as a string.
    func text(_ range: Range<Int>) -> String {
        String(decoding: bytes(range), as: UTF8.self)
    }

    /// Whether `range` holds exactly `word`.
    func equals(_ range: Range<Int>, _ word: StaticString) -> Bool {
        range.count == word.utf8CodeUnitCount
            && buffer[range].elementsEqual(UnsafeBufferPointer(start: word.utf8Start, count: word.utf8CodeUnitCount))
    }

    /// The bytes of `range`.
    func bytes(_ range: Range<Int>) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(rebasing: buffer[range])
    }

    /// The number written in `range`, if it is one.
    func number(_ range: Range<Int>) -> Double? {
        NumberParser.parse(bytes(range))
    }

    /// Whether `range` starts with an ASCII digit.
    func startsWithDigit(_ range: Range<Int>) -> Bool {
        !range.isEmpty && buffer[range.lowerBound] >= UInt8(ascii: "0") && buffer[range.lowerBound] <= UInt8(ascii: "9")
    }

    /// Appends the numbers of `fields[from...]` to `values` (emptied first), stopping at the first word
    /// that is not a number; returns how many fields were numbers.
    @discardableResult
    func numbers(from: Int, into values: inout [Double]) -> Int {
        values.removeAll(keepingCapacity: true)
        for field in fields[from...] {
            guard let value = number(field) else { break }
            values.append(value)
        }
        return values.count
    }

    /// `range` as a string, made once while consecutive lines repeat it (the device or CPU names of a report).
    mutating func name(_ range: Range<Int>) -> String {
        if !buffer[range].elementsEqual(nameCache.bytes) {
            nameCache = (Array(buffer[range]), text(range))
        }
        return nameCache.text
    }

    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0D
    }
}
