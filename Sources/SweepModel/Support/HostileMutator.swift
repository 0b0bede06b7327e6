/// Deterministic hostile variants of a file, for the robustness tests of every reader (experiment YAML, fio
/// JSON, collector text): the same seed gives the same mutants on every machine (``SplitMix64``).
///
/// The first fifth of the mutants cut the file at every Nth byte (a file cut off mid-write); the others apply
/// one to three of: a flipped bit, a deleted byte range, a deleted, duplicated or swapped line, a hostile token
/// (``tokens``) inserted anywhere or replacing a word, and a cut at a random byte.
package struct HostileMutator {
    /// Text an attacker or a broken tool would write: expression and YAML syntax, aliases, numbers beyond
    /// every integer and floating-point range, option-like words, control characters, broken UTF-8.
    package static let tokens: [[UInt8]] = {
        let text = [
            "${", "}", "$${", "${len(", "${disks[", "]]]]", "[[[[", "&a ", "*a", "<<: *a", "&a [*a, *a]", "{", "[", ": ", "- ",
            "#", "\"", "'", "? ", "!!binary ", "!!int ", "---\n", "...\n", "%YAML 1.1\n", "|\n", ">-\n",
            String(repeating: "9", count: 400), "99999999999999999999", "9223372036854775807", "9223372036854775808",
            "-9223372036854775809", "1e400", "-1e400", "1e-400", "nan", "NaN", "inf", "-inf", "Infinity", ".inf", ".nan",
            "0x7fffffffffffffff", "-1", "-0", "0", "1.5.5", "-o evil", "--output=/tmp/evil", "/dev/loop0", "../../",
            "\u{0}", "\\u0000", "\u{1}", "\u{7}", "\u{8}", "\u{B}", "\u{C}", "\u{1B}[2J", "\u{7F}", "\r", "\r\n", "\t", "\n", "\n\n",
            "\u{85}", "\u{2028}", "\u{FEFF}", "\u{FFFD}", "\u{1F642}", "\u{202E}",
        ]
        return text.map { Array($0.utf8) } + [[0xFF], [0xC3], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80]]
    }()

    private var generator: SplitMix64

    package init(seed: UInt64) {
        generator = SplitMix64(seed: seed)
    }

    /// `count` mutants of `original`.
    package mutating func mutants(of original: [UInt8], count: Int) -> [[UInt8]] {
        guard count > 0 else { return [] }
        let cuts = original.isEmpty ? 0 : min(count / 5, original.count)
        var out: [[UInt8]] = []
        out.reserveCapacity(count)
        if cuts > 0 {
            let stride = max(1, original.count / cuts)
            for index in 0..<cuts { out.append(Array(original.prefix(index * stride))) }
        }
        while out.count < count {
            var bytes = original
            for _ in 0...random(2) { mutate(&bytes) }
            out.append(bytes)
        }
        return out
    }

    private mutating func random(_ upTo: Int) -> Int {
        Int(generator.next(below: UInt64(upTo) + 1))
    }

    private mutating func mutate(_ bytes: inout [UInt8]) {
        let token = Self.tokens[random(Self.tokens.count - 1)]
        guard !bytes.isEmpty else {
            bytes = token
            return
        }
        let at = random(bytes.count - 1)
        switch random(8) {
        case 0: bytes[at] ^= 1 << UInt8(random(7))
        case 1: bytes.removeSubrange(at..<min(bytes.count, at + 1 + random(15)))
        case 2: bytes.insert(contentsOf: token, at: at)
        case 3: bytes.insert(contentsOf: token, at: lineStart(in: bytes, at: at))
        case 4: replaceWord(in: &bytes, at: at, with: token)
        case 5: bytes = Array(bytes.prefix(at))
        default: mutateLines(&bytes)
        }
    }

    /// Deletes, duplicates or swaps whole lines.
    private mutating func mutateLines(_ bytes: inout [UInt8]) {
        var lines = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map(Array.init)
        let a = random(lines.count - 1), b = random(lines.count - 1)
        switch random(2) {
        case 0: lines.remove(at: a)
        case 1: lines.insert(lines[a], at: b)
        default: lines.swapAt(a, b)
        }
        bytes = Array(lines.joined(separator: [UInt8(ascii: "\n")]))
    }

    /// Replaces the word (bytes between spaces, tabs, newlines, commas, colons, quotes) around `at`.
    private func replaceWord(in bytes: inout [UInt8], at: Int, with token: [UInt8]) {
        let separators: Set<UInt8> = [0x20, 0x09, 0x0A, 0x0D, UInt8(ascii: ","), UInt8(ascii: ":"), UInt8(ascii: "\"")]
        var start = at, end = at
        while start > 0, !separators.contains(bytes[start - 1]) { start -= 1 }
        while end < bytes.count, !separators.contains(bytes[end]) { end += 1 }
        bytes.replaceSubrange(start..<end, with: token)
    }

    private func lineStart(in bytes: [UInt8], at: Int) -> Int {
        var index = at
        while index > 0, bytes[index - 1] != UInt8(ascii: "\n") { index -= 1 }
        return index
    }
}
