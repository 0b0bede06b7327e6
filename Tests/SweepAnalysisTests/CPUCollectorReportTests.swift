import Foundation
import SweepModel
import Testing

@testable import SweepAnalysis

/// `report` over cells holding vmstat and mpstat text, as the runner writes them (`vmstat.txt`, `mpstat.txt`).
@Suite struct CPUCollectorReportTests {
    /// Cells `numjobs=1` and `numjobs=2` with real vmstat / mpstat text; `numjobs=3` with a vmstat file cut off
    /// mid-line and an mpstat file that is not mpstat output.
    private func makeRun() throws -> TemporaryDirectory {
        let run = try TemporaryDirectory()
        func cell(_ numjobs: Int, vmstat: [UInt8], mpstat: [UInt8]) throws {
            let json = #"{"id": "numjobs=\#(numjobs)", "values": [{"name": "numjobs", "value": \#(numjobs)}], "status": "ok"}"#
            try run.write("\(numjobs)-jobs/cell.json", Array(json.utf8))
            try run.write("\(numjobs)-jobs/vmstat.txt", vmstat)
            try run.write("\(numjobs)-jobs/mpstat.txt", mpstat)
        }
        try cell(1, vmstat: try bytes(Self.vmstat[0]), mpstat: try bytes(Self.mpstat[0]))
        try cell(2, vmstat: try bytes(Self.vmstat[1]), mpstat: try bytes(Self.mpstat[1]))
        let cut = try bytes(Self.vmstat[1])
        try run.write("3-jobs/cell.json", Array(#"{"id": "numjobs=3", "values": [{"name": "numjobs", "value": 3}], "status": "ok"}"#.utf8))
        try run.write("3-jobs/vmstat.txt", Array(cut.prefix(cut.count - 30)))
        try run.write("3-jobs/mpstat.txt", Array("Segmentation fault\n".utf8))
        return run
    }

    static let vmstat = ["vmstat-n-t.txt", "vmstat-t-repeat.txt"].map { TestPaths.fixture("collectors/" + $0) }
    static let mpstat = ["mpstat-P-ALL.txt", "mpstat-P-ALL-12h.txt"].map { TestPaths.fixture("collectors/" + $0) }

    /// Independent: the mean of vmstat column `column` over the lines after the since-boot one whose
    /// `-t` stamp is at least `warmup` seconds after the first such line.
    private func vmstatMean(_ path: String, _ column: String, warmup: Double, dropLast: Int = 0) throws -> Double {
        let lines = try words(path)
        let index = try #require(lines.first { $0.first == "r" }?.firstIndex(of: column))
        let rows = lines.filter { Double($0[0]) != nil }.dropFirst().dropLast(dropLast)
        let start = try seconds(rows.first!.suffix(2).joined(separator: " "))
        let kept = try rows.filter { try seconds($0.suffix(2).joined(separator: " ")) - start >= warmup }.map { Double($0[index])! }
        return kept.reduce(0, +) / Double(kept.count)
    }

    /// Independent: the mean of mpstat `column` over the `cpu` rows whose report comes `warmup` or more
    /// reports after the first (the fixtures' reports are one second apart).
    private func mpstatMean(_ path: String, _ column: String, cpu: String, warmup: Int) throws -> Double {
        let lines = try words(path).filter { $0[0].contains(":") && !$0[0].hasPrefix("Average") }
        let header = try #require(lines.first { $0.contains("CPU") })
        let width = try #require(header.firstIndex(of: "CPU"))
        let index = try #require(header.firstIndex(of: column)) - width - 1
        let rows = lines.filter { $0[width] == cpu }
        let kept = rows.dropFirst(warmup).map { Double($0[width + 1 + index])! }
        return kept.reduce(0, +) / Double(kept.count)
    }

    @Test func textOutputIsReported() throws {
        let run = try makeRun()
        let tree = try ResultsLoader().load(run.path)
        let metrics = try ["vmstat.wa", "vmstat.bo", "mpstat.%iowait", "mpstat.usr"].map { try Metric(parsing: $0) }
        let table = ResultTableBuilder(query: ReportQuery(metrics: metrics, warmup: 1)).build(tree)
        #expect(table.records.map { $0.axes["numjobs"] } == [1, 2, 3].map { Value.int($0) })
        for index in 0..<2 {
            let values = table.records[index].values.map { $0?.value }
            let expected = [
                try vmstatMean(Self.vmstat[index], "wa", warmup: 1), try vmstatMean(Self.vmstat[index], "bo", warmup: 1),
                try mpstatMean(Self.mpstat[index], "%iowait", cpu: "all", warmup: 1),
                try mpstatMean(Self.mpstat[index], "%usr", cpu: "all", warmup: 1),
            ]
            for (value, wanted) in zip(values, expected) {
                #expect(abs(try #require(value) - wanted) < 1e-9)
            }
        }
        // The cut-off vmstat keeps its complete lines and is named; the foreign mpstat file is named, its values empty.
        let third = table.records[2].values.map { $0?.value }
        #expect(abs(try #require(third[0]) - (try vmstatMean(Self.vmstat[1], "wa", warmup: 1, dropLast: 1))) < 1e-9)
        #expect(third[2] == nil && third[3] == nil)
        let cutFile = run.path + "/3-jobs/vmstat.txt"
        #expect(table.warnings.contains { $0.message.hasPrefix("vmstat: cut off (stopped mid-write)") && $0.files == [cutFile] })
        #expect(table.warnings.contains { $0.message.contains("no mpstat samples") && $0.files == [run.path + "/3-jobs/mpstat.txt"] })
        #expect(table.warnings.map(\.description).joined().contains(cutFile))
        #expect(table.hasMissingValues)
    }

    @Test("--per-device lists the CPUs; vmstat's whole-system row is `all`, beside mpstat's")
    func perDeviceRows() throws {
        let run = try makeRun()
        let tree = try ResultsLoader().load(run.path)
        let metrics = try ["vmstat.wa", "mpstat.%iowait"].map { try Metric(parsing: $0) }
        let query = ReportQuery(metrics: metrics, filters: [("numjobs", "1")], warmup: 0, perDevice: true)
        let table = ResultTableBuilder(query: query).build(tree)
        #expect(table.axes == ["numjobs", "device"])
        #expect(table.records.map { $0.axes["device"]?.text } == ["0", "1", "all"])
        let all = table.records[2].values.map { $0?.value }
        #expect(abs(try #require(all[0]) - (try vmstatMean(Self.vmstat[0], "wa", warmup: 0))) < 1e-9)
        #expect(abs(try #require(all[1]) - (try mpstatMean(Self.mpstat[0], "%iowait", cpu: "all", warmup: 0))) < 1e-9)
        // vmstat has no CPU rows: not a missing value.
        #expect(!table.hasMissingValues)
        for (row, cpu) in zip(table.records, ["0", "1"]) {
            #expect(row.values[0] == nil && row.notApplicable == [0])
            #expect(abs(try #require(row.values[1]?.value) - (try mpstatMean(Self.mpstat[0], "%iowait", cpu: cpu, warmup: 0))) < 1e-9)
        }
        // A cell whose mpstat file is unreadable still misses its values.
        let broken = ResultTableBuilder(query: ReportQuery(metrics: metrics, filters: [("numjobs", "3")], perDevice: true)).build(tree)
        #expect(broken.hasMissingValues)
    }
}
