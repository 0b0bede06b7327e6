import Foundation
import SweepModel
import SweepPlanner

/// How a run behaves.
package struct RunOptions: Sendable {
    package enum FailurePolicy: String, Sendable, CaseIterable {
        /// Record the failed cell and go on with the next one.
        case `continue`
        /// Tear down and stop after the first failed cell.
        case stop
    }

    /// The frozen experiment recorded in `iosweep-run.json` (`nil` when running a rendered plan).
    package var experiment: Experiment?
    package var toolVersion: String
    package var onFailure: FailurePolicy
    /// Extra attempts for a failed cell.
    package var retries: Int
    /// Which cells to run (`--only`); the others are left as they are.
    package var selects: @Sendable (Cell) -> Bool
    /// `PATH` given to every step.
    package var path: String
    /// Seconds a collector gets after each stop signal; also the grace after a timeout's SIGTERM.
    package var stopGrace: Double
    /// Test switch: SIGKILL the runner itself at this global step boundary (1-based), see ``FaultInjection``.
    package var faultKillAt: Int?

    package init(
        experiment: Experiment? = nil, toolVersion: String, onFailure: FailurePolicy = .continue, retries: Int = 0,
        selects: @escaping @Sendable (Cell) -> Bool = { _ in true },
        path: String = RunOptions.defaultPath, stopGrace: Double = 5, faultKillAt: Int? = FaultInjection.fromEnvironment()
    ) {
        self.experiment = experiment
        self.toolVersion = toolVersion
        self.onFailure = onFailure
        self.retries = retries
        self.selects = selects
        self.path = path
        self.stopGrace = stopGrace
        self.faultKillAt = faultKillAt
    }

    /// The runner's own `PATH`, or the usual system directories.
    package static var defaultPath: String {
        let inherited = Foundation.ProcessInfo.processInfo.environment["PATH"] ?? ""
        return inherited.isEmpty ? "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" : inherited
    }
}

/// How an invocation of the runner ended.
package struct RunSummary: Hashable, Sendable {
    package var cells: Int
    /// Cells already done before this invocation.
    package var skipped: Int
    package var succeeded: Int
    package var failed: Int
    /// Cells not run: stopped after a failure, interrupted, or not selected.
    package var notRun: Int
    /// The signal that interrupted the run, if any.
    package var interruptedBy: Int32?
    /// Whether `--on-failure stop` ended the run early.
    package var stoppedAfterFailure: Bool
    /// Pending cells an adaptive rule skipped in this invocation.
    package var skippedByRules: Int = 0
}

/// The fault-injection switch used by the crash tests.
package enum FaultInjection {
    /// `IOSWEEP_FAULT_KILL_AT=N`: the runner SIGKILLs itself at global step boundary N (1-based): right after
    /// the N-th event it appends to the journal in this invocation (run-started, cell and step events, …),
    /// so a test can kill a run at every durable state transition in turn.
    package static let environmentKey = "IOSWEEP_FAULT_KILL_AT"

    package static func fromEnvironment() -> Int? {
        Foundation.ProcessInfo.processInfo.environment[environmentKey].flatMap { Int($0) }
    }
}
