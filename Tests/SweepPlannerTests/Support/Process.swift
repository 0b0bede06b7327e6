import Foundation

/// Runs a tool by argv (tests only; the planner itself spawns nothing) and returns its status and output.
///
/// Foundation's `Process` passes the test runner's blocked-signal mask on to the child (SIGINT and SIGTERM
/// blocked: a collector could then never be stopped), so the child starts through a tiny exec wrapper that
/// unblocks every signal and restores default handlers first.
func runTool(
    _ argv: [String], stdin: String? = nil, environment: [String: String]? = nil
) throws
    -> (status: Int32, output: String)
{
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    let clean = """
        import os, signal, sys
        signal.pthread_sigmask(signal.SIG_SETMASK, set())
        for s in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT, signal.SIGPIPE):
            signal.signal(s, signal.SIG_DFL)
        os.execvp(sys.argv[1], sys.argv[1:])
        """
    process.arguments = ["python3", "-c", clean] + argv
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
