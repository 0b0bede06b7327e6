import Foundation
import IOSweepTestSupport
import Testing

/// Files built to crash `iosweep` (stack overflow, trap on overflow) or to exhaust it (10¹² cells, 10⁸ scratch
/// disks, YAML aliases expanding to 10⁹ nodes), run through the built binary: each exits 2 at once with a
/// located `file:line:column: error:`.
@Suite struct HostileInputTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var yaml: String
        var message: String
        var line: Int
        var testDescription: String { name }
    }

    static let command = "workload:\n  command: [sh, -c, 'true']\n"

    /// A command workload whose last argument is `${expression}` (line 3).
    static func expression(_ name: String, _ text: String, _ message: String) -> Case {
        Case(name: name, yaml: "experiment: x\nworkload:\n  command: [echo, \"${\(text)}\"]\n", message: message, line: 3)
    }

    /// A matrix of `axes` axes of ten values (lines 3…).
    static func matrix(_ axes: Int, _ message: String) -> Case {
        let lines = (0..<axes).map { "  a\($0): [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]\n" }.joined()
        return Case(name: "\(axes)-axis matrix", yaml: "experiment: x\nmatrix:\n" + lines + command, message: message, line: 3)
    }

    static let cases: [Case] = {
        var laughs = "experiment: x\n" + command + "a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
        for i in 1...7 { laughs += "a\(i): &a\(i) [" + Array(repeating: "*a\(i - 1)", count: 9).joined(separator: ", ") + "]\n" }
        let min = "(-9223372036854775807 - 1)"
        return [
            expression(
                "9,000 parentheses", String(repeating: "(", count: 9_000) + "1" + String(repeating: ")", count: 9_000),
                "nests more than 32 levels deep"),
            expression(
                "10,000 len(", String(repeating: "len(", count: 10_000) + "experiment" + String(repeating: ")", count: 10_000),
                "nests more than 32 levels deep"),
            expression("50,000-term sum", Array(repeating: "1", count: 50_000).joined(separator: " + "), "the expression is too large"),
            expression("max + 1", "9223372036854775807 + 1", "integer overflow in '+'"),
            expression("max * 2", "9223372036854775807 * 2", "integer overflow in '*'"),
            expression("min - 1", "\(min) - 1", "integer overflow in '-'"),
            expression("division by zero", "1 / 0", "division by zero"),
            expression("remainder by zero", "1 % 0", "division by zero"),
            expression("min % -1", "\(min) % -1", "integer overflow in '%'"),
            expression("min / -1", "\(min) / -1", "integer overflow in '/'"),
            expression("-min", "-\(min)", "integer overflow in '-'"),
            Case(
                name: "fio runtime Int.max", yaml: "experiment: x\nworkload:\n  fio: {job: '[w]', runtime: 9223372036854775807}\n",
                message: "more than the limit of 31,536,000", line: 3),
            Case(
                name: "three cells of runtime 2^62",
                yaml: "experiment: x\nmatrix: {r: [4611686018427387904, 4611686018427387905, 4611686018427387906]}\n"
                    + "workload:\n  fio: {job: '[w]', runtime: '${r}'}\n",
                message: "expected a number of seconds from 0 to 31,536,000", line: 4),
            Case(
                name: "command runtime Int.max", yaml: "experiment: x\nworkload:\n  command: {argv: [sh], runtime: 9223372036854775807}\n",
                message: "more than the limit of 31,536,000", line: 3),
            Case(
                name: "repeat Int.max", yaml: "experiment: x\nmatrix:\n  repeat: 9223372036854775807\n" + command,
                message: "the matrix has 9,223,372,036,854,775,807 cells, more than the limit of 1,000,000", line: 3),
            Case(
                name: "repeat after", yaml: "experiment: x\nmatrix:\n  a: [1, 2]\n  repeat: {count: 99999999999, after: a}\n" + command,
                message: "the matrix has 199,999,999,998 cells", line: 4),
            Case(
                name: "size 99999999999999999999T", yaml: "experiment: x\nworkload:\n  fio: {job: '[w]', size: 99999999999999999999T}\n",
                message: "is not a size", line: 3),
            matrix(9, "the matrix has 1,000,000,000 cells, more than the limit of 1,000,000"),
            matrix(12, "the matrix has 1,000,000,000,000 cells"),
            matrix(30, "the matrix has 1,000,000,000,000,000,000,000,000,000,000 cells"),
            Case(
                name: "10^8 scratch disks", yaml: "experiment: x\ndisks: {scratch: {count: 99999999, size: 1G}}\n" + command,
                message: "more than the limit of 256 scratch disks", line: 2),
            Case(name: "billion laughs", yaml: laughs, message: "expands to more than 1,000,000 nodes through an alias", line: 10),
        ]
    }()

    struct Output {
        var status: Int32
        var stderr: String
        var seconds: Double
    }

    /// Runs the built `iosweep` with `arguments`, standard output discarded.
    static func iosweep(_ arguments: [String]) throws -> Output {
        let binary = try #require(ReportCommandTests.executable, "build the iosweep product first: swift build")
        let start = Date()
        let result = try TestProcess.run(binary, arguments)
        return Output(status: result.status, stderr: result.stderr, seconds: Date().timeIntervalSince(start))
    }

    static func write(_ yaml: String) throws -> (directory: String, file: String) {
        let directory = TestEnvironment.temporaryDirectory("hostile")
        let file = directory + "/hostile.yaml"
        try yaml.write(toFile: file, atomically: true, encoding: .utf8)
        return (directory, file)
    }

    @Test(arguments: cases)
    func exitsTwoWithALocatedError(_ hostile: Case) throws {
        let (directory, file) = try Self.write(hostile.yaml)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        for command in ["validate", "plan"] {
            let output = try Self.iosweep([command, file])
            #expect(output.status == 2, "\(command): exit \(output.status), \(output.stderr.prefix(500))")
            let located = output.stderr.split(separator: "\n").first {
                $0.hasPrefix("\(file):\(hostile.line):") && $0.contains(": error: ")
            }
            #expect(located?.contains(hostile.message) == true, "\(command): \(output.stderr.prefix(800))")
            #expect(output.seconds < 10, "\(command) took \(output.seconds) s")
        }
    }

    @Test func maxCellsRaisesTheLimitOnEveryCommandThatPlans() throws {
        let yaml =
            "experiment: x\nmatrix:\n  a: [\((0..<50).map(String.init).joined(separator: ", "))]\n"
            + "  b: [\((0..<40).map(String.init).joined(separator: ", "))]\n" + Self.command
        let (directory, file) = try Self.write(yaml)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        for command in [["validate"], ["plan"], ["export"], ["run", "--dry-run", "--results", directory + "/results"]] {
            let refused = try Self.iosweep(command + [file, "--max-cells", "1999"])
            #expect(refused.status == 2, "\(command)")
            #expect(
                refused.stderr.contains("\(file):3:3: error: the matrix has 2,000 cells, more than the limit of 1,999"), "\(refused.stderr)"
            )
            #expect(refused.stderr.contains("--max-cells N"))
            #expect(try Self.iosweep(command + [file, "--max-cells", "2000"]).status == 0, "\(command)")
        }
        #expect(try Self.iosweep(["plan", file, "--max-cells", "0"]).status == 64)
    }
}
