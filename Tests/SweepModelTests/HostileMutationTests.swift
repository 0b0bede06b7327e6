import Foundation
import Testing
@testable import SweepModel

/// The hostile mutation corpus: 500 seeded mutants of each shipped experiment (cuts at every Nth byte, flipped
/// bits, deleted and duplicated lines, hostile tokens such as `${`, `]]]]`, `<<: *a`, 400-digit numbers,
/// `-o evil`, control characters and broken UTF-8). Each loads, or is rejected with errors that all point
/// into the file; none crashes or hangs.
@Suite struct HostileMutationTests {
    static let mutantsPerFile = 500

    @Test(arguments: Package.shippedFiles.map(\.lastPathComponent))
    func mutantsOfShippedExperimentsLoadOrAreLocated(_ name: String) throws {
        let original = [UInt8](try Data(contentsOf: Package.experiments.appendingPathComponent(name)))
        var mutator = HostileMutator(seed: 0x1057_5EED ^ UInt64(original.count))
        var loaded = 0
        for (index, mutant) in mutator.mutants(of: original, count: Self.mutantsPerFile).enumerated() {
            let text = String(decoding: mutant, as: UTF8.self)
            do {
                _ = try ExperimentLoader.load(yaml: text, file: name, directory: Package.experiments.path)
                loaded += 1
            } catch {
                Self.expectLocated(error, in: text, file: name, mutant: index)
            }
        }
        // Most mutants break the file; some (a comment changed, a duplicated axis value removed) still load.
        #expect(loaded < Self.mutantsPerFile)
    }

    /// Rejected: at least one error, and every diagnostic at `file:line:column` inside the text.
    static func expectLocated(_ error: DiagnosticList, in text: String, file: String, mutant index: Int) {
        #expect(error.hasErrors, "mutant \(index) of \(file): rejected without an error")
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).count
        for diagnostic in error.diagnostics {
            guard let location = diagnostic.location else {
                Issue.record("mutant \(index) of \(file): '\(diagnostic.message)' has no location")
                continue
            }
            #expect(location.file == file, "mutant \(index): \(location) names another file")
            #expect(
                (1...lines + 1).contains(location.line) && location.column >= 1,
                "mutant \(index) of \(file): \(location) is outside the file's \(lines) lines: \(diagnostic.message)")
            #expect(!diagnostic.message.isEmpty)
            _ = DiagnosticRenderer.render(diagnostic, source: text)
        }
    }
}
