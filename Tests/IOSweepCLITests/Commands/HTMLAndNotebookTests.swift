import ArgumentParser
import Foundation
#if canImport(FoundationXML)
    import FoundationXML
#endif
@testable import IOSweepCLI
import Testing

/// HTML reports rendered in a real browser, SVG charts parsed as XML, notebooks validated and executed by Jupyter.
@Suite("HTML, charts and notebooks", .serialized)
struct HTMLAndNotebookTests {
    static var run: String { TestEnvironment.fixtures + "/run-small" }

    /// Checks a rendered page is not blank: many colours (chart lines, table tones, text) and enough ink.
    static func expectNotBlank(_ png: String) throws {
        let size = try #require(try FileManager.default.attributesOfItem(atPath: png)[.size] as? Int)
        #expect(size > 30_000, "\(png) is only \(size) bytes")
        if let stats = try TestEnvironment.pixelStatistics(png) {
            #expect(stats.colors > 200, "\(png) has only \(stats.colors) colours")
            #expect(stats.inkFraction > 0.02, "\(png) is almost white (\(stats.inkFraction))")
        } else {
            print("note: pixel check skipped: .venv/bin/python with Pillow not found (run Scripts/bootstrap.sh)")
        }
    }

    /// Every inline `<svg>…</svg>` of a page.
    static func inlineSVGs(_ html: String) -> [String] {
        html.components(separatedBy: "<svg ").dropFirst().compactMap { part in
            part.range(of: "</svg>").map { "<svg " + part[..<$0.upperBound] }
        }
    }

    static func expectWellFormed(_ svg: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(throws: Never.self, sourceLocation: sourceLocation) { _ = try XMLDocument(xmlString: svg, options: []) }
    }

    @Test("report --format html of a real run renders in Chromium with its charts and time series")
    func reportHTMLRenders() async throws {
        let directory = TestEnvironment.temporaryDirectory("report-html")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let html = directory + "/report.html"
        let status = try await CompareCommandTests.iosweep([
            "report", Self.run, "--metric", "write.iops", "--metric", "write.lat.mean", "--metric", "iostat.%util",
            "--format", "html", "--output", html,
        ])
        #expect(status == 0)
        let page = try String(contentsOfFile: html, encoding: .utf8)
        #expect(page.contains("sync-writes-small"))
        #expect(page.contains("fio random writes with fsync"))
        #expect(page.contains("fio-3.33"), "host facts from iosweep-run.json")
        let svgs = Self.inlineSVGs(page)
        #expect(svgs.count == 4, "a chart per metric and the iostat time series")
        svgs.forEach { Self.expectWellFormed($0) }
        #expect(page.contains("iostat %util over time"))
        try Self.expectNotBlank(try TestEnvironment.screenshot(html))
    }

    @Test("compare --format html of the v2 dataset renders with the verdict table first", .needsSharedDataset)
    func compareHTMLRenders() async throws {
        let root = try #require(TestEnvironment.datasetV2, "the v2 dataset could not be unpacked")
        let directory = TestEnvironment.temporaryDirectory("compare-html")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let html = directory + "/compare.html"
        let status = try await CompareCommandTests.iosweep([
            "compare", "\(root)/max-rate-submit/master", "\(root)/max-rate-submit/project", "--layout", CompareCommandTests.layout,
            "--metric", "write.iops", "--metric", "write.lat.mean", "--metric", "iostat.%util", "--warmup", "5",
            "--format", "html", "--output", html,
        ])
        #expect(status == 0)
        let page = try String(contentsOfFile: html, encoding: .utf8)
        let verdicts = try #require(page.range(of: "<h2>Verdicts</h2>"))
        let firstChart = try #require(page.range(of: "<svg "))
        #expect(verdicts.lowerBound < firstChart.lowerBound)
        #expect(page.contains("class=\"num improved\"") && page.contains("class=\"num regressed\""))
        let svgs = Self.inlineSVGs(page)
        #expect(svgs.count == 3 * 2 + 2, "a % change chart per metric and media, a time series per side")
        svgs.forEach { Self.expectWellFormed($0) }
        let png = try TestEnvironment.screenshot(html, height: 3000)
        try Self.expectNotBlank(png)
    }

    @Test("report --chart writes one well-formed SVG line chart")
    func reportChartIsWellFormed() async throws {
        let directory = TestEnvironment.temporaryDirectory("report-chart")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let svg = directory + "/iops.svg"
        let status = try await CompareCommandTests.iosweep([
            "report", Self.run, "--metric", "write.iops", "--chart", svg, "--output", directory + "/table.txt",
        ])
        #expect(status == 0)
        let text = try String(contentsOfFile: svg, encoding: .utf8)
        Self.expectWellFormed(text)
        #expect(text.contains(">numjobs (log₂ scale)</text>"))
        #expect(text.contains(">write.iops (IO/s)</text>"))
        #expect(text.components(separatedBy: "<polyline").count == 3, "one line per block size")
    }

    /// The `.venv` python, when it can import what the exported notebook needs.
    static let notebookPython: String? = {
        guard let python = TestEnvironment.python,
            (try? TestEnvironment.run(python, ["-c", "import nbformat, nbconvert, ipykernel, pandas, seaborn"]))?.status == 0
        else { return nil }
        return python
    }()

    @Test(
        "the exported notebook validates with nbformat and executes with nbconvert",
        .enabled("needs .venv with nbformat, nbconvert, ipykernel, pandas and seaborn (Scripts/bootstrap.sh makes it)") {
            notebookPython != nil
        })
    func notebookExecutes() async throws {
        let python = try #require(Self.notebookPython)
        let directory = TestEnvironment.temporaryDirectory("notebook")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let notebook = directory + "/analysis.ipynb"
        let status = try await CompareCommandTests.iosweep([
            "notebook", Self.run, "--metric", "write.iops", "--metric", "iostat.%util", "--output", notebook,
        ])
        #expect(status == 0)
        let csv = try String(contentsOfFile: directory + "/analysis.csv", encoding: .utf8)
        #expect(csv.hasPrefix("numjobs,bs,write.iops,iostat.%util\n"))
        let validate = try TestEnvironment.run(
            python,
            [
                "-c", "import sys, nbformat; nbformat.validate(nbformat.read(sys.argv[1], as_version=4)); print('valid')", notebook,
            ])
        #expect(validate.status == 0 && validate.output.contains("valid"), "\(validate.output)")
        let jupyter = URL(fileURLWithPath: python).deletingLastPathComponent().appendingPathComponent("jupyter").path
        let executed = try TestEnvironment.run(
            jupyter, ["nbconvert", "--to", "notebook", "--execute", "--output", "executed.ipynb", notebook],
            currentDirectory: directory)
        #expect(executed.status == 0, "\(executed.output)")
        let result = try String(contentsOfFile: directory + "/executed.ipynb", encoding: .utf8)
        #expect(result.contains("image/png"), "the charts were drawn")
        #expect(!result.contains("\"output_type\": \"error\""))
    }
}
