import SweepPlanner
import Testing

@testable import SweepRunner

/// The plan audit on file systems: `mkfs.TYPE` only with the run's label on a device of `destroys`, `mount` only as
/// the setup of its own mount point from such a device, `umount` only of the plan's mount points; everything else
/// that changes file systems is refused, whatever step carries it.
@Suite struct PlanAuditFilesystemTests {
    static let mountpoint = "@{results}/.mnt"

    /// A one-cell plan making ext4 on `/dev/sdx` (declared) with `setup` and `teardown` in place of the planner's.
    static func plan(
        setup: [Step] = [
            Step(.setup, argv: ["mkfs.ext4", "-F", "-q", "-L", "@{label}", "/dev/sdx"]),
            Step(.setup, argv: ["mount", "--mkdir", "-o", "noatime", "/dev/sdx", mountpoint], resource: .filesystem(mountpoint)),
        ],
        teardown: [Step] = [Step(.teardown, argv: ["umount", mountpoint], resource: .filesystem(mountpoint))],
        hooks: [Step] = [], destroys: [String] = ["/dev/sdx"]
    ) -> Plan {
        let cell = Cell(
            id: "c", values: [:], resultPath: "c", fingerprint: "f", estimatedSeconds: 1,
            steps: setup + hooks + [
                Step(.workload, argv: ["fio", "--directory=\(mountpoint)", "--rw=write", "@{files}/job.fio"]),
                Step(.record, argv: ["btrfs", "filesystem", "show", mountpoint], stdout: "btrfs-show.txt"),
                Step(.publish, argv: []),
            ] + teardown)
        return Plan(
            experiment: "e", fingerprint: "f", scratch: [], destroys: destroys, files: [PlanFile(name: "job.fio", content: "[j]\n")],
            setup: [], teardown: [], groups: [CellGroup(key: "c", setup: [], teardown: [], cells: [cell])])
    }

    /// Every `/dev/` path is a block device here: what is checked is the judgement, not the machine.
    static func reasons(_ plan: Plan) -> [String] {
        PlanAudit.refusals(plan, isBlockDevice: { $0.hasPrefix("/dev/") }).map(\.reason)
    }

    @Test("the planner's own steps pass: mkfs with the label, mount, records, umount; on a scratch disk's placeholder too")
    func plannedStepsPass() {
        #expect(Self.reasons(Self.plan()).isEmpty, "\(Self.reasons(Self.plan()))")
        let scratch = Self.plan(
            setup: [
                Step(.setup, argv: ["mkfs.btrfs", "-f", "-q", "-L", "@{label}", "-d", "raid0", "@{scratch0}", "@{scratch1}"]),
                Step(.setup, argv: ["mount", "--mkdir", "@{scratch0}", "/srv/bench"], resource: .filesystem("/srv/bench")),
            ], teardown: [Step(.teardown, argv: ["umount", "/srv/bench"], resource: .filesystem("/srv/bench"))],
            destroys: ["@{scratch0}", "@{scratch1}"])
        #expect(Self.reasons(scratch).isEmpty, "\(Self.reasons(scratch))")
    }

    @Test(
        "hostile file-system steps are refused",
        arguments: [
            (["mkfs.ext4", "-F", "/dev/sdx"], "the run's label"),
            (["mkfs.ext4", "-F", "-L", "other", "/dev/sdx"], "the run's label"),
            (["mkfs.ext4", "-F", "-L", "@{label}", "-L", "x", "/dev/sdx"], "the run's label"),
            (["mkfs.xfs", "-f", "-L", "@{label}", "/dev/sdy"], "/dev/sdy is not a device of the plan's destroys list"),
            (["mkfs.xfs", "-f", "-L", "@{label}", "-l", "logdev=/dev/sdy", "/dev/sdx"], "/dev/sdy is a device not in"),
            (["mkfs.vfat", "/dev/sdx"], "never part of a plan"),
            (["tune2fs", "-O", "^has_journal", "/dev/sdx"], "never part of a plan"),
        ])
    func hostileMkfs(_ argv: [String], _ expected: String) {
        let plan = Self.plan(setup: [Step(.setup, argv: argv)] + Self.plan().groups[0].cells[0].steps.dropFirst().prefix(1))
        let reasons = Self.reasons(plan)
        #expect(reasons.contains { $0.contains(expected) }, "\(argv): \(reasons)")
    }

    @Test(
        "hostile mounts and unmounts are refused",
        arguments: [
            (["mount", "--mkdir", "/dev/sdy", mountpoint], "/dev/sdy is not a device of the plan's destroys list"),
            (["mount", "-o", "bind", "/dev/sdx", mountpoint], "mount option bind"),
            (["mount", "-o", "remount,rw", "/dev/sdx", mountpoint], "mount option remount"),
            (["mount", "/dev/sdx", "/etc"], "mount at /etc recorded as"),
            (["mount", "--move", "/dev/sdx", mountpoint], "not a mount iosweep plans"),
        ])
    func hostileMount(_ argv: [String], _ expected: String) {
        let plan = Self.plan(setup: [
            Step(.setup, argv: ["mkfs.ext4", "-F", "-L", "@{label}", "/dev/sdx"]),
            Step(.setup, argv: argv, resource: .filesystem(Self.mountpoint)),
        ])
        let reasons = Self.reasons(plan)
        #expect(reasons.contains { $0.contains(expected) }, "\(argv): \(reasons)")
    }

    @Test("mount points that are system directories or leave the results directory are refused")
    func systemMountpoints() {
        for (mountpoint, expected) in [
            ("/etc", "is a system directory"), ("/usr/local", "is a system directory"), ("/", "is not a plain absolute path"),
            ("@{results}/../x", "is not a plain absolute path"), ("relative", "is not a plain absolute path"),
        ] {
            let plan = Self.plan(
                setup: [
                    Step(.setup, argv: ["mkfs.ext4", "-F", "-L", "@{label}", "/dev/sdx"]),
                    Step(.setup, argv: ["mount", "/dev/sdx", mountpoint], resource: .filesystem(mountpoint)),
                ], teardown: [Step(.teardown, argv: ["umount", mountpoint], resource: .filesystem(mountpoint))])
            let reasons = Self.reasons(plan)
            #expect(reasons.contains { $0.contains(expected) }, "\(mountpoint): \(reasons)")
        }
    }

    @Test("mount, umount and btrfs anywhere else are refused: a hook, a foreign unmount, a btrfs device add")
    func strayCommands() {
        let hook = Self.reasons(Self.plan(hooks: [Step(.hook, argv: ["umount", "/home"])]))
        #expect(hook.contains { $0.contains("umount only as the teardown of a mount point the plan mounts") }, "\(hook)")
        let foreign = Self.reasons(Self.plan(teardown: [Step(.teardown, argv: ["umount", "/home"], resource: .filesystem("/home"))]))
        #expect(foreign.contains { $0.contains("umount only as the teardown") }, "\(foreign)")
        let btrfs = Self.reasons(Self.plan(hooks: [Step(.hook, argv: ["btrfs", "device", "add", "/dev/sdx", Self.mountpoint])]))
        #expect(btrfs.contains { $0.contains("btrfs device add is never part of a plan") }, "\(btrfs)")
        let wrapped = Self.reasons(Self.plan(hooks: [Step(.hook, argv: ["sh", "-c", "umount -l /"])]))
        #expect(wrapped.contains { $0.contains("runs umount where iosweep cannot check it") }, "\(wrapped)")
        let mkfsAsMount = Self.reasons(
            Self.plan(setup: [Step(.setup, argv: ["mkfs.ext4", "-L", "@{label}", "/dev/sdx"], resource: .filesystem(Self.mountpoint))]))
        #expect(mkfsAsMount.contains { $0.contains("a setup step of a file system must be mount") }, "\(mkfsAsMount)")
    }
}
