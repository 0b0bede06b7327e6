import Foundation
import IOSweepTestSupport
import Testing

/// The one golden-file mechanism of the test targets: a difference fails, naming the line.
@Suite struct GoldenTests {
    @Test("a golden that differs fails the test; an equal one passes; a missing one fails")
    func differencesFail() throws {
        let path = FileManager.default.temporaryDirectory.path + "/iosweep-golden-\(UUID().uuidString).txt"
        defer { try? FileManager.default.removeItem(atPath: path) }
        try "one\ntwo\n".write(toFile: path, atomically: false, encoding: .utf8)
        try Golden.expect("one\ntwo\n", golden: path)
        withKnownIssue("line 2 differs") {
            try Golden.expect("one\nthree\n", golden: path)
        }
        withKnownIssue("no golden") {
            try Golden.expect("x", golden: path + ".missing")
        }
        #expect(!Golden.isRecording, "the checks ran while recording goldens: \(Golden.recordVariable) is set")
    }
}
