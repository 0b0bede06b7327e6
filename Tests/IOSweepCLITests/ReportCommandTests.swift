import Foundation
import IOSweepTestSupport
import Testing

/// `iosweep report` run as a process (the built `iosweep` product), compared with golden files.
@Suite struct ReportCommandTests {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// The `iosweep` product beside the test bundle (``BuiltProducts``).
    static var executable: String? { BuiltProducts.executable("iosweep") }

    /// The source-tree copy of golden `name` (what recording rewrites).
    static func goldenSource(_ name: String) -> String {
        packageRoot.appendingPathComponent("Tests/IOSweepCLITests/Fixtures/golden/" + name).path
    }

    static func fixture(_ name: String) -> String {
        Bundle.module.url(forResource: "Fixtures", withExtension: nil)!.appendingPathComponent(name).path
    }

    struct Output {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static func report(_ arguments: [String]) throws -> Output {
        try iosweep(["report"] + arguments)
    }

    /// Runs the built `iosweep` with `arguments`.
    static func iosweep(_ arguments: [String]) throws -> Output {
        let binary = try #require(executable, "build the iosweep product first: swift build")
        let result = try TestProcess.run(binary, arguments)
        return Output(status: result.status, stdout: result.stdout, stderr: result.stderr)
    }

    /// Golden outputs of the committed run directory (cells 1–2 disks × 1–2 jobs; 2-disks/2-jobs has a cut-off fio.json).
    @Test(arguments: [
        ("tidy.table", ["--where", "numjobs=1", "--metric", "write.iops", "--metric", "write.lat.mean", "--metric", "iostat.%util"]),
        (
            "tidy.csv",
            ["--where", "numjobs=1", "--metric", "write.iops", "--metric", "write.lat.mean", "--metric", "iostat.%util", "--format", "csv"]
        ),
        ("tidy.json", ["--where", "numjobs=1", "--metric", "write.iops", "--metric", "write.clat.p99", "--format", "json"]),
        ("tidy.md", ["--where", "numjobs=1", "--metric", "write.iops", "--metric", "iostat.w/s", "--format", "markdown"]),
        ("pivot.table", ["--where", "ndisks=1", "--metric", "write.iops", "--rows", "numjobs", "--columns", "ndisks"]),
        ("pivot.csv", ["--where", "ndisks=1", "--metric", "write.iops", "--rows", "numjobs", "--columns", "ndisks", "--format", "csv"]),
        (
            "pivot.md",
            ["--where", "ndisks=1", "--metric", "write.lat.mean", "--rows", "numjobs", "--columns", "ndisks", "--format", "markdown"]
        ),
        ("pivot.json", ["--where", "ndisks=1", "--metric", "write.iops", "--rows", "numjobs", "--columns", "ndisks", "--format", "json"]),
    ])
    func goldenOutputs(_ golden: String, _ arguments: [String]) throws {
        let output = try Self.report([Self.fixture("run")] + arguments)
        #expect(output.status == 0, "\(output.stderr)")
        try Golden.expect(output.stdout, golden: Self.fixture("golden/" + golden), source: Self.goldenSource(golden))
    }

    /// Golden outputs of a real `iosweep run` with the vmstat and mpstat text collectors (`Fixtures/run-cpu`).
    @Test(arguments: [
        ("cpu.table", ["--metric", "write.iops", "--metric", "vmstat.wa", "--metric", "mpstat.%iowait", "--warmup", "1"]),
        (
            "cpu-per-device.csv",
            ["--metric", "vmstat.wa", "--metric", "mpstat.%iowait", "--metric", "mpstat.%idle", "--per-device", "--format", "csv"]
        ),
    ])
    func cpuCollectorGoldens(_ golden: String, _ arguments: [String]) throws {
        let output = try Self.report([Self.fixture("run-cpu")] + arguments)
        #expect(output.status == 0, "\(output.stderr)")
        try Golden.expect(output.stdout, golden: Self.fixture("golden/" + golden), source: Self.goldenSource(golden))
    }

    @Test("a cut-off vmstat file and a foreign mpstat file are named on stderr; the other values stay")
    func damagedCollectorTextIsNamed() throws {
        let copy = FileManager.default.temporaryDirectory.appendingPathComponent("iosweep-report-cpu-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: copy) }
        try FileManager.default.copyItem(atPath: Self.fixture("run-cpu"), toPath: copy)
        let vmstat = copy + "/2-jobs/vmstat.txt"
        let full = try Data(contentsOf: URL(fileURLWithPath: vmstat))
        try full.prefix(full.count - 30).write(to: URL(fileURLWithPath: vmstat))
        let mpstat = copy + "/1-jobs/mpstat.txt"
        try Data("Segmentation fault\n".utf8).write(to: URL(fileURLWithPath: mpstat))
        let output = try Self.report([copy, "--metric", "vmstat.wa", "--metric", "mpstat.%iowait", "--format", "csv"])
        #expect(output.status == 1)
        let warnings = output.stderr.split(separator: "\n")
        #expect(warnings.contains { $0.contains("vmstat: cut off (stopped mid-write)") && $0.hasSuffix(vmstat) })
        #expect(warnings.contains { $0.contains("no mpstat samples") && $0.hasSuffix(mpstat) })
        let rows = output.stdout.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false) }
        #expect(rows.count == 3)
        #expect(rows[1].count == 3 && !rows[1][1].isEmpty && rows[1][2].isEmpty)  // numjobs=1: mpstat unreadable
        #expect(rows[2].count == 3 && !rows[2][1].isEmpty && !rows[2][2].isEmpty)  // numjobs=2: vmstat's complete lines
    }

    @Test func missingValuesExitOneAndNameTheFile() throws {
        let output = try Self.report([Self.fixture("run"), "--metric", "write.iops", "--format", "csv"])
        #expect(output.status == 1)
        #expect(output.stderr.contains("2-disks/2-jobs/fio.json"))
        #expect(output.stderr.contains("cut off"))
        let lines = output.stdout.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.contains("2,2,"))
        #expect(lines.count == 6)  // header, four cells, final newline
    }

    @Test("--per-host splits fio client/server output into one row per server")
    func perHost() throws {
        let tree = FileManager.default.temporaryDirectory.appendingPathComponent("iosweep-perhost-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: tree) }
        try FileManager.default.createDirectory(atPath: tree + "/run1", withIntermediateDirectories: true)
        let source = Self.packageRoot.appendingPathComponent("Tests/SweepAnalysisTests/Fixtures/fio/client-server.json").path
        try FileManager.default.copyItem(atPath: source, toPath: tree + "/run1/fio.json")
        let arguments = [tree, "--layout", "{run}", "--metric", "write.iops", "--format", "csv"]
        let summary = try Self.report(arguments)
        #expect(summary.status == 0, "\(summary.stderr)")
        #expect(summary.stdout.split(separator: "\n").first == "run,write.iops")
        #expect(summary.stdout.split(separator: "\n").count == 2)
        let hosts = try Self.report(arguments + ["--per-host"])
        #expect(hosts.status == 0, "\(hosts.stderr)")
        let lines = hosts.stdout.split(separator: "\n")
        #expect(lines.first == "run,job,write.iops")
        #expect(
            lines.dropFirst().map { $0.split(separator: ",").prefix(2).joined(separator: ",") }
                == ["run1,127.0.0.1:18765/a", "run1,127.0.0.1:18766/b"])
    }

    @Test func outputFileAndUsageErrors() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("iosweep-report-\(UUID().uuidString).csv").path
        defer { try? FileManager.default.removeItem(atPath: file) }
        let written = try Self.report([
            Self.fixture("run"), "--where", "numjobs=1", "--metric", "write.iops", "--format", "csv", "--output", file,
        ])
        #expect(written.status == 0 && written.stdout.isEmpty)
        #expect(try String(contentsOfFile: file, encoding: .utf8).hasPrefix("ndisks,numjobs,write.iops\n"))
        for arguments in [
            ["--rows", "numjobs"], ["--metric", "nope"], ["--where", "colour=red"], ["--layout", "{a}{b}"],
            ["--metric", "write.iops", "--metric", "read.iops", "--rows", "numjobs", "--columns", "ndisks", "--format", "csv"],
        ] {
            let output = try Self.report([Self.fixture("run")] + arguments)
            #expect(output.status == 64, "\(arguments): \(output.stderr)")
        }
        #expect(try Self.report(["/nonexistent/path"]).status == 64)
    }

    @Test("a pivot without --metric shows each default metric that has a value: no table of zero read IOPS")
    func pivotOfTheDefaultMetrics() throws {
        let output = try Self.report([Self.fixture("run"), "--rows", "numjobs", "--columns", "ndisks"])
        // The fixture's 2-disks/2-jobs cell is cut off: its values are missing, the exit status 1.
        #expect(output.status == 1 && output.stderr.contains("2-disks/2-jobs/fio.json"), "\(output.stderr)")
        let titles = output.stdout.split(separator: "\n").filter { $0.contains(", rows numjobs, columns ndisks") }
        #expect(titles.map { String($0.prefix { $0 != "," && $0 != " " }) } == ["write.iops", "write.lat.mean"], "\(output.stdout)")
        let two = try Self.report([
            Self.fixture("run"), "--rows", "numjobs", "--columns", "ndisks", "--metric", "write.iops", "--metric", "read.iops",
        ])
        #expect(
            two.stdout.contains("write.iops (IO/s), rows numjobs") && two.stdout.contains("read.iops (IO/s), rows numjobs"), "\(two.stdout)"
        )
    }
}
