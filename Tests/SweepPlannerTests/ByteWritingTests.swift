import SweepModel
import Testing
@testable import SweepPlanner

/// The byte writers the renderers and the fingerprints use write what the String forms they stand for write.
@Suite("Numbers and digests written as bytes")
struct ByteWritingTests {
    /// `appendDecimal` is `String(n)`'s UTF-8, at the ends of Int's range, around powers of ten, and at random.
    @Test func decimalsAreStringsDigits() {
        var generator = SplitMix64(seed: 77)
        var numbers = [0, 1, -1, 9, 10, -10, 99, 100, Int.max, Int.min, Int.max - 1, Int.min + 1]
        var power = 1
        while power <= Int.max / 10 {
            power *= 10
            numbers += [power - 1, power, power + 1, -power]
        }
        numbers += (0..<500).map { _ in Int(truncatingIfNeeded: generator.next()) }
        for number in numbers {
            var bytes: [UInt8] = Array("x".utf8)
            bytes.appendDecimal(number)
            #expect(String(decoding: bytes, as: UTF8.self) == "x\(number)")
        }
    }

    /// `append(hexOf:)` is the encoding of the bytes' lowercase hex string, two digits a byte, for every byte value.
    @Test func hexOfBytesIsTheEncodingOfTheirHexString() {
        let digits = Array("0123456789abcdef")
        for raw in [[], [0], Array(250...255), Array(0...255), Array(repeating: 0xA5, count: 32)] as [[UInt8]] {
            var direct = CanonicalEncoding()
            raw.withUnsafeBytes { direct.append(hexOf: $0) }
            var viaString = CanonicalEncoding()
            viaString.append(String(raw.flatMap { [digits[Int($0 >> 4)], digits[Int($0 & 15)]] }))
            #expect(direct.bytes == viaString.bytes)
        }
    }
}
