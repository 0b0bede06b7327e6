import SweepModel
import SweepPlanner
import Testing

@Suite("Fingerprints")
struct FingerprintTests {
    private func fingerprints(_ experiment: Experiment) throws -> [String: String] {
        let plan = try Fixtures.planSeed(experiment)
        return Dictionary(uniqueKeysWithValues: plan.cells.map { ($0.id, $0.fingerprint) })
    }

    @Test("Changing the runtime changes every fingerprint")
    func runtime() throws {
        var changed = try Fixtures.seed
        guard case .fio(var fio) = changed.workload else { Issue.record("seed is fio"); return }
        fio.runtime = 30
        changed.workload = .fio(fio)
        let before = try fingerprints(try Fixtures.seed)
        let after = try fingerprints(changed)
        #expect(before.keys.sorted() == after.keys.sorted())
        #expect(before.allSatisfy { after[$0.key] != $0.value })
    }

    @Test("Adding a numjobs value changes none of the existing fingerprints")
    func addValue() throws {
        var larger = try Fixtures.seed
        larger.matrix.axes[1].values.append(2048)
        let before = try fingerprints(try Fixtures.seed)
        let after = try fingerprints(larger)
        #expect(after.count == before.count + 3)
        #expect(before.allSatisfy { after[$0.key] == $0.value })
    }

    @Test("Order, --only and the recreate of other cells do not change a fingerprint; the job file does")
    func stability() throws {
        let base = try fingerprints(try Fixtures.seed)
        var shuffled = try Fixtures.seed
        shuffled.matrix.order = .shuffle
        shuffled.matrix.seed = 7
        #expect(try fingerprints(shuffled) == base)
        let one = try Fixtures.planSeed(only: [("numjobs", "32")])
        #expect(one.cells.allSatisfy { base[$0.id] == $0.fingerprint })

        var inline = try Fixtures.seed
        inline.workload = .fio(Fio(job: "[w]\nrw=write\n", directory: "/tank/dozer", numjobs: "${numjobs}", size: "1M", runtime: 60))
        var inline2 = inline
        inline2.workload = .fio(Fio(job: "[w]\nrw=randwrite\n", directory: "/tank/dozer", numjobs: "${numjobs}", size: "1M", runtime: 60))
        let a = try fingerprints(inline), b = try fingerprints(inline2)
        #expect(a.allSatisfy { b[$0.key] != $0.value })
    }

    @Test("Repeats of one combination have distinct fingerprints; fingerprints are 64 hex digits")
    func repeats() throws {
        var experiment = Fixtures.small()
        experiment.matrix.repeat = Repeat(count: 3)
        experiment.results = "${ndisks}/${numjobs}/${repeat}"
        let plan = try Planner(baseDirectory: "/").plan(experiment)
        #expect(Set(plan.cells.map(\.fingerprint)).count == plan.cells.count)
        #expect(plan.cells.allSatisfy { $0.fingerprint.count == 64 && $0.fingerprint.allSatisfy(\.isHexDigit) })
        #expect(plan.fingerprint.count == 64)
    }
}
