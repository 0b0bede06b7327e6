import ArgumentParser
import Foundation
import IOSweepTestSupport
@testable import IOSweepCLI
import Testing

/// `iosweep compare` over the seed author's v2 dataset: master (baseline) against project (the patched ZFS).
@Suite("iosweep compare", .serialized)
struct CompareCommandTests {
    static let layout = "{disks}-{media}/fio-{numjobs}-jobs"
    static let numjobs = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024]
    static let disks = [1, 2, 4, 8]

    /// Runs `iosweep ARGUMENTS` in-process; returns the exit code (0 when `run` returned normally).
    static func iosweep(_ arguments: [String]) async throws -> Int32 {
        var command = try IOSweep.parseAsRoot(arguments)
        do {
            if var async = command as? AsyncParsableCommand { try await async.run() } else { try command.run() }
            return 0
        } catch let exit as ExitCode {
            return exit.rawValue
        }
    }

    /// `jobs[0].write.<key>` of one cell's fio.json, read with Foundation's JSON parser.
    static func fioValue(
        _ root: String, rate: String, branch: String, disks: Int, media: String, numjobs: Int,
        path: [String]
    ) throws -> Double {
        let file = "\(root)/\(rate)/\(branch)/\(disks)-\(media)/fio-\(numjobs)-jobs/fio.json"
        let data = try #require(FileManager.default.contents(atPath: file))
        var node: Any? = ((try JSONSerialization.jsonObject(with: data) as? [String: Any])?["jobs"] as? [Any])?.first
        for key in path { node = (node as? [String: Any])?[key] }
        return try #require((node as? NSNumber)?.doubleValue, "no \(path.joined(separator: ".")) in \(file)")
    }

    /// CSV blocks (separated by blank lines) as [header, rows…] of fields.
    static func csvBlocks(_ text: String) -> [[[String]]] {
        text.components(separatedBy: "\n\n").map { block in
            block.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        }.filter { !$0.isEmpty }
    }

    @Test(
        "% change pivots of write.iops and write.lat_ns.mean equal 100 × (project − master) / master from the files",
        .needsSharedDataset, arguments: ["max-rate-submit", "fixed-rate-submit"], ["hdd", "ssd"])
    func percentChangePivotsMatchTheFiles(rate: String, media: String) async throws {
        let root = try #require(TestEnvironment.datasetV2, "the v2 dataset could not be unpacked")
        let output = TestEnvironment.temporaryDirectory("compare-v2") + "/change.csv"
        defer { try? FileManager.default.removeItem(atPath: URL(fileURLWithPath: output).deletingLastPathComponent().path) }
        let status = try await Self.iosweep([
            "compare", "\(root)/\(rate)/master", "\(root)/\(rate)/project", "--layout", Self.layout, "--where", "media=\(media)",
            "--metric", "write.iops", "--metric", "write.lat_ns.mean", "--rows", "numjobs", "--columns", "disks",
            "--format", "csv", "--output", output,
        ])
        #expect(status == 0)
        let blocks = Self.csvBlocks(try String(contentsOfFile: output, encoding: .utf8))
        try #require(blocks.count == 2)
        for (block, path) in zip(blocks, [["write", "iops"], ["write", "lat_ns", "mean"]]) {
            #expect(block[0] == ["numjobs", "1", "2", "4", "8"])
            #expect(block.dropFirst().map { $0[0] } == Self.numjobs.map(String.init))
            for (row, jobs) in zip(block.dropFirst(), Self.numjobs) {
                for (field, width) in zip(row.dropFirst(), Self.disks) {
                    let master = try Self.fioValue(
                        root, rate: rate, branch: "master", disks: width, media: media, numjobs: jobs, path: path)
                    let project = try Self.fioValue(
                        root, rate: rate, branch: "project", disks: width, media: media, numjobs: jobs, path: path)
                    let expected = 100 * (project - master) / master
                    let actual = try #require(Double(field), "cell \(jobs)×\(width) is \"\(field)\"")
                    #expect(
                        abs(actual - expected) <= 1e-9 * max(1, abs(expected)), "\(path) \(rate) \(media) numjobs \(jobs) disks \(width)")
                }
            }
        }
    }

    @Test("golden table, csv and markdown output", .needsSharedDataset, arguments: ["table", "csv", "markdown"])
    func goldenOutput(format: String) async throws {
        let root = try #require(TestEnvironment.datasetV2, "the v2 dataset could not be unpacked")
        let directory = TestEnvironment.temporaryDirectory("compare-golden")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let output = directory + "/out.txt"
        let status = try await Self.iosweep([
            "compare", "\(root)/max-rate-submit/master", "\(root)/max-rate-submit/project", "--layout", Self.layout,
            "--where", "media=hdd", "--metric", "write.iops", "--rows", "numjobs", "--columns", "disks", "--show-values",
            "--format", format, "--output", output,
        ])
        #expect(status == 0)
        let actual = try String(contentsOfFile: output, encoding: .utf8)
        let golden = TestEnvironment.fixtures + "/golden/compare-v2-max-rate-hdd-write-iops.\(format).txt"
        try Golden.expect(actual, golden: golden)
    }

    @Test(
        "the tidy comparison carries verdicts by direction: more IOPS improved, more latency regressed; below 5 % within threshold",
        .needsSharedDataset)
    func tidyVerdictsFollowDirection() async throws {
        let root = try #require(TestEnvironment.datasetV2, "the v2 dataset could not be unpacked")
        let directory = TestEnvironment.temporaryDirectory("compare-tidy")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let output = directory + "/tidy.csv"
        let status = try await Self.iosweep([
            "compare", "\(root)/max-rate-submit/master", "\(root)/max-rate-submit/project", "--layout", Self.layout,
            "--metric", "write.iops", "--metric", "write.lat.mean", "--format", "csv", "--output", output,
        ])
        #expect(status == 0)
        let rows = Self.csvBlocks(try String(contentsOfFile: output, encoding: .utf8))[0]
        #expect(
            rows[0] == [
                "disks", "media", "numjobs", "write.iops change %", "write.iops verdict",
                "write.lat.mean change %", "write.lat.mean verdict",
            ])
        #expect(rows.count == 1 + 4 * 2 * 11)
        for row in rows.dropFirst() {
            let iops = try #require(Double(row[3])), latency = try #require(Double(row[5]))
            #expect(row[4] == (abs(iops) < 5 ? "within threshold" : iops > 0 ? "improved" : "regressed"))
            #expect(row[6] == (abs(latency) < 5 ? "within threshold" : latency < 0 ? "improved" : "regressed"))
        }
    }

    @Test("repeats from several runs per side give intervals and 'no significant change' for identical runs")
    func repeatsFromSeveralRuns() async throws {
        let run = TestEnvironment.fixtures + "/run-small"
        let directory = TestEnvironment.temporaryDirectory("compare-repeats")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let output = directory + "/repeats.csv"
        let status = try await Self.iosweep([
            "compare", run, run, "--base", run, "--new", run, "--metric", "write.iops", "--format", "csv", "--output", output,
        ])
        #expect(status == 0)
        let rows = Self.csvBlocks(try String(contentsOfFile: output, encoding: .utf8))[0]
        #expect(
            rows[0] == [
                "numjobs", "bs", "write.iops change %", "write.iops ci low %", "write.iops ci high %", "write.iops p",
                "write.iops verdict",
            ])
        #expect(rows.count == 7)
        for row in rows.dropFirst() {
            #expect(row[2] == "0")
            #expect(row[6] == "no significant change")
        }
    }

    @Test("a pivot over an axis that still varies is a usage error (exit 64)", .needsSharedDataset)
    func pivotNeedsFixedAxes() async throws {
        let root = try #require(TestEnvironment.datasetV2, "the v2 dataset could not be unpacked")
        // `media` still varies: exit 64 (usage) with `error: …` on standard error, no output.
        let status = try await Self.iosweep([
            "compare", "\(root)/max-rate-submit/master", "\(root)/max-rate-submit/project", "--layout", Self.layout,
            "--metric", "write.iops", "--rows", "numjobs", "--columns", "disks",
        ])
        #expect(status == 64)
    }
}
