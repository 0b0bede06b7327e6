import Foundation
import SweepModel
import SweepPlanner
import Testing

/// The sh rendering as a property: whatever bytes the values hold, the script run by real bash executes exactly
/// the plan's argv and creates exactly the plan's files. The planner rejects control characters and names its
/// tools would misread, so plans are made as a hand-edited plan JSON is: planned with a marker in every text,
/// then each marker replaced in the plan's JSON by a hostile value (``hostile(_:_:)``); bash runs with a PATH of
/// recording stubs (`zpool`, `zfs`, `fio`, `env`, the hooks' and collectors' programs …) that record their argv.
@Suite("The sh rendering under hostile values", .serialized, .timeLimit(.minutes(5)))
struct ShellScriptInjectionTests {
    /// Shell metacharacters, weighted up in the generated values.
    static let metacharacters = Array("$`\\'\";&|<>(){}*?[]~#! \t\n\r")

    /// A value of 1–12 characters from bytes 0x01–0x7F, every other one a metacharacter on average.
    /// `${` is broken up (it would be an iosweep expression, not a value).
    static func value(_ random: inout SplitMix64) -> String {
        let length = 1 + Int(random.next(below: 12))
        var text = ""
        for _ in 0..<length {
            if random.next(below: 2) == 0 {
                text.append(metacharacters[Int(random.next(below: UInt64(metacharacters.count)))])
            } else {
                text.unicodeScalars.append(Unicode.Scalar(UInt8(1 + random.next(below: 0x7F))))
            }
        }
        return text.replacingOccurrences(of: "${", with: "$ {")
    }

    /// An experiment whose every text is generated: axis values (used in results, hooks and fio options),
    /// pool and dataset names, fio options and directory, hook argv, collector options, the job file.
    static func experiment(_ random: inout SplitMix64, allBytes: Bool) -> (Experiment, [String: String]) {
        var values: [String: String] = [:]
        func v() -> String {
            let marker = "qmk\(values.count)kq"
            values[marker] =
                allBytes
                ? String(decoding: (1...0x7F).map { UInt8($0) }, as: UTF8.self).replacingOccurrences(of: "${", with: "$ {")
                : value(&random)
            return marker
        }
        // Axis values: no `/` (a result path component each), distinct by their last character.
        let axis = (0..<2).map { i -> Value in .string(v() + "\(i)") }
        let pool = "p" + v()
        let dataset = pool + "/d" + v()
        let options: Settings = [v(): .string(v()), "axis": "${v}", v(): .string(v())]
        let experiment = Experiment(
            name: "x" + v(),
            disks: .scratch(Scratch(count: 1, size: "64M")),
            matrix: Matrix(axes: [Axis("v", axis)]),
            pool: Pool(
                name: pool, vdevs: [Vdev(.stripe, "${disks}")], force: true,
                properties: [v(): .string(v())], filesystemProperties: [v(): .string(v())]),
            datasets: [Dataset(dataset, properties: [v(): .string(v())])],
            workload: .fio(
                Fio(
                    job: "[\(v())]\n\(v())\nIOSWEEP_FILE\n\(v())", directory: .string(v()), numjobs: 1, size: "8M", runtime: 1,
                    options: options)),
            collectors: [
                Collector(.iostat, interval: .string(v())), Collector(.mpstat, interval: .string(v())),
                Collector(.vmstat), Collector(.zpoolIostat), Collector(.diskstats, interval: .string(v())),
                Collector(.command, argv: ["collect", .string(v()), "${v}"], name: v()),
            ],
            hooks: Hooks(
                beforeRun: [["hook", .string(v())]], beforeCell: [["hook", "${v}", .string(v())]],
                afterCell: [["hook", .string(v())]], afterRun: [["hook", .string(v()), .string(v())]]),
            results: "r${v}")
        // Axis values stay one result path component; names never hold a placeholder opening.
        for (marker, value) in values {
            values[marker] = value.replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "@{", with: "@ {")
        }
        return (experiment, values)
    }

    /// `experiment` planned, then every marker in the plan's JSON replaced by its hostile value: the plan a
    /// hand-edited plan file gives (the planner would refuse these values itself).
    static func hostile(_ random: inout SplitMix64, allBytes: Bool) throws -> Plan {
        let (experiment, values) = Self.experiment(&random, allBytes: allBytes)
        var json = JSONRenderer().render(try Planner(baseDirectory: "/").plan(experiment))
        for (marker, value) in values.sorted(by: { $0.key.count > $1.key.count }) {
            let encoded = String(decoding: try JSONEncoder().encode(value), as: UTF8.self).dropFirst().dropLast()
            json = json.replacingOccurrences(of: marker, with: String(encoded))
        }
        return try JSONDecoder().decode(Plan.self, from: Data(json.utf8))
    }

    /// Programs the plan runs: each is a stub recording its argv.
    static let recorded = ["zpool", "zfs", "fio", "env", "iosweep", "hook", "collect", "iostat", "mpstat", "vmstat", "sudo"]
    /// Programs the script itself needs: the real ones.
    static let passedThrough = ["mkdir", "rm", "mv", "cat", "truncate", "dirname", "sleep"]

    /// A sandbox: `bin/` with the stubs, `log` (argv records), `cwd/` (bash's working directory, must stay empty).
    struct Sandbox {
        let root: String
        var bin: String { root + "/bin" }
        var log: String { root + "/log" }
        var cwd: String { root + "/cwd" }
        var results: String { root + "/results" }

        init() throws {
            root = NSTemporaryDirectory() + "iosweep-sh-stubs-\(UUID().uuidString.prefix(8))"
            for folder in [root, root + "/bin", root + "/cwd"] {
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            }
            // One record per process, in a file of its own (collectors run at once): the word count, argv[0]'s
            // name, the arguments, each NUL-terminated.
            try FileManager.default.createDirectory(atPath: root + "/log", withIntermediateDirectories: true)
            let stub = "#!/bin/bash\nprintf '%s\\0' \"$(($# + 1))\" \"${0##*/}\" \"$@\" > \"$STUB_LOG/$$.$RANDOM\"\n"
            for name in recorded { try write(stub, to: bin + "/" + name) }
            // The workload lasts a moment, so the collectors started before it have run when they are stopped.
            try write(stub + "/bin/sleep 0.3\n", to: bin + "/fio")
            // losetup --find --show FILE prints a device; losetup -d DEVICE (the trap) is recorded as well.
            try write(
                "#!/bin/bash\nprintf '%s\\0' \"$(($# + 1))\" losetup \"$@\" > \"$STUB_LOG/$$.$RANDOM\"\n"
                    + "[ \"$1\" = --find ] && printf '/dev/stub-%s\\n' \"${3##*/}\"\nexit 0\n", to: bin + "/losetup")
            try write("#!/bin/bash\necho STUBDATE\n", to: bin + "/date")
            for name in passedThrough {
                let real = try #require(["/usr/bin/" + name, "/bin/" + name].first(where: FileManager.default.isExecutableFile(atPath:)))
                try FileManager.default.createSymbolicLink(atPath: bin + "/" + name, withDestinationPath: real)
            }
        }

        private func write(_ text: String, to path: String) throws {
            try Data(text.utf8).write(to: URL(fileURLWithPath: path))
            chmod(path, 0o755)
        }

        /// The recorded argv (in no particular order).
        func records() throws -> [[String]] {
            var records: [[String]] = []
            for name in try FileManager.default.contentsOfDirectory(atPath: log) {
                let data = FileManager.default.contents(atPath: log + "/" + name) ?? Data()
                var words = data.split(separator: 0, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
                if words.last == "" { words.removeLast() }
                let count = try #require(Int(words.first ?? ""), "record \(name) corrupt: \(words.prefix(5))")
                try #require(words.count == count + 1, "record \(name): \(words.count - 1) words, \(count) announced")
                records.append(Array(words.dropFirst()))
            }
            return records
        }

        /// Every file under `folder`, relative, sorted.
        static func files(under folder: String) -> [String] {
            (FileManager.default.subpaths(atPath: folder) ?? []).filter { path in
                var directory: ObjCBool = false
                return FileManager.default.fileExists(atPath: folder + "/" + path, isDirectory: &directory) && !directory.boolValue
            }.sorted()
        }

        func remove() { try? FileManager.default.removeItem(atPath: root) }
    }

    /// The argv the plan runs, bound as the script binds it, and the files it leaves (relative to `results`).
    static func expected(_ plan: Plan, results: String, runID: String) -> (argv: [[String]], files: [String]) {
        var bindings = ["run": runID, "files": results + "/.files"]
        for disk in plan.scratch { bindings[disk.name] = "/dev/stub-" + (disk.file.split(separator: "/").last.map(String.init) ?? "") }
        func bound(_ steps: [Step], cell: Cell?) -> [[String]] {
            var b = bindings
            if let cell { b["cell"] = results + "/.partial/" + cell.id }
            return steps.filter { $0.kind != .publish }.map { $0.argv.map { Placeholder.substitute($0, b) } }
        }
        var argv = bound(plan.setup, cell: nil)
        var files = plan.files.map { ".files/" + $0.name }
        for group in plan.groups {
            argv += bound(group.setup, cell: group.cells.first)
            for cell in group.cells {
                argv += bound(cell.steps, cell: cell)
                files += cell.steps.compactMap(\.stdout).map { cell.resultPath + "/" + $0 }
            }
            argv += bound(group.teardown, cell: group.cells.last)
        }
        argv += bound(plan.teardown, cell: nil)
        // The trap detaches the scratch loop devices.
        argv += plan.scratch.map { ["losetup", "--find", "--show", results + "/" + $0.file] }
        argv += plan.scratch.map { ["losetup", "-d", bindings[$0.name] ?? ""] }
        return (argv, files.sorted())
    }

    /// Renders `plan`, runs it in a fresh sandbox, and checks argv, files, status and stderr.
    @discardableResult
    static func check(_ plan: Plan, case number: Int) throws -> Bool {
        let sandbox = try Sandbox()
        defer { sandbox.remove() }
        let script = sandbox.root + "/plan.sh"
        try Data(ShellScriptRenderer().render(plan).utf8).write(to: URL(fileURLWithPath: script))
        // `exec` keeps the pid, so the run id (`sh-$(date …)-$$`) is known: the pid is written first.
        let result = try runTool(
            [
                "timeout", "60", "/bin/bash", "-c",
                "cd \"$1\" && echo $$ > \"$2\" && PATH=\"$5\" && exec /bin/bash \"$3\" \"$4\"", "bash",
                sandbox.cwd, sandbox.root + "/pid", script, sandbox.results, sandbox.bin,
            ],
            environment: ["PATH": "/usr/bin:/bin", "STUB_LOG": sandbox.log, "HOME": sandbox.cwd, "LC_ALL": "C"])
        let pid =
            (try? String(contentsOfFile: sandbox.root + "/pid", encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "?"
        let expected = expected(plan, results: sandbox.results, runID: "sh-STUBDATE-\(pid)")
        let context =
            "case \(number), script:\n\(String(decoding: FileManager.default.contents(atPath: script) ?? Data(), as: UTF8.self).prefix(6000))"
        var ok = true
        func expect(_ condition: Bool, _ message: @autoclosure () -> String) {
            if !condition {
                ok = false
                Issue.record("case \(number): \(message())\n\(context)")
            }
        }
        expect(result.status == 0, "exit \(result.status): \(result.output)")
        expect(
            result.output == "done: \(plan.cells.count) cell\(plan.cells.count == 1 ? "" : "s") in \(sandbox.results)\n",
            "output: \(result.output)")
        let recorded = try sandbox.records()
        let sort: ([String], [String]) -> Bool = { $0.lexicographicallyPrecedes($1) }
        let extra = recorded.filter { !expected.argv.contains($0) }
        let missing = expected.argv.filter { !recorded.contains($0) }
        expect(
            recorded.sorted(by: sort) == expected.argv.sorted(by: sort),
            "argv differ: extra \(extra.prefix(3)), missing \(missing.prefix(3)), \(recorded.count) recorded, \(expected.argv.count) expected"
        )
        let files = Sandbox.files(under: sandbox.results)
        expect(files == expected.files, "files differ: \(files) against \(expected.files)")
        expect(Sandbox.files(under: sandbox.cwd).isEmpty, "files in the working directory: \(Sandbox.files(under: sandbox.cwd))")
        // The frozen job file is written byte for byte.
        for file in plan.files {
            let written = FileManager.default.contents(atPath: sandbox.results + "/.files/" + file.name)
            let content = Data(file.content.utf8)
            expect(written == content + (content.last == UInt8(ascii: "\n") ? Data() : Data("\n".utf8)), "\(file.name) differs")
        }
        return ok
    }

    @Test("40 seeded cases of values over bytes 0x01–0x7F and every shell metacharacter: exactly the plan's argv and files")
    func generatedValues() throws {
        var random = SplitMix64(seed: 0x5EED_0010)
        var failures = 0
        for number in 0..<40 where failures < 3 {
            let plan = try Self.hostile(&random, allBytes: false)
            if try !Self.check(plan, case: number) { failures += 1 }
        }
    }

    @Test("every byte 0x01–0x7F in one value, in every field")
    func everyByte() throws {
        var random = SplitMix64(seed: 1)
        let plan = try Self.hostile(&random, allBytes: true)
        try Self.check(plan, case: -1)
    }

    @Test("a hand-edited plan: placeholders nobody binds stay literal, a scratch disk name never becomes script text")
    func handEditedPlan() throws {
        var random = SplitMix64(seed: 2)
        var plan = try Self.hostile(&random, allBytes: false)
        let odd = "x;touch pwned;y"
        plan.scratch[0].name = odd
        plan.destroys = ["@{\(odd)}"]
        for g in plan.groups.indices {
            for s in plan.groups[g].setup.indices {
                plan.groups[g].setup[s].argv = plan.groups[g].setup[s].argv.map { $0 == "@{scratch0}" ? "@{\(odd)}" : $0 }
            }
        }
        plan.setup.append(Step(.hook, argv: ["hook", "@{PATH}", "@{x y}@{run}", "@{@{files}", "@{undo}"]))
        plan.groups[0].cells[0].resultPath = "r\n# x\ntouch pwned"
        try Self.check(plan, case: -2)
    }
}
