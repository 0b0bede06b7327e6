import Foundation
import SweepRecords
import SweepModel
import Testing

@testable import SweepAnalysis

@Suite struct FioParserTests {
    private func parse(_ path: String) throws -> FioReport {
        try FioParser().parse(try bytes(path), file: path)
    }

    private func jobs(_ path: String) throws -> [[String: Any]] {
        try #require(dig(try foundationJSON(path), "jobs") as? [[String: Any]])
    }

    @Test(.needsSharedSamples) func standaloneJSON() throws {
        let path = TestPaths.sample("a_json.json")
        let report = try parse(path)
        let job = try #require(try jobs(path).first)
        #expect(report.version == FioVersion(major: 3, minor: 33))
        #expect(report.groups.count == 1)
        let group = report.groups[0]
        #expect(group.jobCount == 1)
        #expect(group.value(atPath: "read.iops") == number(job, "read", "iops"))
        #expect(group.value(atPath: "read.clat_ns.percentile.99.990000") == number(job, "read", "clat_ns", "percentile", "99.990000"))
        #expect(!group.isApproximate(path: "read.clat_ns.percentile.99.000000"))
    }

    /// fio's own percentiles, recomputed from its json+ bins with fio's algorithm, come out the same.
    @Test(.needsSharedSamples) func percentilesFromBinsMatchFio() throws {
        let report = try parse(TestPaths.sample("b_jsonplus.json"))
        let clat = try #require(report.groups[0].stats["read"]?["clat_ns"]?.objectValue)
        let bins = FioLatencyBins(try #require(clat["bins"]?.objectValue))
        let percentiles = try #require(clat["percentile"]?.objectValue)
        #expect(percentiles.members.count == 17)
        for member in percentiles.members {
            let percent = try #require(NumberParser.parse(member.key))
            #expect(bins.percentile(percent) == member.value.doubleValue, "p\(member.key)")
        }
    }

    /// numjobs=3 without group_reporting, json+: summed rates, weighted latency, percentiles from merged bins.
    @Test(arguments: ["numjobs3-nogroup-jsonplus.json"])
    func aggregatesJobsWithBins(_ name: String) throws {
        let path = TestPaths.fixture("fio/" + name)
        let report = try parse(path)
        let entries = try jobs(path)
        #expect(entries.count == 3)
        let group = try #require(report.groups.first)
        #expect(report.groups.count == 1 && group.jobCount == 3)
        let iops = entries.compactMap { number($0, "write", "iops") }.reduce(0, +)
        #expect(abs(try #require(group.value(atPath: "write.iops")) - iops) <= 1e-9 * iops)
        #expect(group.value(atPath: "write.io_bytes") == entries.compactMap { number($0, "write", "io_bytes") }.reduce(0, +))
        let counts = entries.compactMap { number($0, "write", "clat_ns", "N") }
        let means = entries.compactMap { number($0, "write", "clat_ns", "mean") }
        let weighted = zip(counts, means).map(*).reduce(0, +) / counts.reduce(0, +)
        #expect(abs(try #require(group.value(atPath: "write.clat_ns.mean")) - weighted) <= 1e-9 * weighted)
        #expect(group.value(atPath: "write.clat_ns.min") == entries.compactMap { number($0, "write", "clat_ns", "min") }.min())
        #expect(group.value(atPath: "write.clat_ns.max") == entries.compactMap { number($0, "write", "clat_ns", "max") }.max())
        // Percentiles recomputed from the summed histogram, checked with an independent walk.
        var merged: [Double: Double] = [:]
        for entry in entries {
            for (key, count) in try #require(dig(entry, "write", "clat_ns", "bins") as? [String: Any]) {
                merged[Double(key)!, default: 0] += (count as! NSNumber).doubleValue
            }
        }
        let total = merged.values.reduce(0, +)
        for percent in [50.0, 99.0, 99.9] {
            var running = 0.0
            let expected = merged.keys.sorted().first { key in
                running += merged[key]!
                return running >= percent / 100 * total
            }
            let key = FioNormalizer.percentKey(percent)
            #expect(group.value(atPath: "write.clat_ns.percentile." + key) == expected, "p\(percent)")
        }
        #expect(group.approximatePercentiles.isEmpty)
    }

    @Test func aggregatesWithoutBinsMarksPercentilesApproximate() throws {
        let path = TestPaths.fixture("fio/numjobs2-nogroup-json.json")
        let group = try #require(try parse(path).groups.first)
        #expect(group.jobCount == 2)
        #expect(group.isApproximate(path: "write.clat_ns.percentile.99.000000"))
        #expect(!group.isApproximate(path: "write.clat_ns.mean"))
        let p99 = try jobs(path).compactMap { number($0, "write", "clat_ns", "percentile", "99.000000") }
        let value = try #require(group.value(atPath: "write.clat_ns.percentile.99.000000"))
        #expect(value >= p99.min()! && value <= p99.max()!)
    }

    @Test func groupReportingOutputIsOneGroup() throws {
        let path = TestPaths.fixture("fio/numjobs3-group-reporting.json")
        let report = try parse(path)
        #expect(report.groups.count == 1 && report.groups[0].jobCount == 1)
        #expect(report.groups[0].value(atPath: "write.iops") == number(try jobs(path)[0], "write", "iops"))
    }

    @Test func separateGroupsStayApart() throws {
        let path = TestPaths.fixture("fio/two-groups.json")
        let report = try parse(path)
        #expect(report.groups.map(\.name) == ["alpha", "beta"])
        #expect(report.groups.map(\.groupID) == [0, 1])
        let entries = try jobs(path)
        #expect(report.groups[0].value(atPath: "read.iops") == number(entries[0], "read", "iops"))
        #expect(report.groups[1].value(atPath: "write.iops") == number(entries[1], "write", "iops"))
    }

    @Test func clientServerOutput() throws {
        let path = TestPaths.fixture("fio/client-server.json")
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.hasPrefix("\n"))
        let report = try parse(path)
        #expect(report.isClientServer)
        #expect(Set(report.groups.compactMap(\.host)) == ["127.0.0.1:18765", "127.0.0.1:18766"])
        let all = try #require(report.allClients)
        #expect(report.summaryGroups.count == 1)
        let stats = try #require(dig(try foundationJSON(path), "client_stats") as? [[String: Any]])
        let allEntry = try #require(stats.first { $0["jobname"] as? String == "All clients" })
        #expect(all.value(atPath: "write.iops") == number(allEntry, "write", "iops"))
        // iosweep's sum, with fio's own entry kept beside it (it agrees here: no problem).
        #expect(all.name == "All clients" && all.host == nil)
        #expect(report.fioAllClients?.value(atPath: "read.iops") == number(allEntry, "read", "iops"))
        #expect(report.fioAllClients?.host == "127.0.0.1:18765")
        #expect(report.problems.isEmpty, "\(report.problems)")
        let a = try #require(report.groups.first { $0.name == "a" })
        let b = try #require(report.groups.first { $0.name == "b" })
        let sum = try #require(a.value(atPath: "write.iops")) + (try #require(b.value(atPath: "write.iops")))
        #expect(abs(try #require(all.value(atPath: "write.iops")) - sum) < 1)
    }

    @Test func statusIntervalStreamUsesFinalDocument() throws {
        let path = TestPaths.fixture("fio/status-interval.json")
        let report = try parse(path)
        #expect(report.documentCount == 4)
        // The last document, cut out independently.
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let last = try #require(text.components(separatedBy: "\n{\n").last)
        let final = try #require(try JSONSerialization.jsonObject(with: Data(("{\n" + last).utf8)) as? [String: Any])
        #expect(report.groups[0].value(atPath: "write.iops") == number(final, "jobs", "0", "write", "iops"))
        #expect(number(final, "jobs", "0", "eta") == 0)
    }

    @Test func textBeforeAndAroundJSON() throws {
        let note = try parse(TestPaths.fixture("fio/note-before-json.json"))
        #expect(note.otherLines.first?.hasPrefix("note: both iodepth") == true)
        #expect(note.groups[0].value(atPath: "read.iops") ?? 0 > 0)
        let mixed = try parse(TestPaths.fixture("fio/jsonplus-normal-mix.json"))
        #expect(mixed.otherLines.contains("Starting 1 process"))
        #expect(mixed.otherLines.contains { $0.contains("Run status group 0") })
        #expect(mixed.groups[0].value(atPath: "read.iops") ?? 0 > 0)
    }

    @Test func jobErrorIsReported() throws {
        let report = try parse(TestPaths.fixture("fio/error-job.json"))
        #expect(report.groups[0].error == 21)
    }

    @Test func fio2UnitsAreNormalised() throws {
        let group = try parse(TestPaths.fixture("fio/fio2-synthetic.json")).groups[0]
        #expect(group.value(atPath: "write.clat_ns.mean") == 1_500_500)
        #expect(group.value(atPath: "write.lat_ns.max") == 9_001_000)
        #expect(group.value(atPath: "write.clat_ns.percentile.99.000000") == 8_000_000)
        #expect(group.value(atPath: "write.io_bytes") == Double(4096 * 1024))
        #expect(group.value(atPath: "write.io_kbytes") == 4096)
        let keys = group.stats["write"]?["clat_ns"]?["percentile"]?.objectValue?.keys
        #expect(keys == ["1.000000", "50.000000", "99.000000", "99.990000"])
    }

    @Test(.needsSharedSamples) func truncatedAndEmptyFilesNameTheFile() throws {
        let full = try bytes(TestPaths.sample("a_json.json"))
        do {
            _ = try FioParser().parse(Array(full.prefix(full.count / 2)), file: "cell/fio.json")
            Issue.record("no error")
        } catch {
            #expect(error.file == "cell/fio.json")
            #expect(error.message.contains("cut off"))
        }
        do {
            _ = try FioParser().parse(Array("\n\n".utf8), file: "empty/fio.json")
            Issue.record("no error")
        } catch {
            #expect(error.description.hasPrefix("empty/fio.json: error: empty file"))
        }
        do {
            _ = try FioParser().parse(Array("fio: some failure\n".utf8), file: "x/fio.json")
            Issue.record("no error")
        } catch {
            #expect(error.message.contains("no fio JSON document"))
        }
    }
}

/// fio's own steady-state results (`--ss=iops_slope:5% --ss_dur=2`, here not attained in 3 s) as `ss.*` metrics.
@Suite struct FioSteadyStateMetricTests {
    @Test("ss.attained, ss.slope, ss.max_deviation and ss.duration read the job's steadystate object")
    func steadyState() throws {
        let path = TestPaths.fixture("fio/steady-state.json")
        let report = try FioParser().parse(try bytes(path), file: path)
        let group = try #require(report.groups.first)
        var found: [String: Double] = [:]
        for name in ["ss.attained", "ss.slope", "ss.max_deviation", "ss.duration"] {
            let metric = try MetricCatalog.metric(named: name)
            guard case .fio(let fioPath) = metric.source else { Issue.record("\(name) is a fio value"); continue }
            found[name] = group.value(atPath: fioPath)
        }
        #expect(found == ["ss.attained": 0, "ss.slope": 11237, "ss.max_deviation": 0, "ss.duration": 2])
        #expect(throws: MetricError.self) { try MetricCatalog.metric(named: "ss.criterion") }
    }

    @Test("the run's headline says whether fio's ss was attained: false for the fixture, nil for a job that did not ask")
    func headline() throws {
        let gaveUp = try #require(Headline.read(fioOutput: Data(try bytes(TestPaths.fixture("fio/steady-state.json")))))
        #expect(gaveUp.steadyStateAttained == false)
        let plain = try #require(Headline.read(fioOutput: Data(try bytes(TestPaths.fixture("fio/two-groups.json")))))
        #expect(plain.steadyStateAttained == nil)
        let attained = String(decoding: try bytes(TestPaths.fixture("fio/steady-state.json")), as: UTF8.self)
            .replacingOccurrences(of: "\"attained\" : 0", with: "\"attained\" : 1")
        #expect(attained.contains("\"attained\" : 1"), "the fixture's spelling")
        #expect(Headline.read(fioOutput: Data(attained.utf8))?.steadyStateAttained == true)
        let notice = FioSteadyStateNotice(cells: ["n=10", "n=9"])
        #expect(notice.cells == ["n=9", "n=10"], "natural order")
        #expect(notice.footnote.hasSuffix("in 2 cells: n=9, n=10 — fio gave up at the runtime; their numbers are not of a steady state\n"))
    }
}
