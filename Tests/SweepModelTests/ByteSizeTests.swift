import Testing
@testable import SweepModel

@Suite struct ByteSizeTests {
    @Test func parsesSuffixesAsPowersOf1024() {
        #expect(ByteSize(parsing: "4096")?.bytes == 4096)
        #expect(ByteSize(parsing: "512k")?.bytes == 512 * 1024)
        #expect(ByteSize(parsing: "64M")?.bytes == 64 << 20)
        #expect(ByteSize(parsing: "1G")?.bytes == 1 << 30)
        #expect(ByteSize(parsing: "2GiB")?.bytes == 2 << 30)
        #expect(ByteSize(parsing: "1tb")?.bytes == 1 << 40)
        #expect(ByteSize(parsing: "8B")?.bytes == 8)
    }

    @Test(arguments: ["1Q", "", "M", "-3M", "1.5G", "1 G", "1MM", "99999999999999999999", "16777216T", "1iB"])
    func rejectsWhatIsNotASize(text: String) {
        #expect(ByteSize(parsing: text) == nil)
    }

    @Test func printsTheShortestExactForm() {
        #expect(ByteSize(bytes: 1 << 30).description == "1G")
        #expect(ByteSize(bytes: 1536 << 20).description == "1536M")
        #expect(ByteSize(bytes: 4097).description == "4097")
    }
}
