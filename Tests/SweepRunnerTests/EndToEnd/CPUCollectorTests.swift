import Foundation
import Testing

extension RunnerEndToEnd {
    @Suite struct CPUCollectors {
        /// The words of the lines of a whitespace table that `keep` accepts.
        private static func rows(_ text: String, where keep: ([Substring]) -> Bool) -> [[Substring]] {
            text.split(separator: "\n").map { $0.split(whereSeparator: { $0 == " " || $0 == "\t" }) }.filter { !$0.isEmpty && keep($0) }
        }

        @Test("vmstat and mpstat text from a real run (the planner's argv, stopped by the runner) are reported")
        func collectedAndReported() async throws {
            let scratch = try Scratch("cpu")
            defer { scratch.remove() }
            let data = scratch.root + "/data"
            let results = scratch.root + "/results"
            try Data(TestStudy.jobFile.utf8).write(to: URL(fileURLWithPath: scratch.root + "/workload.fio"))
            let experiment = scratch.root + "/cpu.yaml"
            try Data(
                """
                experiment: cpu-collectors
                matrix:
                  numjobs: [1, 2]
                workload:
                  fio:
                    job-file: workload.fio
                    directory: \(data)
                    numjobs: ${numjobs}
                    size: 4M
                    runtime: 3
                collectors:
                  - vmstat
                  - mpstat
                hooks:
                  before-run: [[mkdir, -p, \(data)]]
                  after-run: [[rm, -rf, \(data)]]
                results: ${numjobs}-jobs

                """.utf8
            ).write(to: URL(fileURLWithPath: experiment))
            let run = try await IOSweepBinary.run(["run", experiment, "--results", results], in: scratch.root)
            #expect(run.termination == .exited(0), "\(run.stderr)")

            let report = try await IOSweepBinary.run(
                [
                    "report", results, "--metric", "vmstat.us", "--metric", "vmstat.wa", "--metric", "mpstat.%iowait", "--metric",
                    "mpstat.usr",
                    "--format", "json",
                ],
                in: scratch.root)
            #expect(report.termination == .exited(0), "\(report.stderr)")
            let records = try #require(
                try JSONSerialization.jsonObject(with: Data(report.stdout.utf8)) as? [[String: Any]], "\(report.stdout)")
            #expect(records.map { ($0["numjobs"] as? NSNumber)?.intValue } == [1, 2])
            for record in records {
                let numjobs = try #require((record["numjobs"] as? NSNumber)?.intValue)
                let cell = results + "/\(numjobs)-jobs"
                // Independently: vmstat's lines after the since-boot one; mpstat's `all` rows before `Average:`.
                let vmstat = IOSweepBinary.read(cell + "/vmstat.txt")
                let header = try #require(Self.rows(vmstat) { $0[0] == "r" }.first)
                let lines = Self.rows(vmstat) { Double($0[0]) != nil }.dropFirst()
                #expect(!lines.isEmpty, "vmstat.txt: \(vmstat)")
                let mpstat = IOSweepBinary.read(cell + "/mpstat.txt")
                let mpHeader = try #require(Self.rows(mpstat) { $0.count > 1 && $0[1] == "CPU" }.first)
                let all = Self.rows(mpstat) { $0.count > 1 && $0[1] == "all" && !$0[0].hasPrefix("Average") }
                #expect(!all.isEmpty, "mpstat.txt: \(mpstat)")
                let expected: [(String, [[Substring]], [Substring], String)] = [
                    ("vmstat.us", Array(lines), header, "us"), ("vmstat.wa", Array(lines), header, "wa"),
                    ("mpstat.%iowait", all, mpHeader, "%iowait"), ("mpstat.usr", all, mpHeader, "%usr"),
                ]
                for (metric, rows, header, column) in expected {
                    let index = try #require(header.firstIndex(of: Substring(column)))
                    let mean = rows.map { Double($0[index]) ?? .nan }.reduce(0, +) / Double(rows.count)
                    let value = try #require((record[metric] as? NSNumber)?.doubleValue, "\(metric) missing: \(report.stdout)")
                    #expect(abs(value - mean) < 1e-6, "\(metric) of \(numjobs)-jobs")
                    #expect((0...100).contains(value))
                }
            }
        }
    }
}
