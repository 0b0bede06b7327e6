import Foundation
import IOSweepTestSupport
import SweepModel
import SweepPlanner
import Testing

/// Experiments that load but cannot be planned — two cells writing one result path, a slice beyond the disk
/// list, an expression failing for some cell — are rejected with located diagnostics, exactly as in each
/// golden `.expected` file. (Problems the loader finds are in SweepModelTests' `Fixtures/malformed/`.)
/// Record goldens with `IOSWEEP_RECORD_GOLDEN=1 swift test --filter MalformedPlanningTests`.
@Suite struct MalformedPlanningTests {
    static let directory = TestEnvironment.fixtures + "/malformed-planning"
    static let names: [String] = {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return files.filter { $0.hasSuffix(".yaml") }.map { String($0.dropLast(5)) }.sorted()
    }()

    @Test func everyKindHasAFixture() {
        #expect(Set(Self.names).isSuperset(of: ["same-result-path", "slice-beyond-disks", "division-by-zero"]))
    }

    @Test(arguments: names) func matchesGolden(name: String) throws {
        let text = try String(contentsOfFile: "\(Self.directory)/\(name).yaml", encoding: .utf8)
        // The loader accepts it: these are planning problems.
        let file = try ExperimentLoader.load(yaml: text, file: "\(name).yaml", directory: Self.directory)
        var found: [Diagnostic] = []
        do {
            _ = try Planner(baseDirectory: file.directory).plan(file.experiment)
        } catch {
            found = file.locate(error.diagnostics)
        }
        #expect(!found.isEmpty, "\(name).yaml was planned")
        #expect(found.allSatisfy { $0.location?.file == "\(name).yaml" }, "every diagnostic has a location")
        let rendered = DiagnosticRenderer.render(found, source: text)
        let golden = "\(Self.directory)/\(name).expected"
        try Golden.expect(rendered, golden: golden)
    }
}
