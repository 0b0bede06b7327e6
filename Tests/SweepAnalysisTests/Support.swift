import Foundation
import Testing

@testable import SweepAnalysis

/// Paths the tests read: committed fixtures, the shared samples and datasets beside the repo.
enum TestPaths {
    /// The package root, derived from this file's path (Tests/SweepAnalysisTests/Support.swift).
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    /// `../shared` beside the repository.
    static let shared = packageRoot.deletingLastPathComponent().appendingPathComponent("shared")
    static let samples = shared.appendingPathComponent("samples")

    static func fixture(_ name: String) -> String {
        Bundle.module.url(forResource: "Fixtures", withExtension: nil)!.appendingPathComponent(name).path
    }

    static func sample(_ name: String) -> String {
        samples.appendingPathComponent(name).path
    }
}

extension Trait where Self == ConditionTrait {
    /// Skips (visibly, with the reason) unless `../shared/samples` (real outputs of today's tools) is beside the repository.
    static var needsSharedSamples: Self {
        .enabled("needs ../shared/samples beside the repository (real fio and sysstat outputs)") {
            FileManager.default.fileExists(atPath: TestPaths.samples.path)
        }
    }
}

func bytes(_ path: String) throws -> [UInt8] {
    [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
}

/// Independent reading of JSON with Foundation, for expected values.
func foundationJSON(_ path: String) throws -> [String: Any] {
    var data = try Data(contentsOf: URL(fileURLWithPath: path))
    // Foundation rejects text before the document; cut it at the first line that starts with "{".
    if let text = String(data: data, encoding: .utf8), let range = text.range(of: "\n{"), !text.hasPrefix("{") {
        data = Data(text[text.index(after: range.lowerBound)...].utf8)
    }
    return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
}

func dig(_ object: Any?, _ keys: String...) -> Any? {
    var current = object
    for key in keys {
        if let index = Int(key), let array = current as? [Any] {
            current = array.indices.contains(index) ? array[index] : nil
        } else {
            current = (current as? [String: Any])?[key]
        }
    }
    return current
}

func number(_ object: Any?, _ keys: String...) -> Double? {
    var current = object
    for key in keys {
        if let index = Int(key), let array = current as? [Any] {
            current = array.indices.contains(index) ? array[index] : nil
        } else {
            current = (current as? [String: Any])?[key]
        }
    }
    return (current as? NSNumber)?.doubleValue
}

/// A whitespace table's lines as the tests read them, independently of the parsers.
func words(_ path: String) throws -> [[String]] {
    try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map {
        $0.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
    }
}

/// Seconds between two `yyyy-MM-dd HH:mm:ss` stamps, by Foundation.
func seconds(_ stamp: String) throws -> Double {
    let formatter = DateFormatter()
    formatter.locale = Locale(identifier: "en_US_POSIX")
    formatter.timeZone = TimeZone(identifier: "UTC")
    formatter.dateFormat = "yyyy-MM-dd HH:mm:ss"
    return try #require(formatter.date(from: stamp)).timeIntervalSince1970
}

/// A temporary directory removed when the value is deinitialised.
final class TemporaryDirectory {
    let path: String

    init() throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("iosweep-tests-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    func write(_ relative: String, _ contents: [UInt8]) throws {
        let url = URL(fileURLWithPath: path).appendingPathComponent(relative)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(contents).write(to: url)
    }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
    }
}
