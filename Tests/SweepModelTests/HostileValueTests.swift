import Foundation
import Testing
@testable import SweepModel

/// Values a hostile or careless author writes — control characters, raw devices, iosweep's own fio options,
/// result paths that wreck the run directory, names that become options — are located load-time errors.
@Suite struct HostileValueTests {
    static let controlBytes: [UInt8] = Array(0x00...0x1F) + [0x7F]

    /// `yaml` with `VALUE` replaced, loaded; the diagnostics' rendered text.
    private func errors(_ yaml: String, file: String = "test.yaml", directory: String = "/nonexistent") -> [String] {
        diagnostics(yaml: yaml, file: file, directory: directory).map { "\($0.location?.description ?? "?"): \($0.message)" }
    }

    @Test("Every control character in an axis value is a located error naming it", arguments: controlBytes)
    func controlCharacterInAxisValue(byte: UInt8) {
        let escaped = String(format: "\\x%02X", byte)
        let yaml = "experiment: cc\nmatrix:\n  label: [ok, \"a\(escaped)b\"]\nworkload:\n  command: [echo, \"${label}\"]\n"
        let code = String(format: "U+%04X", byte)
        // A newline makes the text multi-line: the field's column; else the character's.
        let column = byte == 0x0A ? 15 : 17
        #expect(errors(yaml) == ["test.yaml:3:\(column): 'matrix.label[1]' contains a control character (\(code))"])
    }

    @Test(
        "Control characters in names, argv, collector options, paths and results",
        arguments: [
            ("experiment: \"a\\nb\"\nworkload:\n  command: [true]\n", "test.yaml:1:13: 'experiment' contains a control character (U+000A)"),
            (
                "experiment: x\nworkload:\n  command: [echo, \"a\\tb\"]\n",
                "test.yaml:3:21: 'workload.command[1]' contains a control character (U+0009)"
            ),
            (
                "experiment: x\nworkload:\n  command: [true]\ncollectors:\n  - command: {argv: [\"a\\0\"], name: n}\n",
                "test.yaml:5:24: 'collectors[0].command.argv[0]' contains a control character (U+0000)"
            ),
            (
                "experiment: x\nworkload:\n  command: [true]\nresults: \"a\\x1B[2J\"\n",
                "test.yaml:4:12: 'results' contains a control character (U+001B)"
            ),
            (
                "experiment: x\nworkload:\n  fio:\n    job: \"[w]\"\n    \"a\\rb\": 1\n",
                "test.yaml:5:13: the name 'a\\u{D}b' contains a control character (U+000D)"
            ),
            (
                "experiment: x\nworkload:\n  fio:\n    job: \"[w]\"\n    directory: \"/tmp/\\x7F\"\n",
                "test.yaml:5:22: 'workload.fio.directory' contains a control character (U+007F)"
            ),
        ])
    func controlCharactersEverywhere(yaml: String, expected: String) {
        #expect(errors(yaml) == [expected])
    }

    @Test("Free text (description, the inline job) may hold tabs and newlines, nothing else")
    func freeText() {
        let ok = "experiment: x\ndescription: \"a\\tb\\nc\"\nworkload:\n  fio:\n    job: \"[w]\\n\\trw=write\\n\"\n"
        #expect(errors(ok).isEmpty)
        let bad = "experiment: x\ndescription: \"a\\x07\"\nworkload:\n  command: [true]\n"
        #expect(errors(bad) == ["test.yaml:2:16: 'description' contains a control character (U+0007)"])
    }

    @Test(
        "Every malformed fixture of this issue has a golden",
        arguments: [
            "control-character", "fio-raw-device", "fio-reserved-option", "fio-option-type", "result-path-run-file",
            "result-path-parent", "bad-pool-name", "bad-disk-name", "long-name",
        ])
    func fixtureExists(name: String) {
        #expect(MalformedExperimentTests.names.contains(name))
    }

    // MARK: raw devices

    @Test("fio's name lists: ':' separates, '\\:' is a colon")
    func fioNames() {
        #expect(FioTargets.names("/dev/sdb:/dev/sdc") == ["/dev/sdb", "/dev/sdc"])
        #expect(FioTargets.names("c\\:/x:/dev/sdb") == ["c:/x", "/dev/sdb"])
        #expect(FioTargets.names("a\\b") == ["a\\b"])
        #expect(FioTargets.names("::x:") == ["x"])
    }

    @Test(
        "Device paths: normalized; memory file systems and /dev/null-like files are not devices",
        arguments: [
            ("/dev/sdb", "/dev/sdb"), ("/dev//sdb", "/dev/sdb"), ("/dev/./sdb", "/dev/sdb"), ("/tmp/../dev/sdb", "/dev/sdb"),
            ("//dev/disk/by-id/x", "/dev/disk/by-id/x"), ("/dev/null", nil), ("/dev/zero", nil), ("/dev/shm/f", nil),
            ("/dev/hugepages/f", nil), ("/dev", nil), ("/tmp/dev/sdb", nil), ("dev/sdb", nil), ("/dev/null/../sda", "/dev/sda"),
        ] as [(String, String?)])
    func devicePaths(path: String, device: String?) {
        #expect(FioTargets.devicePath(path) == device)
    }

    @Test("A path through a symbolic link into /dev is the device it leads to; a link to /dev/null or a file is none")
    func symlinkedDevices() throws {
        let directory = FileManager.default.temporaryDirectory.path + "/iosweep-links-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try FileManager.default.createSymbolicLink(atPath: directory + "/devices", withDestinationPath: "/dev")
        try FileManager.default.createSymbolicLink(atPath: directory + "/sink", withDestinationPath: "/dev/null")
        try Data().write(to: URL(fileURLWithPath: directory + "/plain.dat"))
        #expect(FioTargets.devicePath(directory + "/devices/sdz") == "/dev/sdz")
        #expect(FioTargets.devicePath(directory + "/devices/disk/by-id/x") == "/dev/disk/by-id/x")
        #expect(FioTargets.devicePath(directory + "/sink") == nil)
        #expect(FioTargets.devicePath(directory + "/plain.dat") == nil)
        #expect(FioTargets.devicePath(directory + "/new/file") == nil)
        let found = FioTargets.devices([("directory", directory + "/devices"), ("filename", "sdy")])
        #expect(found.map(\.device.path) == ["/dev/sdy"])
    }

    @Test("A relative file name joins every directory: directory=/dev + filename=sdb is /dev/sdb")
    func joinedDevices() {
        let found = FioTargets.devices([("directory", "/tmp:/dev"), ("filename", "sdb"), ("filename", "/dev/nvme0n1")])
        #expect(found.map(\.device.path) == ["/dev/sdb", "/dev/nvme0n1"])
        #expect(found.map(\.index) == [1, 2])
    }

    @Test("A device in a job file is located in the job file; the unlisted ones only")
    func jobFileDevice() throws {
        let directory = Package.fixtures.appendingPathComponent("job-file").path
        let text = try String(contentsOfFile: directory + "/raw-device.yaml", encoding: .utf8)
        let found = errors(text, file: "raw-device.yaml", directory: directory)
        let job = directory + "/raw-device.fio"
        #expect(
            found == [
                "\(job):4:1: fio filename '/dev/sdx' is a device not listed in 'disks' (in the job file)",
                "\(job):6:1: fio filename '/dev/nvme0n1' is a device not listed in 'disks' (in the job file)",
                "\(job):7:1: fio option 'write_iops_log' is set by iosweep (in the job file)",
            ])
    }

    @Test("Listed devices may be named either way: /dev/sdb ≡ sdb")
    func listedDevice() {
        let yaml =
            "experiment: x\ndisks: [sdb, /dev/sdc]\nworkload:\n  fio:\n    job: \"[w]\\nfilename=/dev/sdc\\n\"\n    filename: /dev/sdb:sdc\n    directory: /dev\n"
        #expect(errors(yaml).isEmpty)
    }

    // MARK: option types

    @Test(
        "Typed fio options",
        arguments: [
            ("numjobs", "4", true), ("numjobs", "0", false), ("numjobs", "-1", false), ("numjobs", "a-b", false),
            ("iodepth", "32", true), ("iodepth", "1 2", false), ("size", "1G", true), ("size", "50%", true), ("size", "0", false),
            ("size", "a b", false), ("bs", "4k,8k", true), ("bs", ",8k", true), ("bs", "4k,,8k,1k", false), ("bs", "4k 8k", false),
            ("rate_iops", "100,200", true), ("rate_iops", "1k", false), ("rate", "10m", true), ("runtime", "60", true),
            ("runtime", "1m", false), ("ramp_time", "500ms", true), ("ramp_time", "5 min", false), ("direct", "1", true),
            ("direct", "yes", false),
        ] as [(String, String, Bool)])
    func optionTypes(option: String, value: String, ok: Bool) throws {
        let kind = try #require(FioOption.kinds[option])
        #expect((FioOption.problem(.string(value), kind, at: option) == nil) == ok)
    }

    @Test("A negative runtime is said to be below 1, not to be no integer; +5 is no fio integer")
    func negativeSeconds() throws {
        let kind = try #require(FioOption.kinds["runtime"])
        #expect(FioOption.problem(.int(-5), kind, at: "runtime")?.message == "'runtime' must be at least 1, found -5")
        #expect(FioOption.problem(.string("-5"), kind, at: "runtime")?.message == "'runtime' must be at least 1, found -5")
        #expect(FioOption.problem(.string("+5"), kind, at: "runtime")?.message == "'runtime' must be an integer, found '+5'")
    }

    // MARK: result paths and names

    @Test(
        "Result paths that would wreck the run directory are refused",
        arguments: [
            "", ".", "..", "a/../b", "/tmp/x", "a//b", "a/", "./a", "journal.jsonl", "iosweep-run.json", "iosweep-plan.json",
            "iosweep-files/x", "iosweep-logs", ".lock", ".partial", ".partial/x", ".stale", ".scratch/x", "a\u{0}b",
            String(repeating: "x", count: 256), Array(repeating: String(repeating: "y", count: 200), count: 6).joined(separator: "/"),
        ])
    func badResultPaths(path: String) {
        #expect(ResultPath.problem(path) != nil)
    }

    @Test("Ordinary result paths are accepted", arguments: ["1-disks/8-jobs", "x.y", "a/.hidden", "numjobs=1,repeat=2", "cell"])
    func goodResultPaths(path: String) {
        #expect(ResultPath.problem(path) == nil)
    }

    @Test(
        "Pool names follow zpool's rules",
        arguments: [
            ("tank", true), ("iosweep-quickstart", true), ("a.b:c_d-1", true), ("-o evil", false), ("-f", false), ("1pool", false),
            ("mirror", false), ("mirror1", false), ("raidz2x", false), ("draid", false), ("spare", false), ("log", false),
            ("logs", true), ("c0t0d0", false), ("tank pool", false), ("tank/x", false), ("tänk", false),
            (String(repeating: "p", count: 256), false),
        ] as [(String, Bool)])
    func poolNames(name: String, ok: Bool) {
        #expect((ZFSName.poolProblem(name) == nil) == ok)
    }

    @Test(
        "Dataset names follow zfs's rules",
        arguments: [
            ("tank/dozer", true), ("tank/a/b.c", true), ("tank//a", false), ("tank/", false), ("tank/a@snap", false),
            ("tank/a#b", false), ("tank/..", false), ("-o/x", false), ("tank/" + String(repeating: "d", count: 251), false),
        ] as [(String, Bool)])
    func datasetNames(name: String, ok: Bool) {
        #expect((ZFSName.datasetProblem(name) == nil) == ok)
    }

    @Test("A 200-byte experiment name is accepted, 201 bytes is not")
    func nameLength() {
        let yaml = { (n: Int) in "experiment: \(String(repeating: "a", count: n))\nworkload:\n  command: [true]\n" }
        #expect(errors(yaml(200)).isEmpty)
        #expect(errors(yaml(201)) == ["test.yaml:1:13: experiment name is 201 bytes long, more than 200"])
    }
}

/// Which fio access modes may write: a read-only workload destroys nothing it names.
@Suite struct FioAccessModeTests {
    @Test(
        "read and randread (any case, blanks around, an offset modifier) only read; every other or unknown mode may write",
        arguments: [
            ("read", false), ("randread", false), (" READ\t", false), ("RandRead:4k", false), ("read:", false),
            ("write", true), ("randwrite", true), ("rw", true), ("readwrite", true), ("reads", true), ("", true),
            ("re ad", true), ("\u{00A0}read", true),
        ])
    func writes(mode: String, writes: Bool) {
        #expect(FioOption.writes(accessMode: mode) == writes)
    }

    @Test("no mode at all is fio's default, read")
    func none() {
        #expect(!FioOption.writes(accessModes: []))
        #expect(FioOption.writes(accessModes: ["read", "write"]))
    }
}
