import Foundation
import Testing
@testable import SweepModel

/// Files built to crash, hang or exhaust the loader — expressions nested thousands deep, YAML aliases expanding
/// to billions of nodes, counts in the hundreds of millions — are located errors, found quickly.
@Suite struct LimitsTests {
    /// The diagnostics of `yaml`, and how long loading took.
    static func load(_ yaml: String) -> (diagnostics: [Diagnostic], seconds: Double) {
        let start = Date()
        let found = diagnostics(yaml: yaml, file: "hostile.yaml", directory: "/")
        return (found, Date().timeIntervalSince(start))
    }

    /// An experiment whose command's one argument is `${expression}`.
    static func command(_ expression: String) -> String {
        "experiment: x\nmatrix: {a: [[1, 2]]}\nworkload:\n  command: [echo, \"${\(expression)}\"]\n"
    }

    static func expectError(
        _ yaml: String, _ message: String, line: Int?, column: Int? = nil, sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) {
        let (found, seconds) = load(yaml)
        let match = found.first { $0.message.contains(message) }
        #expect(match != nil, "no error containing '\(message)' in \(found.map(\.message))", sourceLocation: sourceLocation)
        #expect(match?.location?.file == "hostile.yaml", sourceLocation: sourceLocation)
        if let line { #expect(match?.location?.line == line, sourceLocation: sourceLocation) }
        if let column { #expect(match?.location?.column == column, sourceLocation: sourceLocation) }
        #expect(seconds < 10, "loading took \(seconds) s", sourceLocation: sourceLocation)
    }

    // Column of the first character inside "${ in `  command: [echo, "${`.
    static let inside = 22

    @Test func nestedParenthesesAreAnErrorNotAStackOverflow() {
        let deep = String(repeating: "(", count: 9_000) + "1" + String(repeating: ")", count: 9_000)
        Self.expectError(Self.command(deep), "nests more than 32 levels deep", line: 4, column: Self.inside + 32)
        // The limit itself is fine.
        let limit = String(repeating: "(", count: 31) + "1" + String(repeating: ")", count: 31)
        #expect(Self.load(Self.command(limit)).diagnostics.isEmpty)
    }

    @Test func nestedCallsAndMinusesAreAnError() {
        let calls = String(repeating: "len(", count: 10_000) + "a" + String(repeating: ")", count: 10_000)
        Self.expectError(Self.command(calls), "nests more than 32 levels deep", line: 4)
        Self.expectError(Self.command(String(repeating: "-", count: 20_000) + "1"), "nests more than 32 levels deep", line: 4)
        Self.expectError(Self.command("a" + String(repeating: "[0]", count: 5_000)), "too large", line: 4)
    }

    @Test func aLongSumIsAnErrorAtTheExpression() {
        let sum = Array(repeating: "1", count: 50_000).joined(separator: "+")
        Self.expectError(Self.command(sum), "the expression is too large: more than 256", line: 4, column: Self.inside)
        // 128 terms (255 nodes) parse and evaluate.
        let fits = Array(repeating: "1", count: 128).joined(separator: "+")
        let template = try? Template(parsing: "${\(fits)}")
        #expect((try? template?.evaluate([:])) == .int(128))
    }

    @Test func negatingTheSmallestIntegerIsAnOverflowError() throws {
        let template = try Template(parsing: "${-a}")
        #expect(throws: ExpressionError.self) { try template.evaluate(["a": .int(Int.min)]) }
        #expect(try template.evaluate(["a": .int(Int.max)]) == .int(-Int.max))
        let literal = try Template(parsing: "${-(-9223372036854775807 - 1)}")
        #expect(throws: ExpressionError.self) { try literal.evaluate([:]) }
    }

    @Test func billionLaughsIsAnErrorAtTheAlias() {
        var yaml = "experiment: x\nworkload: {command: [sh]}\n"
        yaml += "a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
        for i in 1...7 { yaml += "a\(i): &a\(i) [" + Array(repeating: "*a\(i - 1)", count: 9).joined(separator: ", ") + "]\n" }
        // a1…a5 hold 9⁵ + … nodes, under the limit; a6 (line 9, 9⁶ ≈ 531,441 more) takes the count past 1,000,000.
        Self.expectError(yaml, "expands to more than 1,000,000 nodes through an alias", line: 9)
    }

    @Test func aliasesNestingTooDeepAreAnError() {
        var yaml = "experiment: x\nworkload: {command: [sh]}\nb0: &b0 1\n"
        for i in 1..<20 {
            yaml += "b\(i): &b\(i) " + String(repeating: "[", count: 90) + "*b\(i - 1)" + String(repeating: "]", count: 90) + "\n"
        }
        Self.expectError(yaml, "nests more than 1,000 levels deep", line: nil)
    }

    @Test func aliasesWithinTheLimitsLoad() {
        let yaml = """
            experiment: x
            matrix: {numjobs: &jobs [1, 2, 4]}
            workload: {command: [sh, -c, "true ${numjobs}"]}
            hooks: {before-cell: [&sync [sync]], after-cell: [*sync]}
            """
        #expect(Self.load(yaml).diagnostics.isEmpty)
    }

    @Test func scratchCountIsLimited() {
        let yaml = "experiment: x\ndisks: {scratch: {count: 99999999, size: 1G}}\nworkload: {command: [sh]}\n"
        Self.expectError(yaml, "'disks.scratch.count' is 99999999, more than the limit of 256", line: 2)
        #expect(Scratch(count: 99_999_999, size: "1G").names.count == 256)
    }

    @Test func runtimesBeyondAYearAreAnError() {
        Self.expectError(
            "experiment: x\nworkload:\n  fio: {job: '[w]', runtime: 9223372036854775807}\n",
            "'workload.fio.runtime' is 9223372036854775807 seconds, more than the limit of 31,536,000", line: 3)
        Self.expectError(
            "experiment: x\nworkload:\n  command: {argv: [sh], runtime: 9223372036854775807}\n",
            "more than the limit of 31,536,000", line: 3)
        Self.expectError(
            "experiment: x\nworkload: {command: [sh]}\ncollectors: [vmstat: {interval: 99999999999}]\n",
            "more than the limit of 31,536,000", line: 3)
        #expect(Self.load("experiment: x\nworkload:\n  fio: {job: '[w]', runtime: 31536000}\n").diagnostics.isEmpty)
    }

    @Test func hugeSizesAreNotSizes() {
        Self.expectError("experiment: x\nworkload:\n  fio: {job: '[w]', size: 99999999999999999999T}\n", "is not a size", line: 3)
        #expect(ByteSize(parsing: "16383P") != nil)
        #expect(ByteSize(parsing: "16384P") == nil)
    }
}
