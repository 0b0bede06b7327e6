import SweepModel
import Testing
@testable import SweepAnalysis

@Suite struct ComparisonTests {
    /// A table of `values[numjobs]` = the repeats of one cell, on a `branch` side axis and a `repeat` axis.
    private func table(branch: String, _ values: [Int: [Double]], metrics: [Metric]) -> ResultTable {
        var records: [ResultRecord] = []
        for (numjobs, repeats) in values.sorted(by: { $0.key < $1.key }) {
            for (index, value) in repeats.enumerated() {
                let axes = Settings([
                    .init(name: "branch", value: .string(branch)), .init(name: "numjobs", value: .int(numjobs)),
                    .init(name: "repeat", value: .int(index + 1)),
                ])
                records.append(
                    ResultRecord(
                        cellID: "\(branch)-\(numjobs)-\(index)", cellPath: "\(branch)/\(numjobs)/\(index)", axes: axes,
                        values: metrics.map { _ in MetricValue(value) }, sources: []))
            }
        }
        return ResultTable(axes: ["branch", "numjobs", "repeat"], metrics: metrics, records: records)
    }

    @Test func repeatsGiveVerdictsByDirection() throws {
        let iops = try Metric(parsing: "write.iops"), latency = try Metric(parsing: "write.lat.mean")
        let base = table(
            branch: "master", [1: [100, 102, 98, 101, 99], 2: [200, 204, 196, 202, 198], 4: [400, 380, 420, 390, 410]],
            metrics: [iops, latency])
        let new = table(
            branch: "project", [1: [110, 112, 108, 111, 109.5], 2: [170, 168, 172, 171, 169], 4: [395, 415, 385, 405, 400]],
            metrics: [iops, latency])
        let comparison = Comparison(base: [base], new: [new])
        #expect(comparison.axes == ["numjobs"])
        #expect(comparison.sideAxes == [.init(name: "branch", base: .string("master"), new: .string("project"))])
        #expect(comparison.hasRepeats)
        let verdicts = comparison.cells.map { cell in cell.changes.map { $0?.verdict } }
        #expect(verdicts == [[.improved, .regressed], [.regressed, .improved], [.noSignificantChange, .noSignificantChange]])
        let first = try #require(comparison.cells[0].changes[0])
        #expect(abs(first.estimate.percentChange - 10.1) < 1e-12)
        #expect(first.estimate.method == .fieller)
    }

    @Test("a single-value change below the threshold is within threshold; with repeats the interval decides")
    func thresholdJudgesSingleValuesOnly() throws {
        let iops = try Metric(parsing: "write.iops")
        let base = table(branch: "master", [1: [1000], 2: [1000], 4: [1000]], metrics: [iops])
        let new = table(branch: "project", [1: [996.9], 2: [950], 4: [1049]], metrics: [iops])
        let judged = Comparison(base: [base], new: [new])
        #expect(judged.cells.map { $0.changes[0]?.verdict } == [.withinThreshold, .regressed, .withinThreshold])
        #expect(
            judged.methodDescription
                == "single values per side: no test, changes below 5 % are within threshold, the sign decides the others")
        let bySign = Comparison(base: [base], new: [new], options: .init(threshold: 0))
        #expect(bySign.cells.map { $0.changes[0]?.verdict } == [.regressed, .regressed, .improved])
        #expect(bySign.methodDescription == "single values per side: no test, the sign decides")
        let repeated = Comparison(
            base: [table(branch: "master", [1: [1000, 1001, 999, 1000.5, 999.5]], metrics: [iops])],
            new: [table(branch: "project", [1: [990, 991, 989, 990.5, 989.5]], metrics: [iops])])
        #expect(repeated.cells[0].changes[0]?.verdict == .regressed)
    }

    @Test("a metric that does not apply to a per-device row is not missing; one absent on a side is")
    func notApplicableIsNotMissing() throws {
        let wa = try Metric(parsing: "vmstat.wa"), iowait = try Metric(parsing: "mpstat.%iowait")
        func side(_ branch: String, vmstat: Double?) -> ResultTable {
            let records = ["0", "all"].map { device in
                ResultRecord(
                    cellID: "\(branch)-\(device)", cellPath: "\(branch)/c",
                    axes: Settings([
                        .init(name: "branch", value: .string(branch)), .init(name: "device", value: .string(device)),
                    ]),
                    values: [device == "all" ? vmstat.map { MetricValue($0) } : nil, MetricValue(device == "all" ? 20 : 30)],
                    sources: [], notApplicable: device == "all" ? [] : [0])
            }
            return ResultTable(axes: ["branch", "device"], metrics: [wa, iowait], records: records)
        }
        let complete = Comparison(base: [side("master", vmstat: 10)], new: [side("project", vmstat: 12)])
        #expect(complete.cells.map(\.notApplicable) == [[0], []])
        #expect(complete.cells[0].changes[0] == nil)
        #expect(!complete.hasMissingValues)
        let lacking = Comparison(base: [side("master", vmstat: 10)], new: [side("project", vmstat: nil)])
        #expect(lacking.hasMissingValues)
    }

    @Test func anUnboundedIntervalIsWrittenAsSuchAndInconclusive() throws {
        // numjobs 1: a baseline mean not distinguishable from 0 (Fieller's g ≥ 1); numjobs 2: a noisy baseline.
        let iops = try Metric(parsing: "write.iops")
        let comparison = Comparison(
            base: [table(branch: "master", [1: [5, 40, 2, 60], 2: [820, 1450, 1010, 1290, 760]], metrics: [iops])],
            new: [table(branch: "project", [1: [30, 32, 31, 29], 2: [1500, 1540, 1470, 1525, 1490]], metrics: [iops])])
        let unbounded = try #require(comparison.cells[0].changes[0])
        #expect(unbounded.verdict == .inconclusive)
        #expect(Comparison.changeText(unbounded) == "+14.02 % [unbounded] inconclusive (noisy)")
        let bounded = try #require(comparison.cells[1].changes[0])
        #expect(Comparison.changeText(bounded) == "+41.18 % [+4.80, +115.9] improved (noisy)")
        let grid = comparison.grid(showValues: false)
        #expect(
            grid.header == [
                "numjobs", "write.iops change %", "write.iops ci low %", "write.iops ci high %", "write.iops p",
                "write.iops verdict",
            ])
        #expect(grid.rows[0][2] == .text("unbounded") && grid.rows[0][3] == .text("unbounded"))
        #expect(grid.rows[0][5] == .text("inconclusive (noisy)"))
        #expect(grid.rows[1][2] == .number(try #require(bounded.estimate.interval).lowerBound))
        #expect(grid.caption?.contains("Fieller's theorem") == true)
        #expect(grid.caption?.contains("unbounded: the baseline mean is not distinguishable from 0") == true)
    }

    @Test func pivotOfChangesWithWording() throws {
        let iops = try Metric(parsing: "write.iops")
        let comparison = Comparison(
            base: [table(branch: "master", [1: [100], 2: [200]], metrics: [iops])],
            new: [table(branch: "project", [1: [150], 2: [100]], metrics: [iops])])
        let grid = try comparison.pivotGrid(metric: 0, rows: "numjobs", columns: "numjobs", content: .change, wording: false)
        #expect(grid.header == ["numjobs", "1", "2"])
        #expect(grid.rows[0][1] == .number(50))
        #expect(grid.rows[1][2] == .number(-50))
        #expect(grid.rows[0][2] == .empty)
        let worded = try comparison.pivotGrid(metric: 0, rows: "numjobs", columns: "numjobs", content: .change, wording: true)
        #expect(worded.rows[0][1] == .text("+50 % improved"))
        #expect(worded.rows[1][2] == .text("-50 % regressed"))
    }

    @Test func cellsOnOneSideAreWarnedAndMissing() throws {
        let iops = try Metric(parsing: "write.iops")
        let comparison = Comparison(
            base: [table(branch: "master", [1: [100], 2: [200]], metrics: [iops])],
            new: [table(branch: "project", [1: [150]], metrics: [iops])])
        #expect(comparison.hasMissingValues)
        #expect(comparison.warnings.contains { $0.message.contains("only in the baseline") && $0.files == ["master/2/0"] })
    }

    @Test func repeatSummaryFlagsNoisyCells() throws {
        let iops = try Metric(parsing: "write.iops")
        let summary = RepeatSummary(table(branch: "master", [1: [100, 101, 99], 2: [100, 160, 60]], metrics: [iops]))
        #expect(summary.table.axes == ["branch", "numjobs"])
        #expect(summary.table.records.map { $0.values[0]?.value } == [100, 320.0 / 3])
        #expect(!summary.isNoisy(record: 0, metric: 0))
        #expect(summary.isNoisy(record: 1, metric: 0))
        #expect(summary.noiseWarnings.first?.files == ["master/2/0"])
        #expect(summary.grid.header.last == "noisy")
        #expect(summary.grid.rows[1].last == .text("write.iops"))
    }

    @Test func chartAxesPreferNumjobsAndDoublingGoesLog2() {
        let values: [String: [Value]] = [
            "media": [.string("hdd"), .string("ssd")], "disks": [.int(1), .int(2), .int(4), .int(8)],
            "numjobs": [1, 2, 4, 8, 16].map(Value.int), "rate": [.string("max")],
        ]
        let choice = ChartAxesChoice.choose(axes: ["rate", "disks", "media", "numjobs"], values: { values[$0] ?? [] })
        #expect(choice == ChartAxesChoice(x: "numjobs", series: "disks", facets: ["media"]))
        #expect(ResultCharts.xAxis("numjobs", values: values["numjobs"] ?? []).axis.scale == .log2)
        #expect(ResultCharts.xAxis("media", values: values["media"] ?? []).axis.scale == .linear)
    }
}
