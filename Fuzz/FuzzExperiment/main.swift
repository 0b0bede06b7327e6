// libFuzzer target: experiment YAML text → ExperimentLoader (decode, validate) → Planner → the three
// renderings, as `iosweep plan` does. Built and run by Scripts/fuzz.sh (`-sanitize=fuzzer`), never by
// the normal build.
//
// Beyond "no crash", it checks the loader's promise: a rejected experiment comes with at least one
// error, and every diagnostic, the planner's included once located, carries a file:line:column.
import FuzzSupport
import Foundation
import SweepModel
import SweepPlanner

/// Relative `job-file`s resolve against the shipped experiments, so seeds naming `workload.fio` plan.
private let experimentDirectory = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Experiments").path

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzExperiment(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data else { return 0 }
    let yaml = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let file: ExperimentFile
    do {
        file = try ExperimentLoader.load(yaml: yaml, file: "fuzz.yaml", directory: experimentDirectory)
    } catch {
        checkLocated(error.diagnostics, source: yaml)
        precondition(error.hasErrors, "the loader rejected an experiment without an error")
        return 0
    }
    do {
        let plan = try Planner(baseDirectory: experimentDirectory).plan(file.experiment)
        var sink = RenderSink(chunk: 1 << 16) { _ in }
        TextRenderer().render(plan, to: &sink)
        ShellScriptRenderer().render(plan, to: &sink)
        JSONRenderer().render(plan, to: &sink)
        sink.finish()
    } catch {
        checkLocated(file.locate(error.diagnostics), source: yaml)
    }
    return 0
}

/// Traps (a finding) when a diagnostic has no location; renders them as the CLI would.
private func checkLocated(_ diagnostics: [Diagnostic], source: String) {
    for diagnostic in diagnostics {
        precondition(diagnostic.location != nil, "diagnostic without a location: \(diagnostic.message)")
    }
    _ = DiagnosticRenderer.render(diagnostics, source: source)
}

@_cdecl("FuzzExperiment_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    FuzzDriver.main(argc, argv, fuzzExperiment)
}
