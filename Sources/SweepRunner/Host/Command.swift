import Foundation

/// One process to start: exact argv, explicit environment, where its output goes.
package struct Command: Hashable, Sendable {
    /// The argv; `argv[0]` is a name looked up in the environment's `PATH`, or a path.
    package var argv: [String]
    /// The complete environment of the process (nothing is inherited).
    package var environment: [String: String]
    /// Working directory; `nil` keeps the runner's.
    package var workingDirectory: String?
    /// File receiving stdout (created or truncated); `nil` discards it.
    package var stdoutPath: String?
    /// File receiving stderr (created or truncated); `nil` discards it.
    package var stderrPath: String?

    package init(
        argv: [String], environment: [String: String], workingDirectory: String? = nil,
        stdoutPath: String? = nil, stderrPath: String? = nil
    ) {
        self.argv = argv
        self.environment = environment
        self.workingDirectory = workingDirectory
        self.stdoutPath = stdoutPath
        self.stderrPath = stderrPath
    }

    /// The environment every step gets: C locale, ISO timestamps from sysstat, the given `PATH`, and the run marker.
    package static func environment(path: String, runID: String) -> [String: String] {
        ["LC_ALL": "C", "S_TIME_FORMAT": "ISO", "PATH": path, RunMarker.environmentKey: runID]
    }

    /// The environment of the short commands that inspect and change the machine (`zpool`, `losetup`, `blkid`):
    /// this process's own environment with `LC_ALL=C`, so their output parses.
    package static var machineEnvironment: [String: String] {
        ProcessInfo.processInfo.environment.merging(["LC_ALL": "C"]) { _, forced in forced }
    }
}
