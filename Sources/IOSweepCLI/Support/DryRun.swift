import Foundation
import SweepPlanner
import SweepRunner

/// `run --dry-run`: each cell's state in the results directory, and the commands of those that would run.
enum DryRun {
    static func print(plan: Plan, directory: RunDirectory, selected: Set<String>?) {
        var out = ""
        for status in directory.states(of: plan) {
            let chosen = selected?.contains(status.cell.id) ?? true
            let state = chosen ? status.state.rawValue : "not selected"
            out += "\(status.cell.id)  [\(state)]  → \(status.cell.resultPath)\n"
            guard chosen, status.state != .done else { continue }
            for (index, step) in status.cell.steps.enumerated() where step.kind != .publish {
                out += "  \(index + 1). \(step.kind.rawValue): \(ShellQuote.join(step.argv))\n"
            }
        }
        FileHandle.standardOutput.write(Data(out.utf8))
    }
}

/// Quoting for bash, for display.
enum ShellQuote {
    static func join(_ argv: [String]) -> String {
        argv.map(quote).joined(separator: " ")
    }

    static func quote(_ word: String) -> String {
        let safe = word.allSatisfy { $0.isLetter || $0.isNumber || "-_./=:@%+,{}".contains($0) }
        return !word.isEmpty && safe ? word : "'" + word.replacingOccurrences(of: "'", with: #"'\''"#) + "'"
    }
}
