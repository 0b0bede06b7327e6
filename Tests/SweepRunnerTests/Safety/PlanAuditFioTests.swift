import SweepPlanner
import Testing

@testable import SweepRunner

/// The plan audit on fio workloads: naming a block device outside `destroys` is refused unless the run only
/// reads, judged from the step's own `--rw=` / `--readwrite=` and the plan's frozen job file.
@Suite struct PlanAuditFioTests {
    /// A one-cell plan whose workload is `fio ARGUMENTS`, with a frozen job file `job.fio` of `job`.
    static func plan(_ arguments: [String], job: String, destroys: [String] = []) -> Plan {
        let cell = Cell(
            id: "c", values: [:], resultPath: "c", fingerprint: "f", estimatedSeconds: 1,
            steps: [Step(.workload, argv: ["fio"] + arguments + ["@{files}/job.fio"]), Step(.publish, argv: [])])
        return Plan(
            experiment: "e", fingerprint: "f", scratch: [], destroys: destroys, files: [PlanFile(name: "job.fio", content: job)],
            setup: [], teardown: [], groups: [CellGroup(key: "c", setup: [], teardown: [], cells: [cell])])
    }

    /// Every path is a block device here: what is checked is the judgement, not the machine.
    static func reasons(_ plan: Plan) -> [String] {
        PlanAudit.refusals(plan, isBlockDevice: { $0.hasPrefix("/dev/") }).map(\.reason)
    }

    @Test(arguments: [
        (["--filename=/dev/sdx", "--rw=randread"], "[j]\n", true),
        (["--filename=/dev/sdx"], "[j]\nrw=read:4k\n", true),
        (["--filename=/dev/sdx"], "[j]\n", true),
        (["--filename=/dev/sdx", "--rw=randread"], "[j]\nrw=randwrite\n", false),
        (["--filename=/dev/sdx", "--readwrite=randrw"], "[j]\n", false),
        (["--filename=/dev/sdx", "--rw=trim"], "[j]\n", false),
        (["--filename=/dev/sdx", "--rw", "write"], "[j]\n", false),
        (["--filename=/dev/sdx", "--rw=${weird}"], "[j]\n", false),
    ])
    func readingFioMayNameAnyDevice(_ arguments: [String], _ job: String, _ allowed: Bool) {
        let reasons = Self.reasons(Self.plan(arguments, job: job))
        #expect(reasons.isEmpty == allowed, "\(arguments) \(job): \(reasons)")
        if !allowed { #expect(reasons.contains { $0.contains("/dev/sdx is a device not in the plan's destroys list") }) }
        #expect(Self.reasons(Self.plan(arguments, job: job, destroys: ["/dev/sdx"])).isEmpty, "a declared device may be written")
    }

    @Test("a job file that is not the plan's own is not read: its fio counts as writing")
    func foreignJobFile() {
        var plan = Self.plan(["--filename=/dev/sdx", "--rw=read"], job: "[j]\n")
        plan.groups[0].cells[0].steps[0].argv[3] = "/tmp/other.fio"
        #expect(!Self.reasons(plan).isEmpty)
    }
}
