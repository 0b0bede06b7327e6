import Foundation
@testable import SweepModel

/// Paths of the package, found from this file's location.
enum Package {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let experiments = root.appendingPathComponent("Experiments")
    /// The shipped YAML experiments.
    static var shippedFiles: [URL] {
        ((try? FileManager.default.contentsOfDirectory(at: experiments, includingPropertiesForKeys: nil)) ?? [])
            .filter { $0.pathExtension == "yaml" }.sorted { $0.lastPathComponent < $1.lastPathComponent }
    }
    /// The malformed fixtures (resources), and their source directory for recording goldens.
    static let malformedSource = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/malformed")
    static var malformed: URL {
        Bundle.module.resourceURL?.appendingPathComponent("Fixtures/malformed") ?? malformedSource
    }
}

/// Loads text, returning the diagnostics instead of throwing them.
func diagnostics(yaml: String, file: String = "test.yaml", directory: String = "/nonexistent") -> [Diagnostic] {
    do {
        _ = try ExperimentLoader.load(yaml: yaml, file: file, directory: directory)
        return []
    } catch {
        return error.diagnostics
    }
}

extension Package {
    /// `Fixtures/` (resources).
    static var fixtures: URL {
        Bundle.module.resourceURL?.appendingPathComponent("Fixtures") ?? malformedSource.deletingLastPathComponent()
    }
}
