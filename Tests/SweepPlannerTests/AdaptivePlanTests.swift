import Foundation
import SweepModel
import SweepPlanner
import Testing

/// The planner stays a pure function for adaptive studies: it expands the full grid, attaches the rules, shows them
/// in words, and puts them in the fingerprints of the cells they govern only.
@Suite struct AdaptivePlanTests {
    static func seed(_ stop: StopRule?) throws -> Experiment {
        var seed = try Fixtures.seed
        seed.matrix.stop = stop
        return seed
    }

    static func gain(_ percent: String, for consecutive: Int = 2) -> StopRule {
        .gainBelow(Quantity(parsing: percent)!, axis: "numjobs", metric: "write.iops", for: consecutive)
    }

    private func fingerprints(_ experiment: Experiment) throws -> [String: String] {
        Dictionary(uniqueKeysWithValues: try Fixtures.planSeed(experiment).cells.map { ($0.id, $0.fingerprint) })
    }

    @Test("changing a threshold changes the fingerprints of the cells the rule governs and no others")
    func thresholdFingerprints() throws {
        let grid = try fingerprints(try Self.seed(nil))
        let five = try fingerprints(try Self.seed(Self.gain("5%")))
        let ten = try fingerprints(try Self.seed(Self.gain("10%")))
        let longer = try fingerprints(try Self.seed(Self.gain("5%", for: 3)))
        #expect(grid.count == 33 && five.count == 33)
        let first = grid.keys.filter { $0.hasSuffix("numjobs=1") }
        #expect(first.count == 3, "\(first)")
        for id in grid.keys {
            if first.contains(id) {
                #expect(five[id] == grid[id] && ten[id] == grid[id] && longer[id] == grid[id], "\(id): the first value always runs")
            } else {
                #expect(five[id] != grid[id] && ten[id] != five[id] && longer[id] != five[id], "\(id) is governed")
            }
        }
        #expect(try fingerprints(try Self.seed(Self.gain("5%"))) == five, "the same rule, the same fingerprints")
        let same = StopRule.gainBelow(Quantity(parsing: "5.0%")!, axis: "numjobs", metric: "write.iops", for: 2)
        #expect(try fingerprints(try Self.seed(same)) == five, "5.0% is 5%")
    }

    @Test("the plan is the full grid with the rules attached: in words in text, in JSON, and decoded back")
    func renderings() throws {
        let plan = try Fixtures.planSeed(try Self.seed(Self.gain("5%")))
        let gridPlan = try Fixtures.planSeed(try Self.seed(nil))
        #expect(plan.cells.map(\.id) == gridPlan.cells.map(\.id))
        #expect(plan.cells.map(\.steps) == gridPlan.cells.map(\.steps))
        #expect(plan.rules?.stopValues.count == 11)
        let text = TextRenderer().render(plan)
        #expect(
            text.contains(
                "rule: stop: along numjobs (1, 2, 4, 8, …), for each combination of the other axes, the rest of the axis is skipped once write.iops gains less than 5% over the best so far for 2 values in a row"
            ), "\(text.prefix(600))")
        #expect(!TextRenderer().render(gridPlan).contains("rule:"))
        let json = JSONRenderer().render(plan)
        #expect(
            json.contains(
                #""rules": {"stop":{"axis":"numjobs","condition":"gain-below","consecutive":2,"metric":"write.iops","threshold":"5%"}"#))
        #expect(!JSONRenderer().render(gridPlan).contains("\"rules\""))
        let decoded = try JSONDecoder().decode(Plan.self, from: Data(json.utf8))
        #expect(decoded == plan)
    }

    @Test("a latency limit reads in words with its metric and limit")
    func latencyWords() throws {
        let stop = StopRule.latencyAbove(Quantity(parsing: "10ms")!, axis: "numjobs", metric: "write.clat.p99")
        let plan = try Fixtures.planSeed(try Self.seed(stop))
        #expect(
            TextRenderer().render(plan).contains("skipped once write.clat.p99 is above 10ms (decided by `iosweep run`"),
            "\(TextRenderer().render(plan).prefix(600))")
    }
}
