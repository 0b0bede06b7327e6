import Foundation
import Testing
@testable import SweepAnalysis

@Suite struct AnalysisNotebookTests {
    private let notebook = AnalysisNotebook(
        title: "zil \"sync\" writes", csvFileName: "analysis.csv", axes: ["media", "disks", "numjobs"],
        metrics: [.init(name: "write.iops", unit: "IO/s"), .init(name: "iostat.%util", unit: "%")],
        x: "numjobs", hue: "disks", facets: ["media"], logX: true)

    @Test func notebookIsNbformat4WithIdsAndEmptyOutputs() throws {
        let text = notebook.notebook.json()
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(object["nbformat"] as? Int == 4)
        #expect(object["nbformat_minor"] as? Int == 5)
        let cells = try #require(object["cells"] as? [[String: Any]])
        let ids = cells.compactMap { $0["id"] as? String }
        #expect(ids.count == cells.count && Set(ids).count == ids.count)
        for cell in cells where cell["cell_type"] as? String == "code" {
            #expect((cell["outputs"] as? [Any])?.isEmpty == true)
            #expect(cell.keys.contains("execution_count"))
        }
        let source = cells.flatMap { ($0["source"] as? [String]) ?? [] }.joined()
        #expect(source.contains("pd.read_csv(\"analysis.csv\")"))
        #expect(source.contains("# zil \"sync\" writes"))
        #expect(source.contains("y=\"iostat.%util\""))
        #expect(source.contains("col=\"media\""))
        #expect(source.contains("set_xscale(\"log\", base=2)"))
        #expect(text == notebook.notebook.json(), "deterministic bytes")
    }

    @Test func sourceLinesKeepTheirNewlines() throws {
        let cell = JupyterNotebook.Cell(id: "c", kind: .code, source: "a = 1\nb = 2")
        let data = try JSONEncoder().encode(cell)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(object["source"] as? [String] == ["a = 1\n", "b = 2"])
    }

    @Test func pythonLiteralsAreEscaped() {
        #expect(AnalysisNotebook.python("a\"b\\c\n") == "\"a\\\"b\\\\c\\n\"")
        #expect(AnalysisNotebook.python(["x", "y"]) == "[\"x\", \"y\"]")
    }
}
