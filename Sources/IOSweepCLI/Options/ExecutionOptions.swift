import ArgumentParser
import SweepRunner

/// Flags shared by `run` and `resume`.
struct ExecutionOptions: ParsableArguments {
    @Flag(help: "Do not ask before destroying the experiment's real disks (needed when not on a terminal).")
    var yes = false

    @Option(name: .customLong("on-failure"), help: "After a failed cell: continue with the next one, or stop after teardown.")
    var onFailure: FailurePolicyArgument = .continue

    @Option(help: "Extra attempts for a failed cell.")
    var retries: Int = 0

    @Flag(help: "Print warnings only, no progress.")
    var quiet = false

    func validate() throws {
        guard retries >= 0 else { throw ValidationError("--retries must be 0 or more") }
    }
}

enum FailurePolicyArgument: String, ExpressibleByArgument, CaseIterable {
    case `continue`
    case stop

    var policy: RunOptions.FailurePolicy {
        switch self {
        case .continue: return .continue
        case .stop: return .stop
        }
    }
}
