import Foundation

/// Runs a tool by argv (tests only; the planner itself spawns nothing) and returns its status and output.
func runTool(_ argv: [String], stdin: String? = nil, environment: [String: String]? = nil) throws
    -> (status: Int32, output: String)
{
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = argv
    if let environment { process.environment = environment }
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    let input = Pipe()
    process.standardInput = input
    try process.run()
    if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
    try input.fileHandleForWriting.close()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: data, as: UTF8.self))
}

/// Whether `tool` is on PATH.
func haveTool(_ tool: String) -> Bool {
    (try? runTool(["sh", "-c", "command -v \"$1\"", "sh", tool]).status) == 0
}
