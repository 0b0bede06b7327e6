import Foundation
import SweepModel
import Testing

/// The search's bisection on synthetic ladders: the probes it chooses, their number, and the answer.
@Suite struct LadderSearchTests {
    /// Runs the search against a limit: rungs at or below `limit` are feasible. Returns the probes and the answer.
    static func search(_ rungs: [Double], limit: Double) -> (probes: [Double], answer: LadderSearch.Step) {
        var results: [Int: Bool] = [:]
        var probes: [Double] = []
        for _ in 0..<100 {
            switch LadderSearch.next(count: rungs.count, feasible: results) {
            case .probe(let index):
                #expect(results[index] == nil, "never probes a rung twice")
                probes.append(rungs[index])
                results[index] = rungs[index] <= limit
            case let answer:
                return (probes, answer)
            }
        }
        Issue.record("no answer in 100 steps")
        return (probes, .answer(feasible: nil, infeasible: nil))
    }

    @Test("rate_iops 500..100000 at 5 %: about 110 rungs a factor ≤ 1.05 apart, whole numbers, both ends included")
    func rungs() {
        let rungs = LadderSearch.rungs(from: 500, to: 100_000, tolerance: 0.05, integral: true)
        #expect(rungs.first == 500 && rungs.last == 100_000)
        #expect((109...112).contains(rungs.count), "\(rungs.count)")
        #expect(zip(rungs, rungs.dropFirst()).allSatisfy { $1 > $0 && $1 / $0 <= 1.05 }, "ascending, within the tolerance")
        #expect(rungs.allSatisfy { $0 == $0.rounded() }, "whole numbers")
        #expect(LadderSearch.rungs(from: 0, to: 10, tolerance: 0.05, integral: false).isEmpty)
        #expect(LadderSearch.rungs(from: 10, to: 10, tolerance: 0.05, integral: false).isEmpty)
        #expect(LadderSearch.rungs(from: 1, to: 1e300, tolerance: 1e-9, integral: false, limit: 50).count == 50, "bounded")
        #expect(LadderSearch.rungs(from: 1, to: 3, tolerance: 0.05, integral: true) == [1, 2, 3], "deduplicated")
    }

    @Test("every limit on the ladder is found within the tolerance, in at most 2 + ⌈log₂(n − 1)⌉ probes")
    func findsTheLimit() {
        let rungs = LadderSearch.rungs(from: 500, to: 100_000, tolerance: 0.05, integral: true)
        let bound = 2 + Int(log2(Double(rungs.count - 1)).rounded(.up))
        for limit in [500.0, 501, 800, 1234, 5000, 99_999] {
            let (probes, answer) = Self.search(rungs, limit: limit)
            #expect(probes.count <= bound, "\(limit): \(probes.count) probes > \(bound): \(probes)")
            guard case .answer(let feasible?, let infeasible?) = answer else {
                Issue.record("\(limit): \(answer)")
                continue
            }
            #expect(rungs[feasible] <= limit && rungs[infeasible] > limit && infeasible == feasible + 1, "\(limit): \(answer)")
            #expect(limit / rungs[feasible] <= 1.05, "\(limit): \(rungs[feasible]) within 5 %")
        }
    }

    @Test("nothing feasible, everything feasible, one rung")
    func edges() {
        let rungs: [Double] = [1, 2, 4, 8]
        #expect(Self.search(rungs, limit: 0.5).answer == .answer(feasible: nil, infeasible: 0))
        #expect(Self.search(rungs, limit: 0.5).probes == [1])
        #expect(Self.search(rungs, limit: 100).answer == .answer(feasible: 3, infeasible: nil))
        #expect(Self.search(rungs, limit: 100).probes == [1, 8])
        #expect(Self.search([5], limit: 10).answer == .answer(feasible: 0, infeasible: nil))
        #expect(LadderSearch.next(count: 0, feasible: [:]) == .answer(feasible: nil, infeasible: nil))
    }

    @Test("results that are not monotone still end: the lowest infeasible rung bounds the answer")
    func notMonotone() {
        let step = LadderSearch.next(count: 5, feasible: [0: true, 4: false, 2: false, 3: true])
        #expect(step == .probe(1))
        #expect(
            LadderSearch.next(count: 5, feasible: [0: true, 4: false, 2: false, 3: true, 1: true]) == .answer(feasible: 1, infeasible: 2))
    }
}
