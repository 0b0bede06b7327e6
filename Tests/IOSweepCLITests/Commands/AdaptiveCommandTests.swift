import Foundation
import IOSweepTestSupport
import Testing

/// What a user of an adaptive study sees before it runs, through the built binary: the rule in `plan`'s words, a
/// located error for a metric `report` does not know or a limit in the wrong unit, and `plan --format sh` refused.
@Suite struct AdaptiveCommandTests {
    static let study = """
        experiment: saturation
        matrix:
          numjobs: [1, 2, 4, 8]
          stop: {axis: numjobs, metric: write.iops, gain-below: 5%, for: 2}
        workload:
          command: [echo, "${numjobs}"]
        results: numjobs-${numjobs}

        """

    static func write(_ text: String, _ label: String) throws -> String {
        let dir = TestEnvironment.temporaryDirectory(label)
        try text.write(toFile: dir + "/s.yaml", atomically: true, encoding: .utf8)
        return dir
    }

    @Test("plan shows the maximum plan with the rule in words; --format sh is refused with a located error, exit 2")
    func planAndScript() throws {
        let dir = try Self.write(Self.study, "adaptive-plan")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let text = try HostileInputCommandTests.iosweep(["plan", "s.yaml"], in: dir)
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stdout.hasPrefix("saturation: 4 cells"), "\(text.stdout)")
        #expect(
            text.stdout.contains(
                "rule: stop: along numjobs (1, 2, 4, 8), for each combination of the other axes, the rest of the axis is skipped once write.iops gains less than 5% over the best so far for 2 values in a row (decided by `iosweep run` from the published results)\n"
            ), "\(text.stdout)")
        let script = try HostileInputCommandTests.iosweep(["plan", "s.yaml", "--format", "sh"], in: dir)
        #expect(script.status == 2)
        #expect(script.stdout.isEmpty, "no half script: \(script.stdout)")
        #expect(
            script.stderr.hasPrefix(
                "s.yaml:4:9: error: an adaptive study cannot be a bash script: its rules decide from published results which cells run\n"),
            "\(script.stderr)")
        #expect(script.stderr.contains("hint: use 'iosweep run'"))
    }

    @Test("a search plans every rung as a probe cell named by its value; the script is refused at 'search'")
    func searchPlan() throws {
        let study = """
            experiment: slo
            search:
              parameter: rate_iops
              range: [500, 100000]
              subject-to: "write.clat.p99 <= 2ms"
            workload:
              fio:
                job: "[w]"
            results: rate-${rate_iops}

            """
        let dir = try Self.write(study, "adaptive-search")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let text = try HostileInputCommandTests.iosweep(["plan", "s.yaml"], in: dir)
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stdout.hasPrefix("slo: 110 cells"), "\(text.stdout.prefix(300))")
        #expect(text.stdout.contains("cell 1/110 rate_iops=500 → rate-500\n"), "\(text.stdout.prefix(900))")
        #expect(text.stdout.contains(" --rate_iops=500 "), "the probe's value reaches fio")
        #expect(text.stdout.contains("cell 110/110 rate_iops=100000 → rate-100000\n"))
        #expect(text.stdout.contains("at most 9 of them run"))
        let script = try HostileInputCommandTests.iosweep(["plan", "s.yaml", "--format", "sh"], in: dir)
        #expect(script.status == 2)
        #expect(script.stderr.hasPrefix("s.yaml:3:3: error: an adaptive study cannot be a bash script"), "\(script.stderr)")
        let bad = try Self.write(
            study.replacingOccurrences(of: "write.clat.p99 <= 2ms", with: "write.clat.p99 <= 2MiB/s"), "adaptive-search-unit")
        defer { try? FileManager.default.removeItem(atPath: bad) }
        let invalid = try HostileInputCommandTests.iosweep(["validate", "s.yaml"], in: bad)
        #expect(invalid.status == 2)
        #expect(
            invalid.stderr.hasPrefix("s.yaml:5:15: error: limit 2MiB/s cannot be compared with write.clat.p99, measured in ns"),
            "\(invalid.stderr)")
    }

    @Test(
        "a rule's metric is one report knows, and a limit measures what its metric measures",
        arguments: [
            (
                "metric: write.iops", "metric: write.iopz",
                "s.yaml:4:33: error: 'stop' reads metric 'write.iopz', which is no value fio writes for a job\n"
            ),
            (
                "metric: write.iops, gain-below: 5%, for: 2", "latency-above: {metric: write.iops, value: 2ms}",
                "s.yaml:4:40: error: limit 2ms cannot be compared with write.iops, measured in IO/s"
            ),
        ])
    func ruleMetrics(from: String, to: String, error: String) throws {
        let dir = try Self.write(Self.study.replacingOccurrences(of: from, with: to), "adaptive-metric")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let result = try HostileInputCommandTests.iosweep(["validate", "s.yaml"], in: dir)
        #expect(result.status == 2)
        #expect(result.stderr.hasPrefix(error), "\(result.stderr)")
    }
}
