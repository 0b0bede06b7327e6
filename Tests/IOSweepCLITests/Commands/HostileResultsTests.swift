import Foundation
import Testing

/// `iosweep report` and `compare`, as processes, over result files damaged as kills, captures and hostile
/// hands leave them: warnings on stderr name each file once with its problems, the exit status says whether
/// values are missing.
@Suite struct HostileResultsTests {
    static let analysisFixtures = ReportCommandTests.packageRoot.appendingPathComponent("Tests/SweepAnalysisTests/Fixtures").path

    /// A copy of the committed run directory (`Fixtures/run`) without its cut-off cell, removed by the caller.
    static func copyOfRun() throws -> String {
        let copy = FileManager.default.temporaryDirectory.appendingPathComponent("iosweep-hostile-\(UUID().uuidString)").path
        try FileManager.default.copyItem(atPath: ReportCommandTests.fixture("run"), toPath: copy)
        try FileManager.default.removeItem(atPath: copy + "/2-disks/2-jobs")
        return copy
    }

    /// The lines of `stderr` that name `file`.
    static func lines(naming file: String, in stderr: String) -> [Substring] {
        stderr.split(separator: "\n").filter { $0.contains(file) }
    }

    @Test("bad percentile keys, a byte-order mark and an iostat line cut inside its last number: warnings, exit 0")
    func damagedButComplete() throws {
        let run = try Self.copyOfRun()
        defer { try? FileManager.default.removeItem(atPath: run) }
        let iostat = run + "/1-disks/1-jobs/iostat-vda.txt"
        let text = try String(contentsOfFile: iostat, encoding: .utf8)
        let trimmed = text.replacingOccurrences(of: "\n+$", with: "", options: .regularExpression)
        try String(trimmed.dropLast(3)).write(toFile: iostat, atomically: true, encoding: .utf8)
        let keys = run + "/1-disks/2-jobs/fio.json"
        try FileManager.default.removeItem(atPath: keys)
        try FileManager.default.copyItem(atPath: Self.analysisFixtures + "/fio/percentile-keys-hostile.json", toPath: keys)
        let bom = run + "/2-disks/1-jobs/fio.json"
        try (Data([0xEF, 0xBB, 0xBF]) + Data(contentsOf: URL(fileURLWithPath: bom))).write(to: URL(fileURLWithPath: bom))

        let output = try ReportCommandTests.report([
            run, "--metric", "write.iops", "--metric", "write.clat.p99", "--metric", "iostat.%util", "--format", "csv",
        ])
        #expect(output.status == 0, "\(output.stderr)")
        let cut = Self.lines(naming: iostat, in: output.stderr)
        #expect(cut.count == 1 && cut[0].hasPrefix("warning: iostat: cut off (stopped mid-write)"))
        let skipped = Self.lines(naming: keys, in: output.stderr)
        #expect(skipped.count == 1)
        for key in ["99999999999999999999", "1e400", "Infinity", "-5", "nan", ""] {
            #expect(skipped.first?.contains("percentile key \"\(key)\" of write.clat_ns is not a percent") == true, "\(key)")
        }
        #expect(Self.lines(naming: bom, in: output.stderr).isEmpty)
        // The cut-off line is not read: %util is the mean of the complete lines, computed here from the file.
        let utils = trimmed.split(separator: "\n").filter { $0.hasPrefix("vda") }.dropLast().map { Double($0.split(separator: " ").last!)! }
        let rows = output.stdout.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false) }
        #expect(rows.count == 4)
        let first = try #require(rows.first { $0.prefix(2) == ["1", "1"] })
        #expect(abs(try #require(Double(first[4])) - utils.reduce(0, +) / Double(utils.count)) < 1e-9)
        #expect(rows.allSatisfy { !$0[2].isEmpty })  // write.iops everywhere, the BOM file's too
    }

    @Test("1e400 and nan in fio JSON and in iostat text: empty cells, the file and metric named once, exit 1")
    func nonFiniteValuesAreNamed() throws {
        let run = try Self.copyOfRun()
        defer { try? FileManager.default.removeItem(atPath: run) }
        let fio = run + "/1-disks/1-jobs/fio.json"
        try FileManager.default.removeItem(atPath: fio)
        try FileManager.default.copyItem(atPath: Self.analysisFixtures + "/fio/non-finite-values.json", toPath: fio)
        let iostat = run + "/2-disks/1-jobs/iostat-vda.txt"
        let text = try String(contentsOfFile: iostat, encoding: .utf8)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            line.hasPrefix("vda") ? line.replacingOccurrences(of: " [0-9.]+$", with: " nan", options: .regularExpression) : String(line)
        }
        try lines.joined(separator: "\n").write(toFile: iostat, atomically: true, encoding: .utf8)

        let output = try ReportCommandTests.report([
            run, "--metric", "write.iops", "--metric", "write.lat.mean", "--metric", "iostat.%util",
        ])
        #expect(output.status == 1)
        let fioLines = Self.lines(naming: fio, in: output.stderr)
        #expect(fioLines.count == 1)
        #expect(fioLines.first?.contains("write.iops: the number at write.iops in the fio JSON is infinite or out of range") == true)
        #expect(fioLines.first?.contains("write.lat.mean: the number at write.lat_ns.mean in the fio JSON is nan") == true)
        let iostatLines = Self.lines(naming: iostat, in: output.stderr)
        #expect(iostatLines.count == 1)
        #expect(iostatLines.first?.contains("iostat.%util: ") == true && iostatLines.first?.contains("not finite") == true)
        #expect(!output.stderr.contains("no iostat sample left"))
        #expect(output.stderr.hasSuffix("warning: some values are missing; exit status 1\n"))
    }

    @Test("an error job's file is named on one line, once")
    func errorJobNamedOnce() throws {
        let run = try Self.copyOfRun()
        defer { try? FileManager.default.removeItem(atPath: run) }
        let fio = run + "/1-disks/1-jobs/fio.json"
        try FileManager.default.removeItem(atPath: fio)
        try FileManager.default.copyItem(atPath: Self.analysisFixtures + "/fio/error-job.json", toPath: fio)
        let output = try ReportCommandTests.report([run])  // the four default metrics
        #expect(output.status == 1)
        #expect(output.stderr.components(separatedBy: fio).count == 2, "\(output.stderr)")
        #expect(output.stderr.components(separatedBy: "failed with error 21").count == 2)
    }

    /// Two layout trees of one cell each whose write.iops differ by `factor`; returns their paths.
    static func sides(factor: Double) throws -> (base: String, new: String, root: String) {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("iosweep-threshold-\(UUID().uuidString)").path
        let source = ReportCommandTests.fixture("run/1-disks/1-jobs/fio.json")
        let text = try String(contentsOfFile: source, encoding: .utf8)
        let data = try #require(text.data(using: .utf8))
        let root0 = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let iops = try #require(((root0["jobs"] as? [[String: Any]])?.first?["write"] as? [String: Any])?["iops"] as? Double)
        let pattern = "\"iops\" : " + String(format: "%f", iops)
        try #require(text.contains(pattern))
        for (side, value) in [("base", iops), ("new", iops * factor)] {
            try FileManager.default.createDirectory(atPath: "\(root)/\(side)/c", withIntermediateDirectories: true)
            try text.replacingOccurrences(of: pattern, with: "\"iops\" : " + String(format: "%f", value))
                .write(toFile: "\(root)/\(side)/c/fio.json", atomically: true, encoding: .utf8)
        }
        return ("\(root)/base", "\(root)/new", root)
    }

    @Test(
        "compare with one value per side: a change below --threshold (5 %) is within threshold",
        arguments: [
            (0.9969, [String](), "within threshold"), (0.9969, ["--threshold", "0"], "regressed"), (1.049, [], "within threshold"),
            (1.051, [], "improved"), (0.93, [], "regressed"), (1.07, ["--threshold", "10"], "within threshold"),
        ])
    func singleValueThreshold(factor: Double, flags: [String], verdict: String) throws {
        let sides = try Self.sides(factor: factor)
        defer { try? FileManager.default.removeItem(atPath: sides.root) }
        let output = try ReportCommandTests.iosweep(
            ["compare", sides.base, sides.new, "--layout", "{cell}", "--metric", "write.iops", "--format", "csv"] + flags)
        #expect(output.status == 0, "\(output.stderr)")
        let rows = output.stdout.split(separator: "\n")
        #expect(rows.first == "cell,write.iops change %,write.iops verdict")
        #expect(rows.dropFirst().first?.hasSuffix("," + verdict) == true, "\(output.stdout)")
    }

    @Test("--threshold must be a percentage from 0 below 100", arguments: ["-1", "nan", "100", "inf"])
    func thresholdIsValidated(_ value: String) throws {
        let output = try ReportCommandTests.iosweep(
            ["compare", ReportCommandTests.fixture("run"), ReportCommandTests.fixture("run"), "--threshold", value])
        #expect(output.status == 64)
        #expect(output.stderr.contains("--threshold"))
    }
}
