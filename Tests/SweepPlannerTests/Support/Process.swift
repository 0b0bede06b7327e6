import Foundation
import IOSweepTestSupport

/// Runs a tool by argv (tests only; the planner itself spawns nothing) through ``TestProcess``: no signal
/// blocked in the child, standard error merged into the output.
func runTool(
    _ argv: [String], stdin: String? = nil, environment: [String: String]? = nil
) throws
    -> (status: Int32, output: String)
{
    let result = try TestProcess.run(
        argv[0], Array(argv.dropFirst()), environment: environment, standardInput: stdin, mergingStandardError: true)
    return (result.status, result.stdout)
}

/// Whether `tool` is on PATH.
func haveTool(_ tool: String) -> Bool { TestProcess.isInstalled(tool) }
