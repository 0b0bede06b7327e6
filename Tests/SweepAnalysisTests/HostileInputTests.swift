import Foundation
import SweepRecords
import SweepModel
import Testing

@testable import SweepAnalysis

/// Result files as real tools write them, then damaged as a kill, a capture or a hostile hand leaves them
/// (fixtures: `Fixtures/README.md`): no crash, no silently wrong number, and a warning that names the file.
@Suite struct HostileInputTests {
    /// `write.<path>` of the first job of the fio run the hostile fio fixtures were made from, read with Foundation.
    private func original(_ keys: String...) throws -> Double {
        let text = try String(contentsOfFile: TestPaths.fixture("fio/bom-before-json.json"), encoding: .utf8)
        let data = Data(text.drop { $0 != "{" }.utf8)
        let root = try JSONSerialization.jsonObject(with: data) as? [String: Any]
        var node: Any? = (root?["jobs"] as? [Any])?.first
        for key in keys { node = (node as? [String: Any])?[key] }
        return try #require((node as? NSNumber)?.doubleValue)
    }

    private func table(_ files: [String: String], metrics: [String], perDevice: Bool = false) throws -> (ResultTable, TemporaryDirectory) {
        let run = try TemporaryDirectory()
        for (name, fixture) in files { try run.write(name, try bytes(TestPaths.fixture(fixture))) }
        let tree = try ResultsLoader(layout: try LayoutTemplate("{cell}")).load(run.path)
        let query = ReportQuery(metrics: try metrics.map { try Metric(parsing: $0) }, perDevice: perDevice)
        return (ResultTableBuilder(query: query).build(tree), run)
    }

    @Test("percentile keys that are not percents are skipped and described, the others kept")
    func badPercentileKeys() throws {
        let path = TestPaths.fixture("fio/percentile-keys-hostile.json")
        let report = try FioParser().parse(try bytes(path), file: path)
        let keys = try #require(report.groups[0].stats["write"]?["clat_ns"]?["percentile"]?.objectValue?.keys)
        #expect(keys.first == "50.000000" && keys.count == 17 - 6)
        for key in ["99999999999999999999", "1e400", "Infinity", "-5", "nan", ""] {
            #expect(report.problems.contains { $0.contains("percentile key \"\(key)\" of write.clat_ns") }, "\(key)")
        }
        #expect(
            report.groups[0].value(atPath: "write.clat_ns.percentile.99.000000")
                == (try original("write", "clat_ns", "percentile", "99.000000")))
    }

    @Test("json+ bins that are not a latency and a count are dropped before merging (no trap formatting 1e400)")
    func badBins() throws {
        let job = { (bins: String) in
            "{\"jobname\": \"w\", \"groupid\": 0, \"error\": 0, \"write\": {\"total_ios\": 4, \"clat_ns\": {\"N\": 4, \"mean\": 10, "
                + "\"percentile\": {\"50.000000\": 10}, \"bins\": {\(bins)}}}}"
        }
        let text =
            "{\"fio version\": \"fio-3.33\", \"jobs\": [" + job("\"10\": 2, \"1e400\": 1, \"nan\": 1, \"20\": 1e400")
            + ", " + job("\"10\": 2") + "]}"
        let report = try FioParser().parse(Array(text.utf8), file: "f")
        #expect(report.groups[0].jobCount == 2)
        #expect(report.groups[0].value(atPath: "write.clat_ns.percentile.50.000000") == 10)
        #expect(report.problems == ["3 json+ bin(s) of write.clat_ns are not a latency and an I/O count; skipped"])
    }

    @Test("1e400 and nan in fio JSON (and a groupid of 1e400) leave the cell empty with the metric and file named")
    func nonFiniteFioValues() throws {
        let (table, run) = try table(["a/fio.json": "fio/non-finite-values.json"], metrics: ["write.iops", "write.lat.mean", "write.bw"])
        #expect(table.records.count == 1)
        #expect(table.records[0].values[0] == nil && table.records[0].values[1] == nil)
        #expect(table.records[0].values[2]?.value == (try original("write", "bw")))
        let file = run.path + "/a/fio.json"
        let named = table.warnings.filter { $0.files.contains(file) }
        try #require(named.count == 1)
        #expect(named[0].message.contains("write.iops: the number at write.iops in the fio JSON is infinite or out of range"))
        #expect(named[0].message.contains("write.lat.mean: the number at write.lat_ns.mean in the fio JSON is nan"))
    }

    @Test(
        "fio JSON after a byte-order mark or after junk on the brace's line is found",
        arguments: [
            "fio/bom-before-json.json", "fio/junk-before-brace.json",
        ])
    func documentAfterJunk(_ name: String) throws {
        let path = TestPaths.fixture(name)
        let report = try FioParser().parse(try bytes(path), file: path)
        #expect(report.groups[0].value(atPath: "write.iops") == (try original("write", "iops")))
        #expect(report.otherLines == (name.hasSuffix("brace.json") ? [">"] : []))
    }

    @Test("a brace that opens no fio document does not start one; a large file of braces is scanned once")
    func bracesThatAreNotDocuments() throws {
        let junk = String(repeating: "note: {x} {\"a\": 1} ", count: 20_000) + "\n"
        let fio = try String(contentsOfFile: TestPaths.fixture("fio/bom-before-json.json"), encoding: .utf8).dropFirst()
        let report = try FioParser().parse(Array((junk + "fio: error {\n" + fio).utf8), file: "f")
        #expect(report.groups[0].value(atPath: "write.iops") == (try original("write", "iops")))
        #expect(report.otherLines.count == 2)
        #expect(throws: ResultFileError.self) { try FioParser().parse(Array(String(repeating: "x{", count: 500_000).utf8), file: "f") }
    }

    @Test("an iostat file cut inside its last number: the line is skipped and the file is cut off")
    func iostatCutInsideLastNumber() throws {
        let path = TestPaths.fixture("iostat/cut-in-last-number.txt")
        let samples = try IostatTextParser().parse(try bytes(path), file: path)
        let whole = try IostatTextParser().parse(try bytes(TestPaths.fixture("iostat/new-header-under-load.txt")), file: "whole")
        #expect(samples.isCutOff && !whole.isCutOff)
        #expect(samples.samples == Array(whole.samples.prefix(2)))
        #expect(samples.damage.count == 1 && samples.damage[0].hasPrefix("iostat: cut off"))
    }

    @Test("zpool iostat and diskstats files cut mid-line are cut off, and the cut value is not read")
    func zpoolAndDiskstatsCutOff() throws {
        let zpoolPath = TestPaths.fixture("collectors/zpool-iostat-v-cut.txt")
        let zpool = try ZpoolIostatParser().parse(try bytes(zpoolPath), file: zpoolPath)
        let zpoolWhole = try ZpoolIostatParser().parse(try bytes(TestPaths.fixture("collectors/zpool-iostat-v.txt")), file: "z")
        #expect(zpool.isCutOff && !zpoolWhole.isCutOff)
        // Descriptions, not `==`: leaf vdevs have no capacity (`nan`), and nan equals nothing.
        #expect(zpool.samples.map(String.init(describing:)) == zpoolWhole.samples.dropLast().map(String.init(describing:)))
        let diskstatsPath = TestPaths.fixture("collectors/diskstats-cut.txt")
        let diskstats = try DiskstatsSample.read(try bytes(diskstatsPath), file: diskstatsPath)
        #expect(diskstats.isCutOff)
        #expect(!(try DiskstatsSample.read(try bytes(TestPaths.fixture("collectors/diskstats.txt")), file: "d")).isCutOff)
    }

    @Test("iostat and mpstat JSON stopped by SIGTERM are cut off; complete ones are not")
    func sysstatJSONCutOff() throws {
        let cut = TestPaths.fixture("iostat/json-sigterm.json"), complete = TestPaths.fixture("iostat/json-complete.json")
        #expect(try IostatJSONParser().parse(try bytes(cut), file: cut).isCutOff)
        #expect(!(try IostatJSONParser().parse(try bytes(complete), file: complete)).isCutOff)
        // Cut inside the second report: the first is kept, the file is cut off; cut inside the first, nothing is left.
        let mpstat = try bytes(TestPaths.fixture("collectors/mpstat.json"))
        let second = try #require(mpstat.firstRange(of: Array("08:20:22".utf8))?.lowerBound)
        let cutMpstat = try MpstatJSONParser().parse(Array(mpstat.prefix(second + 20)), file: "m")
        #expect(cutMpstat.isCutOff && Set(cutMpstat.samples.map(\.report)) == [0])
        #expect(!(try MpstatJSONParser().parse(mpstat, file: "m")).isCutOff)
        #expect(throws: ResultFileError.self) { try MpstatJSONParser().parse(Array(mpstat.prefix(second / 2)), file: "m") }
    }

    @Test("1e400 and nan in iostat text are counted per column and left out of the mean, with metric and file named")
    func nonFiniteCollectorValues() throws {
        let path = TestPaths.fixture("iostat/non-finite.txt")
        let samples = try IostatTextParser().parse(try bytes(path), file: path)
        #expect(samples.nonFiniteValues == ["%util": 2])
        let (table, run) = try table(["a/iostat-vda.txt": "iostat/non-finite.txt"], metrics: ["iostat.%util", "iostat.w/s"])
        let rows = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").filter { $0.hasPrefix("vda") }
        let lastField = try #require(rows[0].split(separator: " ").last)
        let first = try #require(Double(lastField))
        #expect(table.records[0].values[0]?.value == first)
        #expect(table.records[0].values[1] != nil)
        let warning = try #require(table.warnings.first { $0.files == [run.path + "/a/iostat-vda.txt"] })
        #expect(warning.message == "iostat.%util: 2 value(s) not finite (nan, inf, or out of range such as 1e400), left out")
    }

    @Test("an error job's file is named once, in one warning listing each of its problems once")
    func eachFileNamedOnce() throws {
        let (table, run) = try table(
            ["a/fio.json": "fio/error-job.json", "a/iostat-vda.txt": "iostat/cut-in-last-number.txt", "b/fio.json": "fio/error-job.json"],
            metrics: ["read.iops", "write.iops", "read.lat.mean", "write.lat.mean", "iostat.%util"])
        let fio = run.path + "/a/fio.json"
        let naming = table.warnings.filter { $0.files.contains(fio) }
        try #require(naming.count == 1)
        #expect(naming[0].files == [fio, run.path + "/b/fio.json"])
        #expect(naming[0].message.components(separatedBy: "error 21").count == 2)
        #expect(table.warnings.filter { $0.files.contains(run.path + "/a/iostat-vda.txt") }.count == 1)
    }

    @Test("files with different problems get a line each; problems of one file are joined")
    func warningsGroupPerFile() {
        let warnings = ResultTableBuilder.warnings(for: [
            ("p1", "a"), ("p2", "a"), ("p1", "a"), ("p1", "b"), ("p2", "b"), ("p1", "c"),
        ])
        #expect(warnings == [AnalysisWarning("p1; p2", files: ["a", "b"]), AnalysisWarning("p1", files: ["c"])])
    }

    @Test("a warmup too large for an integer is said in the warning as a number, not a trap")
    func hugeWarmup() throws {
        let run = try TemporaryDirectory()
        try run.write("a/iostat-vda.txt", try bytes(TestPaths.fixture("iostat/new-header.txt")))
        let tree = try ResultsLoader(layout: try LayoutTemplate("{cell}")).load(run.path)
        let query = ReportQuery(metrics: [try Metric(parsing: "iostat.%util")], warmup: 1e300)
        let table = ResultTableBuilder(query: query).build(tree)
        #expect(table.records.first?.values.first.flatMap { $0 } == nil)
        #expect(table.warnings.contains { $0.message.contains("no iostat sample left after the 1e+300 s warmup") }, "\(table.warnings)")
    }
}
