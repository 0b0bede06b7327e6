/// A byte count written the way fio and losetup users write it: `4096`, `512k`, `64M`, `1G`, `2GiB`, `1T`.
///
/// Suffixes `K`, `M`, `G`, `T`, `P` (any case, optionally followed by `i` and/or `B`) are powers of 1024,
/// as in fio's default `kb_base=1024`.
public struct ByteSize: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var bytes: UInt64

    public init(bytes: UInt64) { self.bytes = bytes }

    /// Parses `text`; `nil` when it is not a size (`1Q`, `-3M`, `M`, an overflow).
    public init?(parsing text: String) {
        let scalars = Array(text.trimmingCharacters(in: " ").unicodeScalars)
        var index = 0
        var number: UInt64 = 0
        while index < scalars.count,
            let digit = scalars[index].properties.numericType == .decimal
                ? UInt64(String(scalars[index])) : nil
        {
            let (times, overflow1) = number.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times.addingReportingOverflow(digit)
            guard !overflow1, !overflow2 else { return nil }
            number = sum
            index += 1
        }
        guard index > 0 else { return nil }
        let suffix = String(String.UnicodeScalarView(scalars[index...])).lowercased()
        let exponent: Int
        if suffix.isEmpty || suffix == "b" {
            exponent = 0
        } else if let unit = suffix.first, let position = Array("kmgtp").firstIndex(of: unit),
            ["", "i", "b", "ib"].contains(String(suffix.dropFirst()))
        {
            exponent = position + 1
        } else {
            return nil
        }
        var bytes = number
        for _ in 0..<exponent {
            let (product, overflow) = bytes.multipliedReportingOverflow(by: 1024)
            guard !overflow else { return nil }
            bytes = product
        }
        self.bytes = bytes
    }

    public static func < (lhs: ByteSize, rhs: ByteSize) -> Bool { lhs.bytes < rhs.bytes }

    /// The shortest exact form: `1G`, `1536M`, `4096`.
    public var description: String {
        var value = bytes
        var index = 0
        let suffixes = ["", "K", "M", "G", "T", "P"]
        while value != 0, value % 1024 == 0, index < suffixes.count - 1 {
            value /= 1024
            index += 1
        }
        return "\(value)\(suffixes[index])"
    }
}

extension String {
    fileprivate func trimmingCharacters(in character: Character) -> String {
        var s = Substring(self)
        while s.first == character { s.removeFirst() }
        while s.last == character { s.removeLast() }
        return String(s)
    }
}
