import Foundation
import Testing

/// Golden files for rendered output: one mechanism for every test target.
///
/// `IOSWEEP_RECORD_GOLDEN=1 swift test --filter NAME` rewrites the goldens in the source tree, and **fails**
/// each test that rewrote one, so a recording run can never pass as a check; run again without it to check.
package enum Golden {
    /// The environment variable that records.
    package static let recordVariable = "IOSWEEP_RECORD_GOLDEN"

    package static var isRecording: Bool {
        ProcessInfo.processInfo.environment[recordVariable].map { !$0.isEmpty && $0 != "0" } ?? false
    }

    /// Compares `actual` with the golden at `golden` (the copy the test reads, often a resource); while recording,
    /// writes `actual` to `source` (the file in the source tree; `golden` when nil) and records an issue.
    package static func expect(
        _ actual: String, golden: String, source: String? = nil, sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let name = URL(fileURLWithPath: golden).lastPathComponent
        if isRecording {
            let target = source ?? golden
            if (try? String(contentsOfFile: target, encoding: .utf8)) != actual {
                try actual.write(toFile: target, atomically: true, encoding: .utf8)
            }
            Issue.record("recorded \(target); run again without \(recordVariable) to check it", sourceLocation: sourceLocation)
            return
        }
        guard let expected = try? String(contentsOfFile: golden, encoding: .utf8) else {
            Issue.record("no golden file \(golden): record it with \(recordVariable)=1", sourceLocation: sourceLocation)
            return
        }
        guard actual != expected else { return }
        let a = actual.split(separator: "\n", omittingEmptySubsequences: false)
        let e = expected.split(separator: "\n", omittingEmptySubsequences: false)
        let line = (0..<min(a.count, e.count)).first { a[$0] != e[$0] } ?? min(a.count, e.count)
        Issue.record(
            """
            \(name) differs from its golden file at line \(line + 1) (\(recordVariable)=1 records it):
            expected: \(line < e.count ? String(e[line]) : "<end>")
            actual:   \(line < a.count ? String(a[line]) : "<end>")
            """, sourceLocation: sourceLocation)
    }
}
