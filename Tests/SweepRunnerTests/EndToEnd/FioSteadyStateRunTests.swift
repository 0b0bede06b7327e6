import Foundation
import SweepRunner
import Testing

extension RunnerEndToEnd {
    /// fio's own steady-state detection (`ss`, `ss_dur`) through a real run: a rate-limited job meets `iops:50%` and
    /// stops early; an unlimited page-cache writer never comes within 0.001 % (its IOPS swing by thousands from second
    /// to second), so fio gives up at the runtime. `status` and `report` flag that cell, and only that one.
    @Suite struct FioSteadyStateRun {
        static let experiment = """
            experiment: fio-ss
            matrix:
              case: [steady, unsteady]
              include:
                - {case: steady, limit: 200, criterion: "iops:50%"}
                - {case: unsteady, limit: 0, criterion: "iops:0.001%"}
            workload:
              fio:
                job: |
                  [w]
                  rw=randwrite
                  bs=4k
                  ioengine=psync
                  time_based
                  ss_dur=2
                directory: DATA
                size: 8M
                runtime: 3
                rate_iops: ${limit}
                ss: ${criterion}
            hooks:
              before-run: [[mkdir, -p, DATA]]
              after-run: [[rm, -rf, DATA]]
            results: ${case}
            """

        @Test("status marks the cell where fio's ss gave up and names it; report footnotes it; the steady cell is not flagged")
        func flagged() async throws {
            let scratch = try Scratch("fio-ss")
            defer { scratch.remove() }
            let file = try RunnerEndToEnd.writeStudy(Self.experiment, in: scratch)
            let results = scratch.root + "/results"
            let run = try await IOSweepBinary.run(["run", file, "--results", results, "--quiet"], in: scratch.root)
            #expect(run.termination == .exited(0), "\(run.stderr)")
            let status = try await IOSweepBinary.run(["status", results], in: scratch.root)
            let lines = status.stdout.split(separator: "\n").map(String.init)
            #expect(lines.contains { $0.hasPrefix("case=unsteady") && $0.contains("done (ss not attained)") }, "\(status.stdout)")
            #expect(lines.contains { $0.hasPrefix("case=steady ") && $0.contains("done") && !$0.contains("ss not attained") })
            #expect(
                lines.contains(
                    "case=unsteady: fio's steady state (ss) not attained: fio gave up at the runtime; its numbers are not of a steady state"
                ),
                "\(status.stdout)")
            let json = try await IOSweepBinary.run(["status", "--json", results], in: scratch.root)
            #expect(json.stdout.contains("\"fioSteadyStateAttained\" : false") && json.stdout.contains("\"fioSteadyStateAttained\" : true"))
            let report = try await IOSweepBinary.run(
                ["report", results, "--metric", "ss.attained", "--metric", "write.iops"], in: scratch.root)
            #expect(report.termination == .exited(0), "\(report.stderr)")
            #expect(
                report.stdout.contains("fio's steady state (ss) not attained in 1 cell: case=unsteady — fio gave up at the runtime"),
                "\(report.stdout)")
            let csv = try await IOSweepBinary.run(["report", results, "--format", "csv"], in: scratch.root)
            #expect(csv.stderr.contains("note: fio's steady state (ss) not attained in 1 cell: case=unsteady"), "\(csv.stderr)")
            #expect(!csv.stdout.contains("not attained"), "the CSV stays one document")
            let page = scratch.root + "/report.html"
            let html = try await IOSweepBinary.run(["report", results, "--format", "html", "--output", page], in: scratch.root)
            #expect(html.termination == .exited(0), "\(html.stderr)")
            let text = try String(contentsOfFile: page, encoding: .utf8)
            #expect(
                text.contains("(ss) not attained in 1 cell: case=unsteady — fio gave up at the runtime; its numbers"),
                "a section of the page")
        }
    }
}
