import Foundation
import SweepModel
import Testing

@testable import SweepAnalysis

/// The hostile mutation corpus of the report readers: 500 seeded mutants of each fio and collector fixture
/// (cuts at every Nth byte, flipped bits, deleted and duplicated lines, hostile tokens such as `1e400`, `nan`,
/// 400-digit numbers, `\u0000`, control characters and broken UTF-8), each in a cell of its own, read as
/// `iosweep report` reads them. No mutant crashes the report; every value is a finite number, or is left
/// empty with a warning naming the mutant's file or cell.
@Suite struct HostileMutationTests {
    static let mutantsPerFile = 500

    /// A fixture, the name the run gives such a file in a cell, and metrics that read it.
    struct Case: CustomTestStringConvertible, Sendable {
        var fixture: String
        var cellFile: String
        var metrics: [String]
        var testDescription: String { fixture }
    }

    static let cases: [Case] = {
        let fio = ["write.iops", "read.iops", "write.bw", "write.lat.mean", "write.clat.p99", "read.clat.p99.9", "usr_cpu"]
        var cases: [Case] = []
        for name in fixtures("fio") { cases.append(Case(fixture: "fio/" + name, cellFile: "fio.json", metrics: fio)) }
        for name in fixtures("iostat") {
            let file = name.hasSuffix(".json") ? "iostat.json" : "iostat.txt"
            cases.append(Case(fixture: "iostat/" + name, cellFile: file, metrics: ["iostat.%util", "iostat.w/s", "iostat.w_await"]))
        }
        for name in fixtures("collectors") {
            let (file, metrics): (String, [String]) =
                if name.hasPrefix("mpstat") {
                    (name.hasSuffix(".json") ? "mpstat.json" : "mpstat.txt", ["mpstat.%usr", "mpstat.%idle", "mpstat.%iowait"])
                } else if name.hasPrefix("vmstat") {
                    ("vmstat.txt", ["vmstat.us", "vmstat.bi", "vmstat.cs"])
                } else if name.hasPrefix("zpool-iostat") {
                    ("zpool-iostat.txt", ["zpool.write-ops", "zpool.read-bw"])
                } else {
                    ("diskstats.txt", ["diskstats.%util", "diskstats.w/s"])
                }
            cases.append(Case(fixture: "collectors/" + name, cellFile: file, metrics: metrics))
        }
        return cases
    }()

    static func fixtures(_ folder: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: TestPaths.fixture(folder))) ?? []).sorted()
    }

    @Test func everyFixtureKindIsMutated() {
        #expect(Self.cases.filter { $0.cellFile == "fio.json" }.count >= 5)
        #expect(
            Set(Self.cases.map(\.cellFile)) == [
                "fio.json", "iostat.txt", "iostat.json", "mpstat.txt", "mpstat.json", "vmstat.txt", "zpool-iostat.txt", "diskstats.txt",
            ])
    }

    // Found and fixed: iostat text values of ±inf (a mutated "1e400"/"inf") reached the table; diskstats files cut to
    // one sample, or with a sample without devices or a time going back, left cells empty with no warning.
    @Test(arguments: cases)
    func mutantsGiveFiniteValuesOrWarningsNamingTheFile(_ item: Case) throws {
        let original = try bytes(TestPaths.fixture(item.fixture))
        var mutator = HostileMutator(seed: 0xF10_5EED ^ UInt64(original.count))
        let mutants = mutator.mutants(of: original, count: Self.mutantsPerFile)
        let directory = try TemporaryDirectory()
        var cells: [ResultCell] = []
        for (index, mutant) in mutants.enumerated() {
            let path = "mutant-\(index)"
            try directory.write(path + "/" + item.cellFile, mutant)
            cells.append(
                ResultCell(
                    id: path, path: path, directory: directory.path + "/" + path, values: ["mutant": .int(index)], status: .ok,
                    fingerprint: nil, files: [item.cellFile]))
        }
        let metrics = try item.metrics.map { try MetricCatalog.metric(named: $0) }
        let tree = ResultTree(root: directory.path, axes: ["mutant"], cells: cells, warnings: [])
        let table = ResultTableBuilder(query: ReportQuery(metrics: metrics)).build(tree)

        let named = Set(table.warnings.flatMap(\.files))
        #expect(table.records.count >= mutants.count)
        for record in table.records {
            let cell = directory.path + "/" + record.cellPath
            for (metric, value) in zip(metrics, record.values) {
                if let value {
                    #expect(value.value.isFinite, "\(item.fixture) \(record.cellPath): \(metric.name) = \(value.value)")
                } else {
                    #expect(
                        named.contains(cell) || named.contains(cell + "/" + item.cellFile),
                        "\(item.fixture) \(record.cellPath): \(metric.name) is empty and no warning names the file")
                }
            }
        }
    }
}
