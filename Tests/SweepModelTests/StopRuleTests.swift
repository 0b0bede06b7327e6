import Foundation
import Testing
@testable import SweepModel

/// `matrix.stop` and the quantities rules are written with: parsing, canonical text, decoding of both forms of
/// `latency-above`, located errors, export and the builder.
@Suite struct StopRuleTests {
    static func study(_ stop: String, order: String = "") -> String {
        """
        experiment: saturation
        matrix:
          numjobs: [1, 2, 4, 8]
          \(stop)
        \(order)
        workload:
          command: [echo, "${numjobs}"]
        """
    }

    @Test(
        "quantities: units to one base unit per kind, one canonical text",
        arguments: [
            ("5%", Quantity.Kind.percent, 5.0, "5%"), ("2ms", .duration, 2e6, "2ms"), ("2000us", .duration, 2e6, "2ms"),
            ("500us", .duration, 5e5, "500us"), ("500 µs", .duration, 5e5, "500us"), ("1.5s", .duration, 1.5e9, "1.5s"),
            ("750ns", .duration, 750, "750ns"), ("400MiB/s", .bandwidth, 400 * 1_048_576, "400MiB/s"),
            ("1MB/s", .bandwidth, 1e6, "976.5625KiB/s"), ("1000", .number, 1000, "1000"), ("0.25", .number, 0.25, "0.25"),
            ("12.5%", .percent, 12.5, "12.5%"),
        ])
    func quantities(text: String, kind: Quantity.Kind, value: Double, canonical: String) throws {
        let quantity = try #require(Quantity(parsing: text))
        #expect(quantity.kind == kind)
        #expect(abs(quantity.value - value) <= value * 1e-12)
        #expect(quantity.description == canonical)
        #expect(Quantity(parsing: quantity.description) == quantity, "the canonical text reads back")
        let json = try JSONEncoder().encode(quantity)
        #expect(try JSONDecoder().decode(Quantity.self, from: json) == quantity)
    }

    @Test(
        "not quantities: signs, exponents, nan, inf, unknown units, huge numbers, stray dots",
        arguments: [
            "", "%", "-5%", "+5%", "1e400", "1e3ms", "nan", "inf", "Infinity", "5 parsecs", "5%%", ".5%", "5.%", "1.2.3ms",
            "99999999999999999999", String(repeating: "9", count: 400), "5\u{0}%", "ms5",
        ])
    func notQuantities(text: String) {
        #expect(Quantity(parsing: text) == nil, "\(text.debugDescription)")
    }

    @Test("gain-below: axis, metric, percentage and for")
    func gainBelow() throws {
        let text = Self.study("stop: {axis: numjobs, metric: write.iops, gain-below: 5%, for: 2}")
        let experiment = try ExperimentLoader.load(yaml: text, file: "s.yaml", directory: "/nonexistent").experiment
        #expect(experiment.matrix.stop == .gainBelow(Quantity(kind: .percent, value: 5), axis: "numjobs", metric: "write.iops", for: 2))
        #expect(experiment.matrix.axes.map(\.name) == ["numjobs"], "stop is no axis")
    }

    @Test("latency-above: its own metric in a mapping, or the rule's metric with a plain limit; for defaults to 1")
    func latencyAbove() throws {
        let expected = StopRule.latencyAbove(Quantity(kind: .duration, value: 1e7), axis: "numjobs", metric: "write.clat.p99")
        for stop in [
            "stop: {axis: numjobs, latency-above: {metric: write.clat.p99, value: 10ms}}",
            "stop: {axis: numjobs, metric: write.clat.p99, latency-above: 10000us}",
            "stop: {axis: numjobs, metric: write.clat.p99, latency-above: {metric: write.clat.p99, value: 10ms}}",
        ] {
            let experiment = try ExperimentLoader.load(yaml: Self.study(stop), file: "s.yaml", directory: "/nonexistent").experiment
            #expect(experiment.matrix.stop == expected, "\(stop)")
        }
    }

    @Test(
        "misuse is a located error with a hint",
        arguments: [
            (
                "stop: {axis: numjobs, metric: write.iops, latency-above: {metric: write.clat.p99, value: 10ms}}", "4:33",
                "'stop' names metric 'write.iops' and 'latency-above' names 'write.clat.p99'"
            ),
            ("stop: {axis: numjobs, latency-above: 10ms}", "4:9", "'stop' with 'latency-above' needs the metric it compares"),
            ("stop: {axis: numjobs, gain-below: 5%}", "4:9", "'stop' with 'gain-below' needs the metric it compares"),
            ("stop: {axis: repeat, metric: write.iops, gain-below: 5%}", "4:16", "'stop' walks 'repeat', which is not an axis"),
            ("stop: {axis: numjobs, metric: write.iops, gain-below: 5%, for: 0}", "4:66", "'for' must be at least 1, found 0"),
            ("stop: {axis: numjobs, metric: write.iops, latency-above: 5%}", "4:60", "'latency-above' is a limit in the metric's unit"),
            ("stop: [numjobs]", "4:9", "expected a mapping for stop"),
            ("stop: {axis: numjobs, metric: write.iops, gain-below: 5%, until: 3}", "4:61", "unknown key 'until' in stop"),
        ])
    func misuse(stop: String, at: String, message: String) {
        let found = diagnostics(yaml: Self.study(stop), file: "s.yaml")
        let match = found.first { $0.message.hasPrefix(message) }
        #expect(match != nil, "\(found.map(\.message))")
        if let location = match?.location { #expect("\(location.line):\(location.column)" == at, "\(message)") }
        if !message.hasPrefix("expected a mapping") { #expect(match?.hint?.isEmpty == false, "\(message) has a hint") }
    }

    @Test("an axis with one value gives the rule nothing to walk")
    func oneValue() {
        let text = Self.study("stop: {axis: ndisks, metric: write.iops, gain-below: 5%}").replacingOccurrences(
            of: "  numjobs: [1, 2, 4, 8]", with: "  numjobs: [1, 2, 4, 8]\n  ndisks: [1]")
        #expect(diagnostics(yaml: text).contains { $0.message == "'stop' walks axis 'ndisks', which has one value" })
    }

    @Test("export writes both conditions back as they load; the builder gives the same model")
    func exportAndBuilder() throws {
        for stop in [
            "stop: {axis: numjobs, metric: write.iops, gain-below: 5%, for: 2}",
            "stop: {axis: numjobs, latency-above: {metric: write.clat.p99, value: 2.5ms}}",
        ] {
            let loaded = try ExperimentLoader.load(yaml: Self.study(stop), file: "s.yaml", directory: "/nonexistent").experiment
            let exported = loaded.yaml()
            let reloaded = try ExperimentLoader.load(yaml: exported, file: "e.yaml", directory: "/nonexistent").experiment
            #expect(reloaded == loaded, "\(exported)")
            #expect(reloaded.yaml() == exported)
        }
        let built = Matrix {
            Axis("numjobs", [1, 2, 4, 8])
            StopRule.gainBelow(Quantity(parsing: "5%")!, axis: "numjobs", metric: "write.iops", for: 2)
        }
        let loaded = try ExperimentLoader.load(
            yaml: Self.study("stop: {axis: numjobs, metric: write.iops, gain-below: 5%, for: 2}"), file: "s.yaml",
            directory: "/nonexistent")
        #expect(built == loaded.experiment.matrix)
    }

    @Test("the JSON Schema knows stop and its quantities")
    func schema() throws {
        let schema = LanguageSchema.jsonSchema()
        #expect(schema.contains("\"gain-below\""))
        #expect(schema.contains("\"latency-above\""))
        #expect(schema.contains(LanguageSchema.quantityPattern.replacingOccurrences(of: "\\", with: "\\\\")))
    }
}

/// `repeat: {min, max, until}`: decoding, located errors and export.
@Suite struct RepeatUntilTests {
    static func study(_ repeatText: String) -> String {
        """
        experiment: precise
        matrix:
          numjobs: [1, 2]
          repeat: \(repeatText)
        workload:
          command: [echo, "${numjobs}"]
        """
    }

    @Test("min, max and until; min defaults to 3; the plain forms keep no rule")
    func decoded() throws {
        let load = { (text: String) in
            try ExperimentLoader.load(yaml: Self.study(text), file: "r.yaml", directory: "/nonexistent").experiment
        }
        let full = try load("{min: 2, max: 10, until: {metric: write.iops, ci-halfwidth: 5%}}").matrix.repeat
        #expect(
            full == Repeat(count: 10, minimum: 2, until: RepeatUntil(metric: "write.iops", ciHalfWidth: Quantity(kind: .percent, value: 5)))
        )
        #expect(full?.runsAtLeast == 2)
        #expect(try load("{max: 10, until: {metric: write.iops, ci-halfwidth: 5%}}").matrix.repeat?.runsAtLeast == 3)
        #expect(try load("3").matrix.repeat == Repeat(count: 3))
        #expect(try load("{count: 3, after: numjobs}").matrix.repeat == Repeat(count: 3, after: "numjobs"))
        for text in [
            "{min: 2, max: 10, until: {metric: write.iops, ci-halfwidth: 5%}}",
            "{max: 4, after: \"\", until: {metric: write.bw, ci-halfwidth: 2.5%}}",
        ] {
            let loaded = try load(text)
            let reloaded = try ExperimentLoader.load(yaml: loaded.yaml(), file: "e.yaml", directory: "/nonexistent").experiment
            #expect(reloaded == loaded, "\(loaded.yaml())")
        }
    }

    @Test(
        "misuse is a located error",
        arguments: [
            ("{min: 2, max: 10}", "'max' belongs to a repeat until precise"),
            ("{count: 3, min: 2}", "'min' belongs to a repeat until precise"),
            ("{after: numjobs}", "'repeat' needs 'count'"),
            ("{count: 3, max: 4, until: {metric: write.iops, ci-halfwidth: 5%}}", "'count' and 'max' cannot be used together"),
            ("{min: 12, max: 10, until: {metric: write.iops, ci-halfwidth: 5%}}", "'min' must be from 2"),
            ("{max: 10, until: {metric: write.iops, ci-halfwidth: 5ms}}", "'ci-halfwidth' is a percentage"),
            ("{max: 10, until: {metric: write.iops}}", "missing required key 'ci-halfwidth' in until"),
        ])
    func misuse(text: String, message: String) {
        let found = diagnostics(yaml: Self.study(text), file: "r.yaml")
        let match = found.first { $0.message.hasPrefix(message) }
        #expect(match != nil, "\(found.map(\.message))")
        #expect(match?.location != nil)
    }
}

/// `steady-state`: decoding, its rounds as repeats in the planned experiment, located errors and export.
@Suite struct SteadyStateRuleTests {
    static func study(_ steady: String, matrix: String = "") -> String {
        """
        experiment: steady
        matrix:
          numjobs: [1, 2]
          \(matrix)
        steady-state: \(steady)
        workload:
          command: [echo, "${numjobs}", "${repeat}"]
        """
    }

    @Test("the rule, its rounds as the repeats of each cell, and export")
    func decoded() throws {
        let text = Self.study("{metric: write.iops, window: 5, range: 20%, slope: 10%, max-rounds: 25}")
        let experiment = try ExperimentLoader.load(yaml: text, file: "s.yaml", directory: "/nonexistent").experiment
        #expect(
            experiment.steadyState
                == SteadyStateRule(
                    metric: "write.iops", window: 5, range: Quantity(kind: .percent, value: 20), slope: Quantity(kind: .percent, value: 10),
                    maxRounds: 25))
        #expect(experiment.matrix.repeat == nil && experiment.withAdaptiveAxes.matrix.repeat == Repeat(count: 25))
        let reloaded = try ExperimentLoader.load(yaml: experiment.yaml(), file: "e.yaml", directory: "/nonexistent").experiment
        #expect(reloaded == experiment, "\(experiment.yaml())")
    }

    @Test(
        "misuse is a located error",
        arguments: [
            (
                "{metric: write.iops, window: 9, range: 20%, slope: 10%, max-rounds: 5}", "",
                "'steady-state.window' must be from 2 to max-rounds"
            ),
            ("{metric: write.iops, range: 20ms, slope: 10%, max-rounds: 25}", "", "'steady-state.range' is a percentage"),
            ("{metric: write.iops, range: 20%, slope: 10%, max-rounds: 25}", "repeat: 3", "'steady-state' rounds are the cell's repeats"),
            ("{metric: write.iops, range: 20%, slope: 10%}", "", "missing required key 'max-rounds' in steady-state"),
        ])
    func misuse(steady: String, matrix: String, message: String) {
        let found = diagnostics(yaml: Self.study(steady, matrix: matrix), file: "s.yaml")
        let match = found.first { $0.message.hasPrefix(message) }
        #expect(match != nil, "\(found.map(\.message))")
        #expect(match?.location != nil)
    }
}
