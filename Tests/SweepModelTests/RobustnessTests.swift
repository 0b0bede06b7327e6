import Foundation
import Testing
@testable import SweepModel

/// No input may crash the loader: each either loads or is rejected with located diagnostics.
@Suite struct RobustnessTests {
    static func check(_ text: String) {
        let found = diagnostics(yaml: text, file: "garbage.yaml", directory: "/")
        for diagnostic in found {
            #expect(diagnostic.location != nil, "\(diagnostic.message) has no location")
            _ = DiagnosticRenderer.render(diagnostic, source: text)
        }
    }

    @Test func garbageInputs() {
        let inputs = [
            "", " ", "\n\n", "~", "null", "42", "[]", "{}", "- - -", "a: b: c", "{{{{", "]]]", "experiment:",
            "experiment: [x]", "experiment: {a: 1}", "experiment: x\nworkload: 3", "experiment: x\nworkload: {}",
            "experiment: x\nworkload: {fio: ~}", "experiment: x\nworkload: {command: []}", "experiment: x\nworkload: {command: {}}",
            "experiment: x\ndisks: {scratch: 3}\nworkload: {command: [a]}", "experiment: x\nmatrix: [1]\nworkload: {command: [a]}",
            "experiment: x\nmatrix: {a: [[1, [2]], {b: 1}]}\nworkload: {command: [a]}",
            "experiment: x\npool: {name: t, vdevs: [{}]}\nworkload: {command: [a]}",
            "experiment: x\npool: {name: t, vdevs: [{mirror: [a], raidz: [b]}]}\nworkload: {command: [a]}",
            "experiment: x\nworkload: {command: [\"${\"]}", "experiment: x\nworkload: {command: [\"${a[}\"]}",
            "experiment: x\nworkload: {command: [\"${len(}\"]}", "experiment: x\nworkload: {command: [\"${99999999999999999999999}\"]}",
            "&a [*a]", "a: &x 1\nb: *y", "!!binary foo", "? [a]\n: b", "experiment: x\n<<: {workload: 1}",
            "experiment: \"\\u0000\"\nworkload: {command: [a]}", "\u{FEFF}experiment: bom\nworkload: {command: [a]}",
            "experiment: x\ncollectors: [3, [], {}, {command: 1}, {iostat: 1}]\nworkload: {command: [a]}",
            "experiment: x\nhooks: {before-cell: [[], [[]]]}\nworkload: {command: [a]}",
            "experiment: x\nmatrix: {repeat: {count: 0, after: nope}, order: random, seed: -1}\nworkload: {command: [a]}",
            "\t- tabs", String(repeating: "[", count: 5000), String(repeating: "- ", count: 2000) + "x",
        ]
        for input in inputs { Self.check(input) }
    }

    /// Every prefix (truncated file) and many single-character corruptions of the shipped experiments.
    @Test func truncatedAndCorruptedShippedExperiments() throws {
        for url in Package.shippedFiles {
            let text = try String(contentsOf: url, encoding: .utf8)
            let scalars = Array(text.unicodeScalars)
            for end in stride(from: 0, to: scalars.count, by: 7) {
                Self.check(String(String.UnicodeScalarView(scalars[..<end])))
            }
            let replacements: [Unicode.Scalar] = [":", "-", "{", "]", "$", "\"", "\t", "#", " ", "x"]
            for (i, position) in stride(from: 0, to: scalars.count, by: 11).enumerated() {
                var corrupted = scalars
                corrupted[position] = replacements[i % replacements.count]
                Self.check(String(String.UnicodeScalarView(corrupted)))
            }
        }
    }
}
