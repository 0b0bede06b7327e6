import ArgumentParser
import Foundation
@testable import IOSweepCLI
import Testing

@Suite("iosweep clean")
struct CleanCommandTests {
    @Test("a directory that is not a run directory is a usage error (64)")
    func notARunDirectory() async throws {
        let directory = NSTemporaryDirectory() + "iosweep-clean-missing-\(UInt32.random(in: 0...UInt32.max))"
        let command = try #require(try IOSweep.parseAsRoot(["clean", directory]) as? IOSweep.Clean)
        await #expect(throws: ExitCode.validationFailure) { try await command.run() }
    }

    @Test("a run directory with nothing left is cleaned without error")
    func nothingLeft() async throws {
        let directory = NSTemporaryDirectory() + "iosweep-clean-empty-\(UInt32.random(in: 0...UInt32.max))"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try Data(#"{"runID":"clean-test-\#(UUID().uuidString)"}"#.utf8).write(to: URL(fileURLWithPath: directory + "/iosweep-run.json"))
        try Data(#"{"event":"run-started"}"#.utf8).write(to: URL(fileURLWithPath: directory + "/journal.jsonl"))
        let command = try #require(try IOSweep.parseAsRoot(["clean", directory]) as? IOSweep.Clean)
        try await command.run()
    }
}
