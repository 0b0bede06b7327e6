import SweepAnalysis
import SweepModel
import Testing

/// The stop rule's walk on synthetic series: where it stops, the knee it names, and what does not stop it.
@Suite struct AxisStopTests {
    static let numjobs: [Value] = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024].map { .int($0) }

    static func points(_ metrics: [Double?]) -> [AxisStop.Point] {
        zip(numjobs, metrics).map { AxisStop.Point(value: $0, metric: $1) }
    }

    static let gain = AxisStop(
        axis: "numjobs", metric: "write.iops", direction: .higherIsBetter, condition: .gainBelow(percent: 5), consecutive: 2)

    @Test("gain-below 5% for 2: stops after the second value in a row that gains less, naming the knee and both gains")
    func saturation() {
        let stop = Self.gain.stop(Self.points([100, 200, 400, 800, 1500, 2600, 4000, 5000, 5060, 5100, 5000]))
        #expect(stop == AxisStop.Stop(index: 9, at: .int(128), reason: "saturated at numjobs=128 (+1.2 %, +0.8 %)"))
    }

    @Test("one value below the gain, then a gain again, resets the streak; a plateau never reached never stops")
    func streakResets() {
        #expect(Self.gain.stop(Self.points([100, 102, 300, 302, 700, 1400])) == nil)
        let late = Self.gain.stop(Self.points([100, 102, 300, 302, 301]))
        #expect(late?.index == 4 && late?.at == .int(4), "\(String(describing: late))")
    }

    @Test("a value without results (not run, failed) neither counts nor breaks a streak")
    func missingValues() {
        let stop = Self.gain.stop(Self.points([100, 200, 201, nil, 202]))
        #expect(stop?.index == 4 && stop?.at == .int(2), "\(String(describing: stop))")
        #expect(Self.gain.stop(Self.points([nil, nil, nil])) == nil)
        #expect(Self.gain.stop(Self.points([100, .nan, .infinity, 101])) == nil, "non-finite values are not results")
    }

    @Test("for a latency, lower is better: a latency that stops falling by 5 % counts")
    func lowerIsBetter() {
        let rule = AxisStop(
            axis: "iodepth", metric: "write.lat.mean", direction: .lowerIsBetter, condition: .gainBelow(percent: 5), consecutive: 1)
        let stop = rule.stop(Self.points([1000, 500, 490]))
        #expect(stop == AxisStop.Stop(index: 2, at: .int(2), reason: "saturated at iodepth=2 (+2.0 %)"))
    }

    @Test("latency-above 10ms for 2: the first two values above the limit in a row stop the axis")
    func latencyAbove() {
        let rule = AxisStop(
            axis: "numjobs", metric: "write.clat.p99", direction: .lowerIsBetter,
            condition: .above(limit: 10_000_000, limitText: "10ms"), consecutive: 2, format: { "\($0 / 1e6)ms" })
        let stop = rule.stop(Self.points([1e6, 2e6, 11e6, 9e6, 12e6, 30e6, 40e6]))
        #expect(stop == AxisStop.Stop(index: 5, at: .int(16), reason: "write.clat.p99 above 10ms from numjobs=16 (12.0ms, 30.0ms)"))
    }

    @Test("a zero best gains everything from more and nothing from zero")
    func zeroReference() {
        let stop = Self.gain.stop(Self.points([0, 0, 0]))
        #expect(stop?.index == 2 && stop?.reason == "saturated at numjobs=1 (+0.0 %, +0.0 %)", "\(String(describing: stop))")
        #expect(Self.gain.stop(Self.points([0, 10, 20])) == nil)
    }
}

@Suite struct ConfidenceHalfWidthTests {
    @Test("the 95 % half-width relative to the mean: t(0.975, n − 1) · s / √n / |mean|")
    func halfWidth() throws {
        // 100, 102, 98: mean 100, s = 2, t(0.975, 2) = 4.3027 → 4.3027 · 2 / √3 / 100 = 4.968 %.
        let summary = try #require(SampleSummary([100, 102, 98]))
        let width = try #require(summary.relativeHalfWidth())
        #expect(abs(width - 0.049683) < 1e-5, "\(width)")
        #expect(SampleSummary([5])?.relativeHalfWidth() == nil, "one value has no interval")
        #expect(SampleSummary([0, 0])?.relativeHalfWidth() == nil, "a zero mean has no relative width")
        #expect(SampleSummary([800, 800, 800])?.relativeHalfWidth() == 0)
    }
}

/// The SNIA PTS steady-state test on series the test controls.
@Suite struct SteadyWindowTests {
    let test = SteadyWindow(size: 5, range: 0.20, slope: 0.10)

    @Test("a warm-up then a plateau: steady at the first window of 5 inside the plateau")
    func plateau() {
        let rounds: [Double] = [300, 500, 700, 780, 800, 805, 798, 802, 799, 801]
        // Windows ending at 5…: [300…800] range 500/616 no; [500…805] no; [700…798] range 105/777 = 13.5 %, slope
        // × 5 = 14.7 % no; [780…802] range 2.8 %, slope 1.2 % yes → the end index 8.
        #expect(test.firstSteadyEnd(rounds) == 8)
        let measured = test.measure([780, 800, 805, 798, 802])
        #expect(measured.map { abs($0.range - 25 / 797) < 1e-9 } == true)
    }

    @Test("a steady ramp fails the slope criterion though its range passes")
    func ramp() {
        // +3 % per round: range 12 % of the mean (passes 20 %), slope × 5 = 15 % (fails 10 %).
        let rounds = (0..<10).map { 1000 * (1 + 0.03 * Double($0)) }
        #expect(test.firstSteadyEnd(rounds) == nil)
        #expect(SteadyWindow(size: 5, range: 0.20, slope: 0.20).firstSteadyEnd(rounds) == 5)
    }

    @Test("noise that swings wider than the range is never steady; too few rounds are not yet")
    func noisy() {
        #expect(test.firstSteadyEnd([100, 150, 90, 160, 80, 170, 95, 140]) == nil)
        #expect(test.firstSteadyEnd([800, 800, 800, 800]) == nil, "fewer rounds than the window")
        #expect(test.firstSteadyEnd([800, 800, 800, 800, 800]) == 5)
        #expect(test.measure([0, 0, 0]) == nil, "a zero mean")
    }
}
