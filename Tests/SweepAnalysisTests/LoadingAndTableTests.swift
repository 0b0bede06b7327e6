import Foundation
import SweepRecords
import SweepModel
import Testing

@testable import SweepAnalysis

@Suite struct LayoutTemplateTests {
    @Test func capturesPartsOfSegments() throws {
        let layout = try LayoutTemplate("{rate}/{branch}/{disks}-{media}/fio-{numjobs}-jobs")
        #expect(layout.axisNames == ["rate", "branch", "disks", "media", "numjobs"])
        #expect(layout.match("2-ssd", depth: 2)?.map(\.value) == ["2", "ssd"])
        #expect(layout.match("max-rate-submit", depth: 0)?.map(\.value) == ["max-rate-submit"])
        #expect(layout.match("fio-1024-jobs", depth: 3)?.map(\.value) == ["1024"])
        #expect(layout.match("results", depth: 3) == nil)
        #expect(layout.match("results", depth: 2) == nil)
        #expect(layout.match("fio--jobs", depth: 3) == nil)
    }

    @Test(arguments: ["", "{a}{b}", "{a}/{a}", "x/{a", "{a b}", "a//b"])
    func rejectsBadTemplates(_ text: String) {
        #expect(throws: LayoutTemplateError.self) { try LayoutTemplate(text) }
    }

    @Test func axisTextBecomesNumbers() {
        #expect(Value(axisText: "1024") == .int(1024))
        #expect(Value(axisText: "0.5") == .double(0.5))
        #expect(Value(axisText: "ssd") == .string("ssd"))
        #expect([Value.int(1024), .int(2), .int(128), .int(1)].sorted(by: Value.axisOrder) == [1, 2, 128, 1024].map { Value.int($0) })
    }
}

@Suite struct RunDirectoryTests {
    /// A run directory with cell.json files: two good cells, a failed one, a truncated fio.json, a .partial cell.
    private func makeRun() throws -> TemporaryDirectory {
        let run = try TemporaryDirectory()
        let fio = try bytes(TestPaths.fixture("fio/numjobs3-group-reporting.json"))
        let iostat = try bytes(TestPaths.fixture("iostat/new-header-t-iso.txt"))
        func cell(_ path: String, _ ndisks: Int, _ numjobs: Int, status: String = "ok") throws {
            let json =
                #"{"id": "ndisks=\#(ndisks),numjobs=\#(numjobs)", "values": [{"name": "ndisks", "value": \#(ndisks)}, {"name": "numjobs", "value": \#(numjobs)}], "status": "\#(status)", "fingerprint": "abc"}"#
            try run.write(path + "/cell.json", Array(json.utf8))
            try run.write(path + "/iostat-vda.txt", iostat)
        }
        try cell("1-disks/1-jobs", 1, 1)
        try run.write("1-disks/1-jobs/fio.json", fio)
        try cell("1-disks/16-jobs", 1, 16)
        try run.write("1-disks/16-jobs/fio.json", fio)
        try cell("2-disks/1-jobs", 2, 1, status: "failed")
        try cell("2-disks/16-jobs", 2, 16)
        try run.write("2-disks/16-jobs/fio.json", Array(fio.prefix(500)))
        try run.write(".partial/x/cell.json", Array("{}".utf8))
        return run
    }

    @Test func loadsCellsWithAxesFromCellJSON() throws {
        let run = try makeRun()
        let tree = try ResultsLoader().load(run.path)
        #expect(tree.axes == ["ndisks", "numjobs"])
        #expect(tree.cells.count == 4)
        #expect(tree.cells.first { $0.path == "2-disks/1-jobs" }?.status == .failed)
        let query = ReportQuery(metrics: [try Metric(parsing: "write.iops"), try Metric(parsing: "iostat.%util")])
        let table = ResultTableBuilder(query: query).build(tree)
        #expect(table.records.map { $0.axes["numjobs"] } == [1, 16, 1, 16].map { Value.int($0) })
        let expected = number(try foundationJSON(TestPaths.fixture("fio/numjobs3-group-reporting.json")), "jobs", "0", "write", "iops")
        #expect(table.records[0].values[0]?.value == expected)
        #expect(table.records[2].values == [nil, nil])  // failed cell
        #expect(table.records[3].values[0] == nil)  // truncated fio.json
        #expect(table.records[3].values[1] != nil)  // its iostat is fine
        #expect(table.hasMissingValues)
        #expect(table.warnings.contains { $0.message.contains("cut off") && $0.files == [run.path + "/2-disks/16-jobs/fio.json"] })
        #expect(table.warnings.contains { $0.message.contains("failed") && $0.files.count == 1 })
    }

    @Test func whereSelectsAndPivotSorts() throws {
        let run = try makeRun()
        let tree = try ResultsLoader().load(run.path)
        var query = ReportQuery(metrics: [try Metric(parsing: "write.iops")], filters: [("ndisks", "1")])
        let table = ResultTableBuilder(query: query).build(tree)
        #expect(table.records.count == 2 && !table.hasMissingValues)
        let pivot = try Pivot(table, rows: "numjobs", columns: "ndisks", metric: table.metrics[0])
        #expect(pivot.rowKeys == [1, 16].map { Value.int($0) })
        query.filters = [("colour", "red")]
        #expect(ResultTableBuilder(query: query).unknownFilterAxes(in: tree) == ["colour"])
    }

    @Test func notARunDirectory() throws {
        let empty = try TemporaryDirectory()
        #expect(throws: ResultFileError.self) { try ResultsLoader().load(empty.path) }
        #expect(throws: ResultFileError.self) { try ResultsLoader().load(empty.path + "/missing") }
    }

    @Test func multipleGroupsSplitIntoJobRowsAndErrorsAreMissing() throws {
        let run = try TemporaryDirectory()
        try run.write("a/fio.json", try bytes(TestPaths.fixture("fio/two-groups.json")))
        try run.write("b/fio.json", try bytes(TestPaths.fixture("fio/error-job.json")))
        let tree = try ResultsLoader(layout: try LayoutTemplate("{cell}")).load(run.path)
        let table = ResultTableBuilder(query: ReportQuery(metrics: [try Metric(parsing: "read.iops")])).build(tree)
        #expect(table.axes == ["cell", "job"])
        #expect(table.records.map { $0.axes["job"]?.text } == ["alpha", "beta", nil])
        #expect(table.records[2].values == [nil])
        #expect(table.warnings.contains { $0.message.contains("error 21") })
    }

    @Test func perDeviceKeepsDevicesApart() throws {
        let run = try TemporaryDirectory()
        let line = " 0.00 0.00 0.00 137.00 0.00 2413.00 35.23 0.84 6.10 0.00 6.10 2.42 "
        try run.write("c/iostat-sdb.txt", Array((0..<3).map { "sdb" + line + "\($0 * 10).00\n" }.joined().utf8))
        try run.write("c/iostat-sdc.txt", Array((0..<3).map { "sdc" + line + "\($0 * 20).00\n" }.joined().utf8))
        let tree = try ResultsLoader(layout: try LayoutTemplate("{cell}")).load(run.path)
        let metric = try Metric(parsing: "iostat.%util")
        let mean = ResultTableBuilder(query: ReportQuery(metrics: [metric], warmup: 1)).build(tree)
        #expect(mean.records.map { $0.values[0]?.value } == [(15.0 + 30.0) / 2])
        let split = ResultTableBuilder(query: ReportQuery(metrics: [metric], warmup: 1, perDevice: true)).build(tree)
        #expect(split.axes == ["cell", "device"])
        #expect(split.records.map { $0.values[0]?.value } == [15, 30])
    }

    @Test("client/server output: All clients by default, one row per server with --per-host")
    func perHostRows() throws {
        let run = try TemporaryDirectory()
        let path = TestPaths.fixture("fio/client-server.json")
        try run.write("c/fio.json", try bytes(path))
        let tree = try ResultsLoader(layout: try LayoutTemplate("{cell}")).load(run.path)
        let iops = try Metric(parsing: "write.iops")
        let stats = try #require(dig(try foundationJSON(path), "client_stats") as? [[String: Any]])
        func fileIOPS(_ name: String) throws -> Double {
            try #require(number(try #require(stats.first { $0["jobname"] as? String == name }), "write", "iops"))
        }

        let summary = ResultTableBuilder(query: ReportQuery(metrics: [iops])).build(tree)
        #expect(summary.axes == ["cell"])
        #expect(summary.records.map { $0.values[0]?.value } == [try fileIOPS("All clients")])

        let hosts = ResultTableBuilder(query: ReportQuery(metrics: [iops], perHost: true)).build(tree)
        #expect(hosts.axes == ["cell", "job"])
        #expect(hosts.records.compactMap { $0.axes["job"]?.text }.sorted() == ["127.0.0.1:18765/a", "127.0.0.1:18766/b"])
        for record in hosts.records {
            let job = try #require(record.axes["job"]?.text.split(separator: "/").last)
            #expect(record.values[0]?.value == (try fileIOPS(String(job))))
        }
    }

    @Test("per-device rows take the experiment's scratch names from cell.json, whatever loop devices a run got")
    func perDeviceRowsUseScratchNames() throws {
        let line = " 0.00 0.00 0.00 137.00 0.00 2413.00 35.23 0.84 6.10 0.00 6.10 2.42 "
        func run(loops: [String]) throws -> TemporaryDirectory {
            let run = try TemporaryDirectory()
            let devices = loops.enumerated().map { #""scratch\#($0.offset)": "/dev/\#($0.element)""# }.joined(separator: ", ")
            try run.write(
                "c/cell.json",
                Array(#"{"id": "numjobs=1", "values": [{"name": "numjobs", "value": 1}], "status": "ok", "devices": {\#(devices)}}"#.utf8))
            for (index, loop) in loops.enumerated() {
                let rows = (0..<3).map { loop + line + "\(($0 + 1) * 10 * (index + 1)).00\n" }.joined()
                try run.write("c/iostat-scratch\(index).txt", Array(rows.utf8))
            }
            return run
        }
        let metric = try Metric(parsing: "iostat.%util")
        let query = ReportQuery(metrics: [metric], warmup: 0, perDevice: true)
        let (one, two) = (try run(loops: ["loop3", "loop7"]), try run(loops: ["loop12", "loop0"]))
        let first = ResultTableBuilder(query: query).build(try ResultsLoader().load(one.path))
        let second = ResultTableBuilder(query: query).build(try ResultsLoader().load(two.path))
        #expect(first.records.map { $0.axes["device"]?.text } == ["scratch0", "scratch1"])
        #expect(second.records.map { $0.axes["device"]?.text } == ["scratch0", "scratch1"])
        #expect(first.records.map { $0.values[0]?.value } == [20, 40])
        #expect(second.records.map { $0.values[0]?.value } == first.records.map { $0.values[0]?.value })
        // The time series of the HTML report names its lines the same way.
        let chart = try #require(CollectorTimeSeries.chart(cells: try ResultsLoader().load(two.path).cells).chart)
        #expect(chart.panels.map { $0.series.map(\.name) } == [["scratch0", "scratch1"]])
    }
}

@Suite struct MetricTests {
    @Test func aliasesAndPaths() throws {
        #expect(try Metric(parsing: "write.lat.mean").source == .fio(path: "write.lat_ns.mean"))
        #expect(try Metric(parsing: "write.clat.p99").source == .fio(path: "write.clat_ns.percentile.99.000000"))
        #expect(try Metric(parsing: "read.clat.p99.99").source == .fio(path: "read.clat_ns.percentile.99.990000"))
        #expect(try Metric(parsing: "write.iops").unit == "IO/s")
        #expect(try Metric(parsing: "write.iops").direction == .higherIsBetter)
        #expect(try Metric(parsing: "write.lat_ns.mean").direction == .lowerIsBetter)
        #expect(try Metric(parsing: "iostat.%util").source == .collector(name: .iostat, column: "%util"))
        #expect(try Metric(parsing: "iostat.%util").direction == .lowerIsBetter)
        #expect(try Metric(parsing: "iostat.w_await").unit == "ms")
        #expect(throws: MetricError.self) { try Metric(parsing: "write.lat.median") }
        #expect(throws: MetricError.self) { try Metric(parsing: "bogus") }
        #expect(throws: MetricError.self) { try Metric(parsing: "iostat.") }
    }

    @Test func numberFormats() {
        #expect(NumberFormat.exact(525.778178) == "525.778178")
        #expect(NumberFormat.exact(31553) == "31553")
        #expect(NumberFormat.human(1_902_345.6) == "1,902,346")
        #expect(NumberFormat.human(525.778) == "525.8")
        #expect(NumberFormat.human(33.2) == "33.20")
        #expect(NumberFormat.human(1024) == "1,024")
        #expect(NumberFormat.human(-0.004) == "0.00")
    }

    @Test func csvQuotesAndEmptyCells() {
        let grid = ReportGrid(header: ["a,b", "n"], rows: [[.text("x\"y"), .empty], [.axis(.int(2)), .number(0.1)]])
        #expect(CSVRenderer.render(grid) == "\"a,b\",n\n\"x\"\"y\",\n2,0.1\n")
        #expect(JSONRecordsRenderer.render(grid) == "[\n  {\"a,b\": \"x\\\"y\", \"n\": null},\n  {\"a,b\": 2, \"n\": 0.1}\n]\n")
    }
}
