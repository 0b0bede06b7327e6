import Foundation
import IOSweepTestSupport
import Testing

/// What a user sees for hostile values, through the built `iosweep` binary: located errors, exit status 2,
/// and a job-file error shown against the job file, not against a line of the experiment.
@Suite struct HostileInputCommandTests {
    /// Runs the built `iosweep` in `directory`, `input` (when given) on its standard input through a pipe.
    static func iosweep(
        _ arguments: [String], in directory: String, input: String? = nil
    ) throws
        -> (status: Int32, stdout: String, stderr: String)
    {
        let binary = try #require(ReportCommandTests.executable, "build the iosweep product first: swift build")
        let result = try TestProcess.run(binary, arguments, currentDirectory: directory, standardInput: input)
        return (result.status, result.stdout, result.stderr)
    }

    @Test("A newline in an axis value used in results: validate exits 2 with a located error and a hint")
    func newlineInResults() throws {
        let dir = TestEnvironment.temporaryDirectory("hostile-newline")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try "experiment: inject\nmatrix:\n  x: [\"a\\ntouch /tmp/pwned\"]\nworkload:\n  command: [true]\nresults: ${x}\n"
            .write(toFile: dir + "/inject.yaml", atomically: true, encoding: .utf8)
        let result = try Self.iosweep(["validate", "inject.yaml"], in: dir)
        #expect(result.status == 2)
        #expect(
            result.stderr == """
                inject.yaml:3:7: error: 'matrix.x[0]' contains a control character (U+000A)
                  x: ["a\\ntouch /tmp/pwned"]
                      ^
                  hint: names, values and paths may not hold control characters (newline, tab, NUL, escape …): write the value on one line

                """)
    }

    @Test("A raw device in the job file: the error is located in the job file, without a line of the experiment")
    func jobFileDevice() throws {
        let dir = TestEnvironment.temporaryDirectory("hostile-job")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try "experiment: raw\nworkload:\n  fio:\n    job-file: workload.fio\n".write(
            toFile: dir + "/raw.yaml", atomically: true, encoding: .utf8)
        try "[global]\nrw=write\nfilename=/dev/loop1\n".write(toFile: dir + "/workload.fio", atomically: true, encoding: .utf8)
        let result = try Self.iosweep(["plan", "raw.yaml"], in: dir)
        #expect(result.status == 2)
        #expect(
            result.stderr == """
                workload.fio:3:1: error: fio filename '/dev/loop1' is a device not listed in 'disks' (in the job file)
                  hint: fio would write to it: add it to disks (the allowlist of what this study may destroy) or use a file path

                """)
    }

    @Test("fio output: /any/path is refused: fio takes the last --output")
    func outputOption() throws {
        let dir = TestEnvironment.temporaryDirectory("hostile-output")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try "experiment: out\nworkload:\n  fio:\n    job: \"[w]\"\n    output: /tmp/elsewhere.json\n"
            .write(toFile: dir + "/out.yaml", atomically: true, encoding: .utf8)
        let result = try Self.iosweep(["validate", "out.yaml"], in: dir)
        #expect(result.status == 2)
        #expect(result.stderr.hasPrefix("out.yaml:5:13: error: fio option 'output' is set by iosweep\n"), "\(result.stderr)")
    }

    @Test(
        "A job file that is a device or a FIFO with no writer: a located error at once, nothing read or waited for",
        .timeLimit(.minutes(1)), arguments: ["/dev/zero", "fifo"])
    func jobFileNotRegular(_ target: String) throws {
        let dir = TestEnvironment.temporaryDirectory("hostile-jobfile")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let jobFile = target == "fifo" ? dir + "/workload.fio" : target
        if target == "fifo" { try #require(mkfifo(jobFile, 0o600) == 0) }
        try "experiment: special\nworkload:\n  fio:\n    job-file: \(jobFile)\n"
            .write(toFile: dir + "/special.yaml", atomically: true, encoding: .utf8)
        let started = Date()
        let result = try Self.iosweep(["plan", "special.yaml"], in: dir)
        #expect(Date().timeIntervalSince(started) < 20)
        #expect(result.status == 2)
        let kind = target == "fifo" ? "FIFO" : "character device"
        #expect(
            result.stderr.hasPrefix(
                "special.yaml:4:15: error: the fio job file '\(jobFile)' is a \(kind), not a regular file\n"), "\(result.stderr)")
    }

    @Test("An experiment read from a pipe (as `<(generate)` gives it) is read; a device is refused", .timeLimit(.minutes(1)))
    func experimentFromPipe() throws {
        let dir = TestEnvironment.temporaryDirectory("hostile-pipe")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let piped = try Self.iosweep(["validate", "/dev/stdin"], in: dir, input: "experiment: piped\nworkload:\n  command: [true]\n")
        #expect(piped.status == 0)
        #expect(piped.stdout.contains("ok — experiment 'piped'"), "\(piped.stdout)")

        let dash = try Self.iosweep(["validate", "-"], in: dir, input: "experiment: dashed\nworkload:\n  command: [true]\n")
        #expect(dash.status == 0 && dash.stdout.contains("ok — experiment 'dashed'"), "\(dash.stdout) \(dash.stderr)")
        // More than the 64 MiB an experiment may hold, on standard input: an error, not an endless read.
        let endless = try Self.iosweep(["validate", "-"], in: dir, input: String(repeating: "#", count: (64 << 20) + 1))
        #expect(endless.status == 2)
        #expect(endless.stderr.hasPrefix("<stdin>:1:1: error: standard input is larger than 64 MiB\n"), "\(endless.stderr)")

        let device = try Self.iosweep(["validate", "/dev/zero"], in: dir)
        #expect(device.status == 2)
        #expect(device.stderr.hasPrefix("/dev/zero:1:1: error: /dev/zero is a character device, not a regular file\n"), "\(device.stderr)")
    }
}
