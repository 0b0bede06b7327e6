import Foundation
import SweepRecords
import SweepModel
import Testing

@testable import SweepAnalysis

/// Rows of a whitespace table as the test reads them independently: lines starting with `device`.
private func deviceRows(_ path: String, device: String) throws -> [[Double]] {
    try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
        .filter { $0.hasPrefix(device + " ") || $0.hasPrefix(device + ":") }
        .map { $0.split(separator: " ").dropFirst().map { Double($0)! } }
}

private func headerColumns(_ path: String) throws -> [String] {
    let line = try #require(try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").first { $0.hasPrefix("Device") })
    return line.split(separator: " ").dropFirst().map(String.init)
}

@Suite struct IostatTextParserTests {
    private func parse(_ path: String, layout: IostatLayout? = nil) throws -> CollectorSamples {
        try IostatTextParser(layout: layout).parse(try bytes(path), file: path)
    }

    @Test(arguments: ["new-header.txt", "new-header-t-locale.txt", "new-header-t-iso.txt"])
    func newLayoutWithHeader(_ name: String) throws {
        let path = TestPaths.fixture("iostat/" + name)
        let samples = try parse(path)
        #expect(samples.columns == (try headerColumns(path)))
        #expect(samples.columns == IostatLayout.sysstat12_3.columns)
        #expect(samples.samples.map(\.values) == (try deviceRows(path, device: "vda")))
        #expect(samples.samples.map(\.report) == [0, 1, 2])
        if name.contains("-t-") {
            #expect(samples.samples.allSatisfy { $0.time != nil })
            let offsets = samples.offsets(interval: 99)
            #expect(offsets.count == 3 && offsets[0] == 0)
            // One second apart, give or take a second of clock rounding.
            #expect(offsets[2] >= 1 && offsets[2] <= 3)
        } else {
            #expect(samples.offsets(interval: 2) == [0, 2, 4])
        }
    }

    @Test func localeAndISOTimestamps() {
        #expect(IostatTextParser.timestamp("11/27/26 07:24:43") == IostatTextParser.timestamp("2026-11-27T07:24:43+0000"))
        #expect(IostatTextParser.timestamp("11/27/2026 07:24:43 PM")! - IostatTextParser.timestamp("11/27/26 07:24:43")! == 12 * 3600)
        #expect(IostatTextParser.timestamp("2026-11-27T09:24:43+0200") == IostatTextParser.timestamp("2026-11-27T07:24:43Z"))
        #expect(IostatTextParser.timestamp("vda 1.00 2.00") == nil)
    }

    @Test func newLayoutWithoutHeaderIsInferred() throws {
        let path = TestPaths.fixture("iostat/new-no-header.txt")
        let samples = try parse(path)
        #expect(samples.columns == IostatLayout.sysstat12_3.columns)
        #expect(samples.samples.map(\.values) == (try deviceRows(path, device: "vda")))
        #expect(samples.samples.map(\.report) == [0, 1, 2])
    }

    /// The seed's header-less old-layout lines (sysstat ≤ 11.4, 13 values).
    @Test func oldLayoutWithoutHeader() throws {
        let path = TestPaths.fixture("iostat/old-no-header-seed.txt")
        let samples = try parse(path)
        #expect(samples.columns == IostatLayout.sysstat11.columns)
        let rows = try deviceRows(path, device: "sdb")
        #expect(samples.samples.count == rows.count && rows.count == 60)
        let util = try #require(samples.columns.firstIndex(of: "%util"))
        #expect(samples.samples.map { $0.values[util] } == rows.map { $0[12] })
        // Warmup 5 s at 1 s per line drops exactly the first five lines.
        let expected = rows.dropFirst(5).map { $0[12] }.reduce(0, +) / Double(rows.count - 5)
        let mean = try #require(samples.means(of: "%util", warmup: 5, interval: 1).first)
        #expect(mean.device == "sdb" && abs(mean.mean - expected) < 1e-9)
        // Two seconds between lines: 5 s of warmup drops three lines (0, 2, 4 s).
        let slower = rows.dropFirst(3).map { $0[12] }.reduce(0, +) / Double(rows.count - 3)
        #expect(abs(samples.means(of: "%util", warmup: 5, interval: 2)[0].mean - slower) < 1e-9)
    }

    @Test func layoutCanBeForced() throws {
        let path = TestPaths.fixture("iostat/old-no-header-seed.txt")
        #expect(throws: ResultFileError.self) { try parse(path, layout: .sysstat12_3) }
        let text = Array("sdb 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15\n".utf8)
        let forced = try IostatTextParser(layout: .sysstat11_5).parse(text, file: "x")
        #expect(forced.columns.last == "%util" && forced.samples[0].values.last == 15)
        #expect(throws: ResultFileError.self) { try IostatTextParser().parse(Array("sdb 1 2 3\n".utf8), file: "x") }
    }

    @Test func multipleDevicesWithoutHeaderSplitReportsOnRepeat() throws {
        let line = " 0.00 0.00 0.00 137.00 0.00 2413.00 35.23 0.84 6.10 0.00 6.10 2.42 33.20\n"
        let text = ["sdb", "sdc", "sdb", "sdc"].map { $0 + line }.joined()
        let samples = try IostatTextParser().parse(Array(text.utf8), file: "x")
        #expect(samples.samples.map(\.report) == [0, 0, 1, 1])
        #expect(samples.devices == ["sdb", "sdc"])
    }

    @Test func cutOffLastLineIsSkipped() throws {
        let full = try bytes(TestPaths.fixture("iostat/old-no-header-seed.txt"))
        let cut = Array(full.prefix(full.count - 20))
        let samples = try IostatTextParser().parse(cut, file: "x")
        #expect(samples.samples.count == 59 && samples.isCutOff && samples.skippedLines == 0)
        #expect(throws: ResultFileError.self) { try IostatTextParser().parse([], file: "x") }
    }
}

@Suite struct IostatJSONParserTests {
    @Test func completeJSON() throws {
        let path = TestPaths.fixture("iostat/json-complete.json")
        let samples = try IostatJSONParser().parse(try bytes(path), file: path)
        let stats = try #require(dig(try foundationJSON(path), "sysstat", "hosts", "0", "statistics") as? [[String: Any]])
        #expect(samples.samples.count == stats.count && stats.count == 3)
        let util = try #require(samples.columns.firstIndex(of: "%util"))
        #expect(samples.columns.contains("%rrqm") && samples.columns.contains("rrqm/s"))
        #expect(samples.samples.map { $0.values[util] } == stats.map { number($0, "disk", "0", "util")! })
        #expect(samples.samples.allSatisfy { $0.time != nil })
    }

    @Test func sigtermKeepsCompleteSamples() throws {
        let path = TestPaths.fixture("iostat/json-sigterm.json")
        let data = try bytes(path)
        #expect(throws: (any Error).self) { try JSONSerialization.jsonObject(with: Data(data)) }
        let samples = try IostatJSONParser().parse(data, file: path)
        let text = String(decoding: data, as: UTF8.self)
        #expect(samples.samples.count == text.components(separatedBy: "\"disk_device\"").count - 1)
        #expect(samples.samples.count >= 2)
        // Cut inside the last sample: that one is dropped, the others stay.
        let cut = Array(data.prefix(data.count - 40))
        #expect(try IostatJSONParser().parse(cut, file: path).samples.count == samples.samples.count - 1)
    }

    @Test(.needsSharedSamples) func sharedSample() throws {
        let path = TestPaths.sample("n5_iostat_dxy_json.json")
        let samples = try IostatJSONParser().parse(try bytes(path), file: path)
        #expect(samples.devices.contains("vda"))
        let reports = try String(contentsOfFile: path, encoding: .utf8).components(separatedBy: "\"disk\":").count - 1
        #expect(samples.samples.map(\.report).max() == reports - 1)
    }

    @Test func legacyKeysMeanPerSecond() {
        #expect(IostatJSONParser.columnName("rrqm", legacy: true) == "rrqm/s")
        #expect(IostatJSONParser.columnName("rrqm", legacy: false) == "%rrqm")
        #expect(IostatJSONParser.columnName("util", legacy: false) == "%util")
    }
}

@Suite struct OtherCollectorTests {
    @Test(.needsSharedSamples) func mpstatJSON() throws {
        for path in [TestPaths.fixture("collectors/mpstat.json"), TestPaths.sample("p2_mpstat_P_ALL_json.json")] {
            let samples = try MpstatJSONParser().parse(try bytes(path), file: path)
            let stats = try #require(dig(try foundationJSON(path), "sysstat", "hosts", "0", "statistics") as? [[String: Any]])
            let loads = stats.flatMap { ($0["cpu-load"] as? [[String: Any]]) ?? [] }
            #expect(samples.samples.count == loads.count)
            #expect(samples.summaryDevices == ["all"])
            let usr = try #require(samples.columns.firstIndex(of: "%usr"))
            #expect(samples.samples.map { $0.values[usr] } == loads.map { number($0, "usr")! })
        }
    }

    @Test func zpoolIostatVerbose() throws {
        let path = TestPaths.fixture("collectors/zpool-iostat-v.txt")
        let samples = try ZpoolIostatParser().parse(try bytes(path), file: path)
        #expect(samples.summaryDevices == ["fmtpool"])
        #expect(samples.samples.map(\.report) == [0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2])
        let pool = samples.samples.filter { $0.device == "fmtpool" }
        #expect(pool[0].values[0] == 49.6 * 1024 * 1024)
        #expect(pool[0].values[3] == 1.49 * 1024)
        #expect(pool[2].values[5] == 272 * 1024 * 1024)
        let leaf = try #require(samples.samples.first { $0.device.hasSuffix("vdev1") })
        #expect(leaf.values[0].isNaN)
    }

    @Test func diskstatsSamplesAndRates() throws {
        let path = TestPaths.fixture("collectors/diskstats.txt")
        let samples = try DiskstatsSample.parse(try bytes(path), file: path)
        #expect(samples.count == 4 && samples.allSatisfy { $0.devices.map(\.device) == ["vda", "zram0"] })
        let rates = DiskstatsSample.rates(samples)
        #expect(rates.samples.count == 6)
        // Independent: writes completed (field 8 of the line) over the first interval.
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
        let vda = lines.filter { $0.contains(" vda ") }.map { $0.split(separator: " ") }
        let times = lines.filter { $0.hasPrefix("@") }.map { Timestamp.iso8601($0.dropFirst(2))! }
        let expected = (Double(vda[1][7])! - Double(vda[0][7])!) / (times[1] - times[0])
        let ws = try #require(rates.columns.firstIndex(of: "w/s"))
        #expect(abs(rates.samples[0].values[ws] - expected) < 1e-9)
        #expect(rates.samples[0].time == times[0])
    }

    @Test func diskstatsRejectsForeignText() throws {
        #expect(throws: ResultFileError.self) { try DiskstatsSample.parse(Array("8 0 sda 1 2 3\n".utf8), file: "x") }
        // A partial last line (killed mid-write) is dropped.
        let text = "# iosweep diskstats v1\n@ 2026-11-27T07:24:43.000Z\n 8 0 sda 1 2 3 4 5 6 7 8 9 10 11\n 8 16 sd"
        let samples = try DiskstatsSample.parse(Array(text.utf8), file: "x")
        #expect(samples.count == 1 && samples[0].devices.count == 1)
    }

    @Test("diskstats intervals that give no rate are said: one sample, a time going back, a device missing from a sample")
    func diskstatsGapsAreSaid() throws {
        let line = { (device: String, writes: Int) in " 8 0 \(device) 1 2 3 4 \(writes) 6 7 8 9 10 11\n" }
        let header = "# iosweep diskstats v1\n"
        let one = try DiskstatsSample.read(Array((header + "@ 2026-11-27T07:24:43.000Z\n" + line("sda", 5)).utf8), file: "x")
        #expect(one.samples.isEmpty && one.damage == ["diskstats: 1 sample(s): a rate needs two"])

        let text =
            header + "@ 2026-11-27T07:24:43.000Z\n" + line("sda", 5) + line("sdb", 5)
            + "@ 2026-11-27T07:24:44.000Z\n" + line("sda", 15)
            + "@ 2026-11-27T07:24:42.000Z\n" + line("sda", 25) + line("sdb", 25)
        let rates = try DiskstatsSample.read(Array(text.utf8), file: "x")
        #expect(rates.samples.map(\.device) == ["sda"])
        #expect(
            rates.damage == [
                "diskstats: 1 interval(s) whose time is not after the one before skipped",
                "diskstats: 1 interval(s) of sdb skipped: the device is missing from one of its two samples",
            ])
        let whole = try DiskstatsSample.read(try bytes(TestPaths.fixture("collectors/diskstats.txt")), file: "d")
        #expect(whole.damage.isEmpty)
    }
}
