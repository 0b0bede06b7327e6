import Foundation
import SweepRecords
import SweepModel
import Testing

@testable import SweepAnalysis

/// The client/server aggregate iosweep computes from the clients' entries (not fio's `All clients` entry),
/// on a real two-server json+ run (Fixtures/README.md).
@Suite struct FioClientServerAggregateTests {
    private static let fixture = "fio/client-server-jsonplus.json"

    private func parse(_ path: String) throws -> FioReport {
        try FioParser().parse(try bytes(path), file: path)
    }

    /// The client entries of the fixture, read with Foundation: every `client_stats` entry but fio's sum.
    private func clientEntries(_ path: String) throws -> [[String: Any]] {
        let stats = try #require(dig(try foundationJSON(path), "client_stats") as? [[String: Any]])
        return stats.filter { $0["jobname"] as? String != "All clients" }
    }

    @Test func fixtureIsARealClientServerDocument() throws {
        let path = TestPaths.fixture(Self.fixture)
        #expect(try String(contentsOfFile: path, encoding: .utf8).hasPrefix("\n{\n"))
        let entries = try clientEntries(path)
        #expect(entries.count == 3)
        #expect(
            entries.filter { number($0, "write", "total_ios") ?? 0 > 0 }.compactMap { $0["port"] as? Int }.sorted() == [
                18765, 18765, 18766,
            ])
        #expect(entries.allSatisfy { dig($0, "write", "clat_ns", "bins") != nil })
    }

    /// p99 of the merged json+ histogram, walked here as fio's stat.c does (`calc_clat_percentiles`): the
    /// smallest bucket value whose cumulative count reaches percent / 100 × total.
    @Test(arguments: ["write", "read"])
    func p99ComesFromTheMergedBins(_ direction: String) throws {
        let path = TestPaths.fixture(Self.fixture)
        var merged: [Double: Double] = [:]
        for entry in try clientEntries(path) {
            guard let bins = dig(entry, direction, "clat_ns", "bins") as? [String: Any] else { continue }
            for (key, count) in bins {
                let value = try #require(Double(key)), count = try #require(count as? NSNumber)
                merged[value, default: 0] += count.doubleValue
            }
        }
        let total = merged.values.reduce(0, +)
        #expect(total > 0)
        var running = 0.0
        let expected = merged.keys.sorted().first { key in
            running += merged[key]!
            return running >= 0.99 * total
        }

        let report = try parse(path)
        let all = try #require(report.allClients)
        #expect(all.name == "All clients" && all.host == nil)
        #expect(all.jobCount == 3)
        #expect(report.summaryGroups.count == 1 && report.summaryGroups[0].name == "All clients")
        #expect(all.value(atPath: direction + ".clat_ns.percentile.99.000000") == expected)
        #expect(!all.isApproximate(path: direction + ".clat_ns.percentile.99.000000"))
        // fio's own entry (fio 3.33) has no percentiles to report at all.
        #expect(report.fioAllClients?.value(atPath: direction + ".clat_ns.percentile.99.000000") == nil)
    }

    @Test func ratesAreTheSumOfTheClients() throws {
        let path = TestPaths.fixture(Self.fixture)
        let entries = try clientEntries(path)
        let report = try parse(path)
        let all = try #require(report.allClients)
        for direction in ["read", "write", "trim"] {
            for key in ["iops", "bw_bytes", "bw", "io_bytes", "total_ios"] {
                let sum = entries.compactMap { number($0, direction, key) }.reduce(0, +)
                let value = try #require(all.value(atPath: "\(direction).\(key)"))
                #expect(abs(value - sum) <= 1e-9 * sum, "\(direction).\(key)")
            }
        }
        let counts = entries.compactMap { number($0, "write", "clat_ns", "N") }
        let means = entries.compactMap { number($0, "write", "clat_ns", "mean") }
        let weighted = zip(counts, means).map(*).reduce(0, +) / counts.reduce(0, +)
        #expect(abs(try #require(all.value(atPath: "write.clat_ns.mean")) - weighted) <= 1e-9 * weighted)
        // This run's own `All clients` entry agrees within rounding: no problem reported.
        #expect(report.fioAllClients?.host == "127.0.0.1:18766")
        #expect(report.problems.isEmpty, "\(report.problems)")
    }

    @Test func perHostKeepsOneGroupPerClient() throws {
        let path = TestPaths.fixture(Self.fixture)
        let entries = try clientEntries(path)
        let report = try parse(path)
        let hosts = report.rowGroups(perHost: true)
        #expect(hosts.map(\.host) == ["127.0.0.1:18765", "127.0.0.1:18766"])
        #expect(hosts.map(\.jobCount) == [2, 1])
        for group in hosts {
            let host = try #require(group.host)
            let port = try #require(host.split(separator: ":").last.flatMap { Int($0) })
            let sum = entries.filter { $0["port"] as? Int == port }.compactMap { number($0, "write", "iops") }.reduce(0, +)
            #expect(abs(try #require(group.value(atPath: "write.iops")) - sum) <= 1e-9 * sum)
        }
        #expect(report.rowGroups(perHost: false).map(\.name) == ["All clients"])
    }

    /// One client with one job: fio writes no `All clients` entry, and the aggregate is that job.
    @Test func singleJobIsItsOwnAggregate() throws {
        let path = TestPaths.fixture(Self.fixture)
        var document = try foundationJSON(path)
        let only = try #require(try clientEntries(path).first { $0["port"] as? Int == 18766 })
        document["client_stats"] = [only]
        let data = try JSONSerialization.data(withJSONObject: document)
        let report = try FioParser().parse([UInt8](data), file: "one/fio.json")
        #expect(report.fioAllClients == nil && report.problems.isEmpty)
        let all = try #require(report.allClients)
        #expect(all.name == "All clients" && all.host == nil && all.jobCount == 1)
        #expect(report.summaryGroups.count == 1)
        #expect(all.value(atPath: "read.iops") == number(only, "read", "iops"))
        #expect(all.value(atPath: "write.bw_bytes") == number(only, "write", "bw_bytes"))
        let p99 = "read.clat_ns.percentile.99.000000"
        #expect(all.value(atPath: p99) == number(only, "read", "clat_ns", "percentile", "99.000000"))
        #expect(report.rowGroups(perHost: true).map(\.host) == ["127.0.0.1:18766"])
    }

    @Test func wrongFioSumIsReportedOnceAndNotUsed() throws {
        let source = TestPaths.fixture("fio/client-server-jsonplus-wrong-sum.json")
        let sum = try clientEntries(source).compactMap { number($0, "write", "iops") }.reduce(0, +)
        let run = try TemporaryDirectory()
        try run.write("c/fio.json", try bytes(source))
        let tree = try ResultsLoader(layout: try LayoutTemplate("{cell}")).load(run.path)
        let metrics = try ["write.iops", "read.iops", "write.clat.p99"].map { try Metric(parsing: $0) }
        let table = ResultTableBuilder(query: ReportQuery(metrics: metrics)).build(tree)

        #expect(table.records.count == 1)
        let value = try #require(table.records.first?.values[0]?.value)
        #expect(abs(value - sum) <= 1e-9 * sum)
        let file = run.path + "/c/fio.json"
        let warnings = table.warnings.filter { $0.message.contains("All clients") }
        #expect(warnings.count == 1, "\(table.warnings)")
        let warning = try #require(warnings.first)
        #expect(warning.files == [file])
        #expect(warning.message.components(separatedBy: "All clients").count == 2)
        #expect(warning.message.contains("write.iops 248340.16 in fio's"))
        #expect(warning.message.contains("computed by iosweep"))
        #expect(warning.message.contains("the report uses iosweep's sum"))
        #expect(!warning.message.contains("read.iops"))
        #expect(warning.description.hasPrefix("warning: fio's \"All clients\" entry disagrees"))
        #expect(warning.description.hasSuffix(": " + file))
    }

    /// The rule: 0.5 % of the larger value or 1 unit, whichever is more; every disagreement in one problem.
    @Test func toleranceAndOneProblemForSeveralMetrics() throws {
        #expect(FioAllClientsCheck.agree(100_000, 100_400))
        #expect(!FioAllClientsCheck.agree(100_000, 100_600))
        #expect(FioAllClientsCheck.agree(0, 0.9) && !FioAllClientsCheck.agree(0, 1.5))
        #expect(!FioAllClientsCheck.agree(.nan, 5))
        func group(iops: Double, mean: Double) -> FioGroup {
            let latency = JSONValue.object([("mean", .number(mean))])
            let write = JSONValue.object([("iops", .number(iops)), ("total_ios", .number(10)), ("lat_ns", latency)])
            return FioGroup(name: "All clients", groupID: 0, jobCount: 1, error: 0, stats: JSONObject(pairs: [("write", write)]))
        }
        let check = FioAllClientsCheck()
        #expect(check.problem(fio: group(iops: 1000, mean: 5000), computed: group(iops: 1003, mean: 5010)) == nil)
        let problem = try #require(check.problem(fio: group(iops: 2000, mean: 9000.5), computed: group(iops: 1000, mean: 5000)))
        #expect(
            problem
                == "fio's \"All clients\" entry disagrees with the sum of the client entries (beyond 0.5 % or 1 unit): "
                + "write.iops 2000 in fio's, 1000 computed by iosweep, write.lat_ns.mean 9000.5 in fio's, 5000 computed by iosweep; "
                + "the report uses iosweep's sum")
    }
}
