import Foundation
import IOSweepTestSupport
import Testing
@testable import SweepModel

/// Every malformed fixture is rejected with exactly the diagnostics of its golden `.expected` file
/// (`file:line:column: error: message`, the source line, the caret and the hint).
/// Record goldens with `IOSWEEP_RECORD_GOLDEN=1 swift test --filter MalformedExperimentTests`.
@Suite struct MalformedExperimentTests {
    static let names: [String] = {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: Package.malformed.path)) ?? []
        return files.filter { $0.hasSuffix(".yaml") }.map { String($0.dropLast(5)) }.sorted()
    }()

    @Test func thereIsAFixturePerErrorKind() {
        #expect(Self.names.count >= 15)
    }

    @Test(arguments: names) func matchesGolden(name: String) throws {
        let directory = Package.malformed
        let text = try String(contentsOf: directory.appendingPathComponent("\(name).yaml"), encoding: .utf8)
        let found = diagnostics(yaml: text, file: "\(name).yaml", directory: directory.path)
        #expect(!found.isEmpty, "\(name).yaml was accepted")
        #expect(found.allSatisfy { $0.location != nil }, "every diagnostic has a location")
        #expect(found.allSatisfy { $0.location?.file == "\(name).yaml" })
        let rendered = DiagnosticRenderer.render(found, source: text)
        try Golden.expect(
            rendered, golden: directory.appendingPathComponent("\(name).expected").path,
            source: Package.malformedSource.appendingPathComponent("\(name).expected").path)
    }
}
