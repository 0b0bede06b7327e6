import Testing
@testable import SweepModel

@Suite struct ExpressionTests {
    let environment: [String: Value] = [
        "disks": ["sdb", "sdc", "sdd"], "ndisks": 2, "numjobs": 32, "experiment": "zil",
    ]

    private func eval(_ text: String) throws -> Value {
        try Template(parsing: text).evaluate(environment)
    }

    @Test func slicesAndIndexing() throws {
        #expect(try eval("${disks[:ndisks]}") == ["sdb", "sdc"])
        #expect(try eval("${disks[1:3]}") == ["sdc", "sdd"])
        #expect(try eval("${disks[0]}") == "sdb")
        #expect(try eval("${disks[-1]}") == "sdd")
        #expect(try eval("${len(disks)}") == 3)
    }

    @Test func integerArithmeticFollowsPrecedence() throws {
        #expect(try eval("${1048576 / numjobs}M") == "32768M")
        #expect(try eval("${1 + 2 * 3}") == 7)
        #expect(try eval("${(1 + 2) * 3}") == 9)
        #expect(try eval("${-numjobs % 5}") == -2)
        #expect(try eval("${7 / 2}") == 3)
    }

    @Test func interpolationJoinsText() throws {
        #expect(try eval("${ndisks}-disks/${numjobs}-jobs") == "2-disks/32-jobs")
        #expect(try eval("plain") == "plain")
        #expect(try eval("cost $${x}") == "cost ${x}")
    }

    @Test func referencedNames() throws {
        #expect(try Template(parsing: "${disks[:ndisks]}-${len(x) + y}").referencedNames == ["disks", "ndisks", "x", "y"])
    }

    @Test(arguments: [
        ("${disks[:}", 9, "expected ']'"),
        ("a${ndisks", 1, "unterminated '${'"),
        ("${}", 2, "expected a value, found '}'"),
        ("${1 +}", 5, "expected a value, found '}'"),
        ("${ndisks ndisks}", 9, "unexpected 'n'"),
        ("${lenn(disks)}", 2, "unknown function 'lenn'"),
        ("${8k}", 3, "unexpected 'k' after the number 8"),
    ])
    func syntaxErrorsPointAtTheProblem(text: String, offset: Int, message: String) {
        #expect(throws: ExpressionError.self) { try Template(parsing: text) }
        do {
            _ = try Template(parsing: text)
        } catch {
            #expect(error.offset == offset)
            #expect(error.message.hasPrefix(message), "\(error.message)")
        }
    }

    @Test func evaluationErrors() throws {
        func failure(_ text: String) -> ExpressionError? {
            do { _ = try Template(parsing: text).evaluate(environment); return nil } catch { return error }
        }
        let unknown = try #require(failure("${numjob}"))
        #expect(unknown.message == "unknown name 'numjob'")
        #expect(unknown.hint == "did you mean 'numjobs'?")
        #expect(unknown.offset == 2)
        #expect(try #require(failure("${disks[:4]}")).message == "slice [0:4] is beyond a list of 3")
        #expect(try #require(failure("${disks[3]}")).message == "index 3 is out of range for a list of 3")
        #expect(try #require(failure("${numjobs / 0}")).message == "division by zero")
        #expect(try #require(failure("${disks + 1}")).message == "the left operand of '+' must be an integer, not a list")
        #expect(try #require(failure("${9223372036854775807 + 1}")).message == "integer overflow in '+'")
    }

    @Test("comparisons: numbers as numbers (strings of digits too), texts otherwise; and, or, not on booleans")
    func comparisonsAndBooleans() throws {
        let environment: [String: Value] = ["fs": "zfs", "ndisks": 2, "bs": "4k", "jobs": "16", "rate": 0.5, "sync": true]
        func eval(_ text: String) throws -> Value { try Template(parsing: text).evaluate(environment) }
        #expect(try eval("${fs == 'zfs'}") == .bool(true))
        #expect(try eval("${fs != \"zfs\"}") == .bool(false))
        #expect(try eval("${ndisks >= 2 and ndisks < 4}") == .bool(true))
        #expect(try eval("${jobs > 9}") == .bool(true), "a string of digits compares as a number, not as text")
        #expect(try eval("${jobs == 16}") == .bool(true))
        #expect(try eval("${bs == 4}") == .bool(false))
        #expect(try eval("${bs < '64k'}") == .bool(true))
        #expect(try eval("${rate < 1}") == .bool(true))
        #expect(try eval("${not sync or fs == 'ext4'}") == .bool(false))
        #expect(try eval("${not (fs == 'xfs')}") == .bool(true))
        #expect(try eval("${fs == 'zfs' or fs == 'btrfs' and ndisks > 5}") == .bool(true), "and binds tighter than or")
        #expect(try eval("${ndisks * 2 == 4}") == .bool(true), "arithmetic binds tighter than comparisons")
        // Short-circuit: the right side is not evaluated when the left decides.
        #expect(try eval("${fs == 'zfs' or missing > 1}") == .bool(true))
        #expect(try eval("${fs == 'ext4' and missing > 1}") == .bool(false))
        #expect(try eval("dir-${fs == 'zfs'}") == "dir-true")
        // The words are operators only where an operator can be: names may still be `or`, `not`, `order`.
        #expect(try Template(parsing: "${or + order}").evaluate(["or": 1, "order": 2]) == 3)
        #expect(try Template(parsing: "${not}").evaluate(["not": "x"]) == "x")
    }

    @Test(arguments: [
        ("${fs = 'zfs'}", 5, "unexpected '='", "compare with =="),
        ("${a < b < c}", 8, "comparisons do not chain", "write a < b and b < c"),
        ("${!sync}", 2, "unexpected '!'", "write not x to negate"),
        ("${fs == }", 8, "expected a value, found '}'", nil),
        ("${a and}", 7, "expected a value, found '}'", nil),
    ])
    func comparisonSyntaxErrors(text: String, offset: Int, message: String, hint: String?) {
        do {
            _ = try Template(parsing: text)
            Issue.record("\(text) parsed")
        } catch {
            #expect(error.offset == offset, "\(text): \(error.message)")
            #expect(error.message.hasPrefix(message), "\(error.message)")
            if let hint { #expect(error.hint == hint) }
        }
    }

    @Test func comparisonEvaluationErrors() {
        let environment: [String: Value] = ["fs": "zfs", "ndisks": 2, "disks": ["a"]]
        func failure(_ text: String) -> ExpressionError? {
            do { _ = try Template(parsing: text).evaluate(environment); return nil } catch { return error }
        }
        #expect(failure("${ndisks and fs == 'zfs'}")?.message == "the left operand of 'and' must be a boolean, not an integer")
        #expect(failure("${not fs}")?.message == "the operand of 'not' must be a boolean, not a string")
        #expect(failure("${fs < 3}")?.message == "'<' cannot order a string and an integer")
        #expect(failure("${disks > 1}")?.message == "'>' cannot order a list and an integer")
        #expect(failure("${disks == ['a']}") != nil, "no list literals")
    }

    @Test func suggestions() {
        #expect(Suggestion.closest(to: "matirx", among: ["matrix", "pool", "disks"]) == "matrix")
        #expect(Suggestion.closest(to: "colectors", among: ["collectors", "hooks"]) == "collectors")
        #expect(Suggestion.closest(to: "zzz", among: ["matrix", "pool"]) == nil)
    }
}

@Suite struct ExpressionShieldTests {
    @Test func unquotedExpressionsInFlowCollectionsLoadAsWritten() throws {
        let yaml = """
            experiment: flow
            disks: [sdb, sdc]
            matrix: { n: [1, 2] }
            collectors:
              - iostat: { devices: ${disks[:n]}, interval: 1 }
            workload:
              command: [echo, "${n}", ${disks[n - 1]}]
            """
        let file = try ExperimentLoader.load(yaml: yaml, file: "flow.yaml", directory: "/")
        #expect(file.experiment.collectors.first?.devices == "${disks[:n]}")
        guard case .command(let command) = file.experiment.workload else { Issue.record("not a command"); return }
        #expect(command.argv == ["echo", "${n}", "${disks[n - 1]}"])
        // Columns are those of the file as written.
        #expect(file.sourceMap.location(for: FieldPath("collectors[0].iostat.devices")).column == 24)
    }

    @Test func anUnknownNameInsideAFlowMappingIsReportedAtItsColumn() {
        let yaml = """
            experiment: flow
            disks: [sdb]
            collectors:
              - iostat: { devices: ${disk[:1]}, interval: 1 }
            workload:
              command: [true]
            """
        #expect(throws: DiagnosticList.self) { try ExperimentLoader.load(yaml: yaml, file: "flow.yaml", directory: "/") }
        do {
            _ = try ExperimentLoader.load(yaml: yaml, file: "flow.yaml", directory: "/")
        } catch {
            let first = error.diagnostics.first
            #expect(first?.message.contains("unknown name 'disk'") == true, "\(String(describing: first))")
            #expect(first?.location?.line == 4)
            #expect(first?.location?.column == 26)
        }
    }
}
