import Foundation
import SweepRecords
import SweepModel
import Testing

@testable import SweepAnalysis

@Suite struct VmstatTextParserTests {
    /// The data lines of a vmstat file: lines starting with a number, their numbers and `-t` stamp.
    private func rows(_ path: String) throws -> [(values: [Double], stamp: String?)] {
        try words(path).filter { Double($0[0]) != nil }.map { line in
            let values = line.prefix { Double($0) != nil }.map { Double($0)! }
            return (values, line.count == values.count + 2 ? line.suffix(2).joined(separator: " ") : nil)
        }
    }

    private func header(_ path: String) throws -> [String] {
        try #require(try words(path).first { $0.first == "r" })
    }

    @Test(arguments: ["vmstat-n-t.txt", "vmstat-t-repeat.txt", "vmstat-w-t.txt", "vmstat-a-n-t.txt", "vmstat-plain.txt"])
    func realOutput(_ name: String) throws {
        let path = TestPaths.fixture("collectors/" + name)
        let samples = try VmstatTextParser().parse(try bytes(path), file: path)
        let rows = try rows(path)
        let timed = rows[0].stamp != nil
        // The since-boot line is dropped; every other line is one report of the device `all`.
        #expect(samples.samples.map(\.values) == rows.dropFirst().map(\.values))
        #expect(samples.samples.map(\.report) == Array(0..<rows.count - 1))
        #expect(samples.devices == ["all"] && samples.summaryDevices == ["all"])
        #expect(samples.skippedLines == 0)
        let header = try header(path)
        #expect(samples.columns == (timed ? Array(header.dropLast()) : header))
        if timed {
            let first = try seconds(try #require(rows[1].stamp))
            let expected = try rows.dropFirst().map { try seconds(try #require($0.stamp)) - first }
            #expect(samples.offsets(interval: 99) == expected)
            #expect(expected.last! >= Double(rows.count - 2))
        } else {
            #expect(samples.samples.allSatisfy { $0.time == nil })
            #expect(samples.offsets(interval: 1) == (0..<rows.count - 1).map(Double.init))
        }
    }

    @Test func layoutsNameTheirColumns() throws {
        let wide = try VmstatTextParser().parse(try bytes(TestPaths.fixture("collectors/vmstat-w-t.txt")), file: "w")
        #expect(wide.columns.last == "gu" && wide.columns.contains("wa"))
        let active = try VmstatTextParser().parse(try bytes(TestPaths.fixture("collectors/vmstat-a-n-t.txt")), file: "a")
        #expect(active.columns.contains("inact") && active.columns.contains("active") && !active.columns.contains("buff"))
        // The header repeats every 21 lines without -n: 30 lines, one since boot, 29 samples.
        let repeated = try VmstatTextParser().parse(try bytes(TestPaths.fixture("collectors/vmstat-t-repeat.txt")), file: "r")
        #expect(repeated.samples.count == 29)
    }

    @Test func warmupDropsTheFirstSeconds() throws {
        let path = TestPaths.fixture("collectors/vmstat-t-repeat.txt")
        let samples = try VmstatTextParser().parse(try bytes(path), file: path)
        let wa = try #require(try header(path).firstIndex(of: "wa"))
        let kept = try rows(path).dropFirst().map { $0.values[wa] }
        let offsets = samples.offsets(interval: 1)
        let expected = zip(kept, offsets).filter { $0.1 >= 5 }.map(\.0)
        #expect(expected.count < kept.count && !expected.isEmpty)
        let mean = try #require(samples.means(of: "wa", warmup: 5, interval: 1).first)
        #expect(mean.device == "all" && abs(mean.mean - expected.reduce(0, +) / Double(expected.count)) < 1e-9)
    }

    @Test func headerlessLinesUseTheDefaultColumns() throws {
        let lines = try String(contentsOfFile: TestPaths.fixture("collectors/vmstat-plain.txt"), encoding: .utf8)
            .split(separator: "\n").filter { $0.trimmingCharacters(in: .whitespaces).first?.isNumber == true }
        let samples = try VmstatTextParser().parse(Array((lines.joined(separator: "\n") + "\n").utf8), file: "x")
        #expect(samples.columns == VmstatTextParser.defaultColumns)
        #expect(samples.samples.count == lines.count - 1)
    }

    @Test func cutOffAndGarbage() throws {
        let full = try bytes(TestPaths.fixture("collectors/vmstat-n-t.txt"))
        let complete = try VmstatTextParser().parse(full, file: "x").samples.count
        // Cut inside the last line's values, and after its last character (no newline): both skipped.
        for cut in [30, 1] {
            let samples = try VmstatTextParser().parse(Array(full.prefix(full.count - cut)), file: "x")
            #expect(samples.samples.count == complete - 1 && samples.isCutOff && samples.skippedLines == 0)
        }
        let headerAndSinceBoot = Array(full.prefix(through: try #require(full.indices.filter { full[$0] == 0x0A }.dropFirst(2).first)))
        #expect {
            try VmstatTextParser().parse(headerAndSinceBoot, file: "cell/vmstat.txt")
        } throws: { error in
            let error = error as? ResultFileError
            return error?.file == "cell/vmstat.txt" && error?.message.contains("since-boot") == true
        }
        #expect(throws: ResultFileError.self) { try VmstatTextParser().parse([], file: "x") }
        #expect(throws: ResultFileError.self) {
            try VmstatTextParser().parse(try bytes(TestPaths.fixture("fio/two-groups.json")), file: "x")
        }
        #expect(throws: ResultFileError.self) {
            try VmstatTextParser().parse(try bytes(TestPaths.fixture("collectors/mpstat-P-ALL.txt")), file: "x")
        }
    }
}

@Suite struct MpstatTextParserTests {
    /// The sample rows of an mpstat file: time (one word, or two with AM/PM), CPU, values; no header, no `Average:`.
    private func rows(_ path: String) throws -> [(time: String, cpu: String, values: [Double])] {
        try words(path).compactMap { line in
            guard line[0].contains(":"), !line[0].hasPrefix("Average") else { return nil }
            let width = ["AM", "PM"].contains(line[1]) ? 2 : 1
            guard line[width] != "CPU" else { return nil }
            return (line.prefix(width).joined(separator: " "), line[width], line.dropFirst(width + 1).map { Double($0)! })
        }
    }

    @Test(arguments: ["mpstat-P-ALL.txt", "mpstat-P-ALL-sigint.txt", "mpstat-P-ALL-12h.txt", "mpstat-all-only.txt"])
    func realOutput(_ name: String) throws {
        let path = TestPaths.fixture("collectors/" + name)
        let samples = try MpstatTextParser().parse(try bytes(path), file: path)
        let rows = try rows(path)
        #expect(samples.samples.map(\.device) == rows.map(\.cpu))
        #expect(samples.samples.map(\.values) == rows.map(\.values))
        #expect(samples.skippedLines == 0)
        #expect(samples.summaryDevices == ["all"])
        let header = try #require(try words(path).first { $0.contains("CPU") && !$0[0].hasPrefix("Average") })
        #expect(samples.columns == Array(header.drop { $0 != "CPU" }.dropFirst()))
        #expect(samples.columns.contains("%iowait") && samples.columns.contains("%idle"))
        // One report per distinct time, numbered in order.
        var times: [String] = []
        for row in rows where times.last != row.time { times.append(row.time) }
        #expect(samples.samples.map(\.report) == rows.map { times.firstIndex(of: $0.time)! })
        // Offsets follow the clock: one second per report here.
        let offsets = samples.offsets(interval: 99)
        #expect(Set(offsets) == Set((0..<times.count).map(Double.init)))
    }

    @Test func perCPURowsAndTheBannerDate() throws {
        let path = TestPaths.fixture("collectors/mpstat-P-ALL.txt")
        let samples = try MpstatTextParser().parse(try bytes(path), file: path)
        #expect(samples.devices == ["all", "0", "1"])
        // The banner's date (2026-11-27) and the row's time (10:16:27): an ISO timestamp.
        #expect(samples.samples[0].time == Timestamp.iso8601("2026-11-27T10:16:27Z"))
        let iowait = try #require(samples.means(of: "%iowait", warmup: 0, interval: 1).first { $0.device == "1" })
        let expected = try rows(path).filter { $0.cpu == "1" }.map { $0.values[3] }
        #expect(abs(iowait.mean - expected.reduce(0, +) / Double(expected.count)) < 1e-9)
    }

    @Test func twelveHourClockAndMidnight() throws {
        let twelve = try MpstatTextParser().parse(try bytes(TestPaths.fixture("collectors/mpstat-P-ALL-12h.txt")), file: "x")
        #expect(twelve.samples[0].time == Timestamp.iso8601("2026-11-27T10:27:10Z"))
        // Hand-written: the clock passes midnight (12-hour and 24-hour forms); the next day follows.
        let values = "  all 1.00 0.00 2.00 3.00 0.00 0.00 0.00 0.00 0.00 94.00\n"
        for times in [["11:59:59 PM", "12:00:00 AM", "12:00:01 AM"], ["23:59:59", "00:00:00", "00:00:01"]] {
            let text =
                "Linux 6.1 (h) \t11/27/26 \t_x86_64_\t(2 CPU)\n\n\(times[0])  CPU %usr %nice %sys %iowait %irq %soft %steal %guest %gnice %idle\n"
                + times.map { $0 + values }.joined()
            let samples = try MpstatTextParser().parse(Array(text.utf8), file: "x")
            #expect(samples.offsets(interval: 99) == [0, 1, 2])
            #expect(samples.samples.map(\.report) == [0, 1, 2])
        }
    }

    @Test func headerlessRowsUseTheDefaultColumns() throws {
        let text = try String(contentsOfFile: TestPaths.fixture("collectors/mpstat-P-ALL.txt"), encoding: .utf8)
        let rows = text.split(separator: "\n").filter { $0.contains(" all ") && !$0.hasPrefix("Average") }
        let samples = try MpstatTextParser().parse(Array((rows.joined(separator: "\n") + "\n").utf8), file: "x")
        #expect(samples.columns == MpstatTextParser.defaultColumns)
        #expect(samples.samples.count == rows.count)
    }

    @Test func cutOffAndGarbage() throws {
        // Cut inside the last sample row (no Average block yet, as after a SIGKILL).
        let full = try bytes(TestPaths.fixture("collectors/mpstat-P-ALL.txt"))
        let text = String(decoding: full, as: UTF8.self)
        let averageStart = try #require(text.range(of: "\nAverage:")).lowerBound.utf16Offset(in: text)
        let body = Array(full.prefix(averageStart))
        let complete = try MpstatTextParser().parse(body, file: "x").samples.count
        for cut in [20, 1] {
            let samples = try MpstatTextParser().parse(Array(body.prefix(body.count - cut)), file: "x")
            #expect(samples.samples.count == complete - 1 && samples.isCutOff && samples.skippedLines == 0)
        }
        let bannerOnly = Array(text.prefix { $0 != "\n" }.utf8) + [0x0A]
        #expect {
            try MpstatTextParser().parse(bannerOnly, file: "cell/mpstat.txt")
        } throws: { error in
            (error as? ResultFileError)?.file == "cell/mpstat.txt"
        }
        #expect(throws: ResultFileError.self) { try MpstatTextParser().parse([], file: "x") }
        #expect(throws: ResultFileError.self) {
            try MpstatTextParser().parse(try bytes(TestPaths.fixture("collectors/vmstat-n-t.txt")), file: "x")
        }
    }

    @Test func jsonAndTextNameColumnsAlike() throws {
        let json = try MpstatJSONParser().parse(try bytes(TestPaths.fixture("collectors/mpstat.json")), file: "x")
        let text = try MpstatTextParser().parse(try bytes(TestPaths.fixture("collectors/mpstat-P-ALL.txt")), file: "x")
        #expect(json.columns == text.columns)
        #expect(try Metric(parsing: "mpstat.usr").source == .collector(name: .mpstat, column: "%usr"))
        #expect(try Metric(parsing: "mpstat.%iowait").source == .collector(name: .mpstat, column: "%iowait"))
    }
}

@Suite struct CPUMetricCatalogTests {
    @Test(arguments: [
        ("vmstat.wa", "%", MetricDirection.neutral), ("vmstat.us", "%", .lowerIsBetter), ("vmstat.id", "%", .higherIsBetter),
        ("vmstat.bi", "KiB/s", .higherIsBetter), ("vmstat.bo", "KiB/s", .higherIsBetter), ("vmstat.si", "KiB/s", .lowerIsBetter),
        ("vmstat.cs", "1/s", .neutral), ("vmstat.free", "KiB", .neutral), ("vmstat.r", "processes", .neutral),
        ("mpstat.%idle", "%", .higherIsBetter), ("mpstat.idle", "%", .higherIsBetter), ("mpstat.%iowait", "%", .neutral),
        ("mpstat.%usr", "%", .lowerIsBetter), ("mpstat.%sys", "%", .lowerIsBetter), ("mpstat.%steal", "%", .lowerIsBetter),
    ])
    func unitsAndDirections(_ name: String, _ unit: String, _ direction: MetricDirection) throws {
        let metric = try Metric(parsing: name)
        #expect(metric.unit == unit && metric.direction == direction)
    }

    @Test func vmstatNeedsAColumn() {
        #expect(throws: MetricError.self) { try Metric(parsing: "vmstat.") }
        #expect(throws: MetricError.self) { try Metric(parsing: "vmstat") }
    }
}
