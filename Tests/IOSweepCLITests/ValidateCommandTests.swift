import ArgumentParser
import Foundation
import Testing
@testable import IOSweepCLI

@Suite struct ValidateCommandTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let experiments = root.appendingPathComponent("Experiments")
    static let malformed = root.appendingPathComponent("Tests/SweepModelTests/Fixtures/malformed")

    static func exitCode(_ arguments: [String]) -> Int32 {
        do {
            var command = try IOSweep.parseAsRoot(arguments)
            try command.run()
            return 0
        } catch {
            return IOSweep.exitCode(for: error).rawValue
        }
    }

    @Test func shippedExperimentsAreValid() {
        let files = ["seed.yaml", "quickstart.yaml", "directory.yaml"].map { Self.experiments.appendingPathComponent($0).path }
        #expect(Self.exitCode(["validate", "--quiet"] + files) == 0)
    }

    @Test func invalidExperimentExitsWithStatus2() {
        let bad = Self.malformed.appendingPathComponent("unknown-key.yaml").path
        let good = Self.experiments.appendingPathComponent("seed.yaml").path
        #expect(Self.exitCode(["validate", good, bad]) == 2)
        #expect(Self.exitCode(["validate", Self.malformed.appendingPathComponent("no-such-file.yaml").path]) == 2)
    }

    @Test func exportNeedsExactlyOneMode() {
        #expect(Self.exitCode(["export"]) == 64)
        #expect(Self.exitCode(["export", "--json-schema", "x.yaml"]) == 64)
        #expect(Self.exitCode(["export", "--json-schema"]) == 0)
        #expect(Self.exitCode(["export", "--yaml", Self.experiments.appendingPathComponent("seed.yaml").path]) == 0)
        #expect(Self.exitCode(["export", "--yaml", Self.malformed.appendingPathComponent("bad-size.yaml").path]) == 2)
    }
}
