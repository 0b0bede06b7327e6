import SweepModel
import SweepPlanner
import Testing

/// `workload.fio.devices`: fio on the block devices themselves, destroying them when it may write.
@Suite struct RawDevicePlanTests {
    /// The experiment of `yaml`, loaded as `iosweep` loads a file (problems of loading are a test failure).
    static func load(_ yaml: String) throws(DiagnosticList) -> Experiment {
        try ExperimentLoader.load(yaml: yaml, file: "raw.yaml", directory: "/").experiment
    }

    static func study(
        rw: String = "randwrite", devices: String = "${disks[:ndisks]}", disks: String = "[sdb, sdc]", job: String = "[raw]"
    )
        -> String
    {
        """
        experiment: raw
        disks: \(disks)
        matrix:
          ndisks: [1, 2]
        workload:
          fio:
            job: "\(job)"
            devices: \(devices)
            rw: \(rw)
            runtime: 1
        collectors:
          - iostat: { interval: 1 }
        results: ${ndisks}
        """
    }

    static func workload(_ cell: Cell) -> [String] { cell.steps.first { $0.kind == .workload }?.argv ?? [] }

    @Test("a writing workload runs fio on its devices, destroys them, and its collectors sample them")
    func writingDestroys() throws {
        let plan = try Planner(baseDirectory: "/").plan(try Self.load(Self.study()))
        #expect(plan.destroys == ["sdb", "sdc"])
        #expect(Self.workload(plan.cells[0]).contains("--filename=/dev/sdb"))
        #expect(Self.workload(plan.cells[1]).contains("--filename=/dev/sdb:/dev/sdc"))
        let iostat = plan.cells[1].steps.filter { $0.kind == .collector }.map { $0.argv[$0.argv.count - 2] }
        #expect(iostat == ["sdb", "sdc"])
    }

    @Test(arguments: ["randread", "read", "read:64k"])
    func readingDestroysNothing(_ rw: String) throws {
        let plan = try Planner(baseDirectory: "/").plan(try Self.load(Self.study(rw: rw)))
        #expect(plan.destroys.isEmpty)
        #expect(Self.workload(plan.cells[1]).contains("--filename=/dev/sdb:/dev/sdc"))
    }

    @Test("the job file's rw decides too; one writing cell is enough")
    func jobFileAccessMode() throws {
        var experiment = try Self.load(Self.study(rw: "read", job: "[raw]\\nrw=write\\n"))
        #expect(try Planner(baseDirectory: "/").plan(experiment).destroys == ["sdb", "sdc"])
        experiment = try Self.load(
            Self.study(rw: "read", disks: "[sdb, sdc]").replacingOccurrences(
                of: "  ndisks: [1, 2]", with: "  ndisks: [1, 2]\n  mode: [read, write]"
            )
            .replacingOccurrences(of: "rw: read", with: "rw: ${mode}").replacingOccurrences(
                of: "results: ${ndisks}", with: "results: ${ndisks}-${mode}"))
        #expect(try Planner(baseDirectory: "/").plan(experiment).destroys == ["sdb", "sdc"])
    }

    @Test("scratch disks are bound at run time; a colon in a device path is written as fio reads it")
    func placeholdersAndColons() throws {
        let scratch = try Planner(baseDirectory: "/").plan(
            try Self.load(Self.study(disks: "{ scratch: { count: 2, size: 64M } }")))
        #expect(Self.workload(scratch.cells[1]).contains("--filename=@{scratch0}:@{scratch1}"))
        #expect(scratch.destroys == ["@{scratch0}", "@{scratch1}"])
        let byPath = "/dev/disk/by-path/pci-0000:00:1f.2-ata-1"
        let plan = try Planner(baseDirectory: "/").plan(
            try Self.load(Self.study(devices: "${disks}", disks: "[\"\(byPath)\"]").replacingOccurrences(of: "[1, 2]", with: "[1]")))
        #expect(Self.workload(plan.cells[0]).contains("--filename=/dev/disk/by-path/pci-0000\\:00\\:1f.2-ata-1"))
    }

    @Test("a device outside disks is a located error: at load time when literal, per cell when computed")
    func undeclaredDevices() throws {
        do {
            _ = try Self.load(Self.study(devices: "[sdb, sdz]"))
            Issue.record("loaded")
        } catch {
            #expect(
                error.diagnostics.contains {
                    $0.message == "device 'sdz' is not listed in disks" && $0.path == FieldPath("workload.fio.devices")
                })
        }
        let computed = try Self.load(Self.study(disks: "[sdb]"))
        do {
            _ = try Planner(baseDirectory: "/").plan(computed)
            Issue.record("planned")
        } catch {
            #expect(error.diagnostics.contains { $0.message.contains("slice [0:2] is beyond a list of 1") }, "\(error.diagnostics)")
        }
    }

    @Test("filename: ${disks[0]} names the disk, not a file called scratch0 or sdb in fio's working directory")
    func filenameOfADisk() throws {
        func plan(_ disks: String, _ filename: String, rw: String = "randwrite") throws -> Plan {
            try Planner(baseDirectory: "/").plan(
                try Self.load(
                    """
                    experiment: named
                    disks: \(disks)
                    workload:
                      fio: { job: "[j]", filename: "\(filename)", rw: \(rw), runtime: 1 }
                    """))
        }
        let scratch = try plan("{ scratch: { count: 2, size: 64M } }", "${disks[1]}")
        #expect(Self.workload(scratch.cells[0]).contains("--filename=@{scratch1}"))
        #expect(scratch.destroys == ["@{scratch1}"])
        let real = try plan("[sdb, sdc]", "${disks[0]}:/tmp/data:with\\\\:colon")
        #expect(Self.workload(real.cells[0]).contains("--filename=/dev/sdb:/tmp/data:with\\:colon"))
        #expect(real.destroys == ["sdb"])
        #expect(try plan("[sdb]", "${disks[0]}", rw: "randread").destroys.isEmpty)
        let file = try plan("[sdb]", "data.bin")
        #expect(Self.workload(file.cells[0]).contains("--filename=data.bin"))
        #expect(file.destroys.isEmpty)
    }

    @Test("devices and directory, or devices and filename, are not used together")
    func exclusiveWithDirectory() throws {
        for extra in ["directory: /tmp/x", "filename: /dev/sdb"] {
            do {
                _ = try Self.load(Self.study().replacingOccurrences(of: "    runtime: 1", with: "    runtime: 1\n    \(extra)"))
                Issue.record("loaded with \(extra)")
            } catch {
                #expect(error.diagnostics.contains { $0.message.contains("cannot be used together") }, "\(error.diagnostics)")
            }
        }
    }
}
