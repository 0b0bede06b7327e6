import Foundation
import Testing

/// `iosweep report` run as a process (the built `iosweep` product), compared with golden files.
@Suite struct ReportCommandTests {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// The `iosweep` executable built beside this test bundle (`swift build` puts every product there).
    static let executable: String? = {
        let candidates = [
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("iosweep").path,
            Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("iosweep").path,
            packageRoot.appendingPathComponent(".build/debug/iosweep").path,
        ]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
    }()

    static func fixture(_ name: String) -> String {
        Bundle.module.url(forResource: "Fixtures", withExtension: nil)!.appendingPathComponent(name).path
    }

    struct Output {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static func report(_ arguments: [String]) throws -> Output {
        let binary = try #require(executable, "build the iosweep product first: swift build")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = ["report"] + arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Output(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self), stderr: String(decoding: stderr, as: UTF8.self))
    }

    /// Golden outputs of the committed run directory (cells 1–2 disks × 1–2 jobs; 2-disks/2-jobs has a cut-off fio.json).
    @Test(arguments: [
        ("tidy.table", ["--where", "numjobs=1", "--metric", "write.iops", "--metric", "write.lat.mean", "--metric", "iostat.%util"]),
        ("tidy.csv", ["--where", "numjobs=1", "--metric", "write.iops", "--metric", "write.lat.mean", "--metric", "iostat.%util", "--format", "csv"]),
        ("tidy.json", ["--where", "numjobs=1", "--metric", "write.iops", "--metric", "write.clat.p99", "--format", "json"]),
        ("tidy.md", ["--where", "numjobs=1", "--metric", "write.iops", "--metric", "iostat.w/s", "--format", "markdown"]),
        ("pivot.table", ["--where", "ndisks=1", "--metric", "write.iops", "--rows", "numjobs", "--columns", "ndisks"]),
        ("pivot.csv", ["--where", "ndisks=1", "--metric", "write.iops", "--rows", "numjobs", "--columns", "ndisks", "--format", "csv"]),
        ("pivot.md", ["--where", "ndisks=1", "--metric", "write.lat.mean", "--rows", "numjobs", "--columns", "ndisks", "--format", "markdown"]),
        ("pivot.json", ["--where", "ndisks=1", "--metric", "write.iops", "--rows", "numjobs", "--columns", "ndisks", "--format", "json"]),
    ])
    func goldenOutputs(_ golden: String, _ arguments: [String]) throws {
        let output = try Self.report([Self.fixture("run")] + arguments)
        #expect(output.status == 0, "\(output.stderr)")
        let expected = try String(contentsOfFile: Self.fixture("golden/" + golden), encoding: .utf8)
        #expect(output.stdout == expected)
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

    @Test func outputFileAndUsageErrors() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("iosweep-report-\(UUID().uuidString).csv").path
        defer { try? FileManager.default.removeItem(atPath: file) }
        let written = try Self.report([Self.fixture("run"), "--where", "numjobs=1", "--metric", "write.iops", "--format", "csv", "--output", file])
        #expect(written.status == 0 && written.stdout.isEmpty)
        #expect(try String(contentsOfFile: file, encoding: .utf8).hasPrefix("ndisks,numjobs,write.iops\n"))
        for arguments in [
            ["--rows", "numjobs"], ["--metric", "nope"], ["--where", "colour=red"], ["--layout", "{a}{b}"],
            ["--metric", "write.iops", "--metric", "read.iops", "--rows", "numjobs", "--columns", "ndisks"],
        ] {
            let output = try Self.report([Self.fixture("run")] + arguments)
            #expect(output.status == 64, "\(arguments): \(output.stderr)")
        }
        #expect(try Self.report(["/nonexistent/path"]).status == 64)
    }
}
