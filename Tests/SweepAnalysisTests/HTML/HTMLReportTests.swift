import Foundation
import SweepRecords
import Testing
@testable import SweepAnalysis

@Suite struct HTMLReportTests {
    private func page() -> HTMLReport {
        let chart = LineChart(
            title: "write.iops", x: ChartAxis(title: "numjobs", scale: .log2, ticks: .dataValues), y: ChartAxis(title: "iops"),
            series: [ChartSeries(name: "1", points: [.init(x: 1, y: 10), .init(x: 2, y: 20)])])
        return HTMLReport(
            title: "zil <sync> & writes", subtitle: "2 cells",
            sections: [
                .init("Experiment", [.paragraph("8k O_SYNC <writes>"), .facts([.init("numjobs", "1, 2")])]),
                .init(
                    "Verdicts",
                    [
                        .table(
                            HTMLTable(
                                caption: "write.iops", header: ["numjobs", "1"],
                                rows: [
                                    [.init("1"), .init("+12.0 % improved", isNumeric: true, tone: .improved, detail: "95 % CI [4, 20]")]
                                ]))
                    ]),
                .init("Charts", [.figure(svg: chart.svg(), caption: "IOPS")]),
            ],
            footer: "iosweep 0.1.0")
    }

    @Test func pageIsSelfContainedAndEscaped() {
        let html = page().html()
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(html.contains("<title>zil &lt;sync&gt; &amp; writes</title>"))
        #expect(html.contains("<p>8k O_SYNC &lt;writes&gt;</p>"))
        #expect(html.contains("<style>"))
        #expect(!html.contains("<script"))
        #expect(
            !html.contains("http://") || !html.replacingOccurrences(of: "http://www.w3.org/2000/svg", with: "").contains("http://"),
            "no external resources")
        #expect(html.contains("<td class=\"num improved\" title=\"95 % CI [4, 20]\">+12.0 % improved</td>"))
        #expect(html.components(separatedBy: "<svg ").count == 2)
        #expect(html.contains("<nav>"))
    }

    @Test func sameReportSameBytes() {
        #expect(page().html() == page().html())
    }

    @Test func runInfoIsReadTolerantly() throws {
        let json = """
            {"schemaVersion": 1, "runID": "r-1", "toolVersion": "0.1.0", "experimentName": "zil",
             "experiment": {"name": "zil", "description": "8k writes",
                            "matrix": {"axes": [{"name": "ndisks", "values": [1, 2]}, {"name": "media", "values": ["hdd", "ssd"]}],
                                       "repeat": {"count": 3}}, "unknown": true},
             "host": {"kernel": "6.1.0", "hostname": "lab1", "cpuCount": 2, "memoryBytes": 4294967296, "zfsVersion": null,
                      "extra": [1, "a"]},
             "somethingNew": {"x": 1}}
            """
        let info = try RunInfo(json: Data(json.utf8))
        #expect(info.experimentName == "zil")
        #expect(info.description == "8k writes")
        #expect(info.axes == [.init(name: "ndisks", values: ["1", "2"]), .init(name: "media", values: ["hdd", "ssd"])])
        #expect(info.repeatCount == 3)
        #expect(info.toolVersion == "0.1.0")
        #expect(info.host.map(\.name) == ["host", "kernel", "CPUs", "memory", "extra"])
        #expect(info.host.map(\.value) == ["lab1", "6.1.0", "2", "4 GiB", "[1, a]"])
        let bare = try RunInfo(json: Data("{\"host\": 5}".utf8))
        #expect(bare.experimentName == nil && bare.host.isEmpty)
        #expect(throws: (any Error).self) { try RunInfo(json: Data("[1]".utf8)) }
    }

    @Test func runInfoFileErrorsNameThePath() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("runinfo-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        #expect(try RunInfo.load(directory: directory) == nil)
        try Data("{truncated".utf8).write(to: URL(fileURLWithPath: directory + "/iosweep-run.json"))
        do {
            _ = try RunInfo.load(directory: directory)
            Issue.record("a corrupt manifest must throw")
        } catch {
            // `load` throws ResultFileError only.
            #expect(error.description.contains(directory + "/iosweep-run.json"))
        }
    }
}
