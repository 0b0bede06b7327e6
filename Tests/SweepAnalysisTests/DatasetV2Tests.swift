import Foundation
import IOSweepTestSupport
import SweepModel
import Testing

@testable import SweepAnalysis

/// The seed author's v2 archive, unpacked once per test process into a temporary directory.
enum DatasetV2 {
    static let archive = TestPaths.shared.appendingPathComponent("datasets/zfsonlinux-6566-perf-v2.tar.xz").path
    static let layout = "{rate}/{branch}/{disks}-{media}/fio-{numjobs}-jobs"

    /// The unpacked root, or nil when the archive is not beside the repository.
    static let root: String? = {
        guard FileManager.default.fileExists(atPath: archive) else { return nil }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("iosweep-v2-\(getpid())").path
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            guard try TestProcess.run("tar", ["-xJf", archive, "-C", directory]).status == 0 else { return nil }
        } catch {
            return nil
        }
        atexit {
            try? FileManager.default.removeItem(
                atPath: FileManager.default.temporaryDirectory.appendingPathComponent("iosweep-v2-\(getpid())").path)
        }
        return directory + "/zfsonlinux-6566-perf"
    }()

    static var isAvailable: Bool { root != nil }
}

@Suite(.enabled(if: DatasetV2.isAvailable, "../shared/datasets/zfsonlinux-6566-perf-v2.tar.xz not found beside the repository"))
struct DatasetV2Tests {
    static let rates = ["max-rate-submit", "fixed-rate-submit"]
    static let branches = ["master", "project"]
    static let media = ["hdd", "ssd"]

    private func table(_ metrics: [String], warmup: Double = 0) throws -> (ResultTree, ResultTable) {
        let root = try #require(DatasetV2.root)
        let tree = try ResultsLoader(layout: try LayoutTemplate(DatasetV2.layout)).load(root)
        let query = ReportQuery(metrics: try metrics.map { try Metric(parsing: $0) }, warmup: warmup)
        return (tree, ResultTableBuilder(query: query).build(tree))
    }

    @Test func strayResultsCopiesAreExcluded() throws {
        let (tree, table) = try table(["write.iops"])
        #expect(tree.cells.count == 2 * 2 * 4 * 2 * 11)
        #expect(!tree.cells.contains { $0.path.contains("/results/") })
        let skipped = try #require(tree.warnings.first { $0.message.hasPrefix("skipped") })
        #expect(skipped.files.count == 8 && skipped.files.allSatisfy { $0.hasSuffix("-ssd/results") && $0.contains("/master/") })
        #expect(table.records.count == tree.cells.count && !table.hasMissingValues)
        #expect(table.axes == ["rate", "branch", "disks", "media", "numjobs"])
    }

    /// write.iops and write.lat_ns.mean pivots (rows numjobs, columns pool width) per rate × branch × media
    /// equal jobs[0] of each cell's fio.json, read independently.
    @Test(arguments: ["write.iops", "write.lat_ns.mean"])
    func fioPivotsMatchTheFiles(_ metricName: String) throws {
        let root = try #require(DatasetV2.root)
        let (_, full) = try table([metricName])
        let metric = full.metrics[0]
        for rate in Self.rates {
            for branch in Self.branches {
                for media in Self.media {
                    var sliced = full
                    sliced.records = full.records.filter {
                        $0.axes["rate"] == .string(rate) && $0.axes["branch"] == .string(branch) && $0.axes["media"] == .string(media)
                    }
                    let pivot = try Pivot(sliced, rows: "numjobs", columns: "disks", metric: metric)
                    #expect(pivot.rowKeys == [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024].map { Value.int($0) })
                    #expect(pivot.columnKeys == [1, 2, 4, 8].map { Value.int($0) })
                    for numjobs in pivot.rowKeys {
                        for disks in pivot.columnKeys {
                            let file = "\(root)/\(rate)/\(branch)/\(disks.text)-\(media)/fio-\(numjobs.text)-jobs/fio.json"
                            let json = try foundationJSON(file)
                            let expected =
                                metricName == "write.iops"
                                ? number(json, "jobs", "0", "write", "iops") : number(json, "jobs", "0", "write", "lat_ns", "mean")
                            #expect(pivot.value(row: numjobs, column: disks)?.value == expected, "\(file)")
                        }
                    }
                }
            }
        }
    }

    /// iostat %util with --warmup 5: each disk's mean after its first five samples, averaged over the pool's disks.
    @Test func iostatUtilWithWarmupMatchesTheFiles() throws {
        let root = try #require(DatasetV2.root)
        let (_, table) = try table(["iostat.%util"], warmup: 5)
        #expect(!table.hasMissingValues)
        for record in table.records {
            let directory = root + "/" + record.cellPath
            let disks = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasPrefix("iostat-") }
            #expect(disks.count == Int(record.axes["disks"]?.number ?? 0))
            let means = try disks.map { name -> Double in
                let lines = try String(contentsOfFile: directory + "/" + name, encoding: .utf8).split(separator: "\n")
                let utils = lines.dropFirst(5).map { Double($0.split(separator: " ").last!)! }
                return utils.reduce(0, +) / Double(utils.count)
            }
            let expected = means.reduce(0, +) / Double(means.count)
            let actual = try #require(record.values[0]?.value)
            #expect(abs(actual - expected) <= 1e-9 * max(1, expected), "\(record.cellPath)")
        }
    }

    @Test func pivotWithoutFixingOtherAxesSaysWhichAxesVary() throws {
        let (_, table) = try table(["write.iops"])
        #expect {
            try Pivot(table, rows: "numjobs", columns: "disks", metric: table.metrics[0])
        } throws: { error in
            let message = (error as? PivotError)?.message ?? ""
            return message.contains("rate") && message.contains("branch") && message.contains("media")
        }
    }
}
