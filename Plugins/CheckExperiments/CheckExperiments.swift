import Foundation
import PackagePlugin

/// `swift package check-experiments [PATH…]`: validates and plans every experiment file (`*.yaml`, `*.yml`)
/// under the package's `Experiments/` (or the given files and folders) with the package's own `iosweep`
/// tool, prints every diagnostic, and fails when any file has an error. Meant for CI of a package that
/// keeps its studies next to its code.
@main
struct CheckExperiments: CommandPlugin {
    func performCommand(context: PluginContext, arguments: [String]) async throws {
        let tool = try context.tool(named: "iosweep").url
        let root = context.package.directoryURL
        let targets =
            arguments.isEmpty
            ? [root.appendingPathComponent("Experiments")]
            : arguments.map {
                $0.hasPrefix("/") ? URL(fileURLWithPath: $0) : root.appendingPathComponent($0)
            }
        let files = try targets.flatMap(experimentFiles)
        guard !files.isEmpty else {
            Diagnostics.warning("check-experiments: no experiment files (*.yaml) under \(targets.map(\.path).joined(separator: ", "))")
            return
        }
        var failed: [String] = []
        for file in files {
            let name = file.path.hasPrefix(root.path + "/") ? String(file.path.dropFirst(root.path.count + 1)) : file.path
            let validate = try run(tool, ["validate", "--quiet", name], in: root)
            guard validate.status == 0 else {
                forward(validate.errors)
                Diagnostics.error("\(name): invalid experiment (iosweep validate exit \(validate.status))")
                failed.append(name)
                continue
            }
            let plan = try run(tool, ["plan", name, "--format", "text"], in: root)
            guard plan.status == 0 else {
                forward(plan.errors)
                Diagnostics.error("\(name): cannot be planned (iosweep plan exit \(plan.status))")
                failed.append(name)
                continue
            }
            let summary = plan.output.split(separator: "\n").first.map(String.init) ?? ""
            print("\(name): ok — \(summary)")
        }
        if !failed.isEmpty {
            throw CheckFailure(
                message:
                    "\(failed.count) of \(files.count) experiment file\(files.count == 1 ? "" : "s") failed: \(failed.joined(separator: ", "))"
            )
        }
        print("check-experiments: \(files.count) experiment file\(files.count == 1 ? "" : "s") ok")
    }

    /// Experiment files under `url` (a file is taken as is), sorted for a stable order.
    private func experimentFiles(_ url: URL) throws -> [URL] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
            throw CheckFailure(message: "no such file or folder: \(url.path)")
        }
        guard isDirectory.boolValue else { return [url] }
        let names = try FileManager.default.contentsOfDirectory(atPath: url.path)
        return names.filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted().map { url.appendingPathComponent($0) }
    }

    /// Runs the tool (argv, no shell) and collects its output.
    private func run(_ tool: URL, _ arguments: [String], in directory: URL) throws -> (status: Int32, output: String, errors: String) {
        let process = Process()
        process.executableURL = tool
        process.arguments = arguments
        process.currentDirectoryURL = directory
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Read both pipes while the tool runs so a large plan cannot fill a pipe and block it.
        nonisolated(unsafe) var errors = Data()
        let reader = Thread { errors = err.fileHandleForReading.readDataToEndOfFile() }
        reader.start()
        let output = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        while !reader.isFinished { usleep(1000) }
        return (process.terminationStatus, String(decoding: output, as: UTF8.self), String(decoding: errors, as: UTF8.self))
    }

    /// The tool's compiler-style diagnostics, passed through so editors and CI logs pick them up.
    private func forward(_ text: String) {
        guard !text.isEmpty else { return }
        FileHandle.standardError.write(Data(text.utf8))
    }
}

struct CheckFailure: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}
