/// The seam between iosweep and the machine: "run this argv here".
///
/// ``LocalHost`` spawns real processes through swift-subprocess; tests of behaviour that cannot exist on a build
/// machine (OpenZFS-only output, say) plug in a host that records argv and replays output, and ``SSHHost``
/// runs them on another machine. Every process gets an argv array and an explicit environment, never a shell string.
package protocol Host: Sendable {
    /// Starts `command` in a new process group (its id is the process id) and returns at once: for steps and
    /// collectors that run long and are waited for, signalled and stopped through the ``RunningProcess``.
    /// Throws ``CommandError/notStarted(argv:reason:)`` when the process cannot start (command not found,
    /// unreadable directory).
    func start(_ command: Command) async throws -> any RunningProcess

    /// Runs the short command `argv` to completion with exactly `environment` and returns how it ended with its
    /// stdout and stderr. `argv[0]` is a path, or a name looked up in the environment's `PATH`.
    ///
    /// A non-zero exit is a normal result, not an error: callers check ``CommandResult/termination`` (or use
    /// ``check(_:)``). Throws ``CommandError/notStarted(argv:reason:)`` when the command cannot be started or
    /// writes more than `limit` bytes to stdout or stderr.
    func run(_ argv: [String], environment: [String: String], limit: Int) async throws -> CommandResult

    // The host's file system (``Host+Files``: this machine's by default; ``SSHHost`` asks its machine).

    /// The text of the file at `path`, `nil` when it is missing or unreadable.
    func contents(of path: String) async -> String?
    /// The names in the directory at `path` (symbolic links followed), empty when it is missing.
    func entries(of path: String) async -> [String]
    /// What is at `path`, symbolic links followed; `nil` when nothing is.
    func kind(of path: String) async -> FileKind?
    /// `paths` made absolute and standardized, with symbolic links resolved as far as the paths exist, in order.
    func resolved(_ paths: [String]) async -> [String]
    /// Creates the directory `path` and its missing parents.
    func makeDirectory(_ path: String) async throws
    /// Creates `path`, which must not exist, as a sparse file of `size` bytes readable only by its owner.
    func createSparseFile(_ path: String, size: Int64) async throws
    /// Deletes the regular file at `path`; returns whether there was one (anything else there is left alone).
    @discardableResult
    func removeRegularFile(_ path: String) async throws -> Bool
    /// Removes the directory at `path` if it is empty; anything else is left alone.
    func removeEmptyDirectory(_ path: String) async
}

extension Host {
    /// Runs `argv` with ``Command/machineEnvironment`` (this process's environment with `LC_ALL=C`, so output
    /// parses) and at most ``CommandResult/defaultLimit`` bytes of each of stdout and stderr.
    package func run(_ argv: [String]) async throws -> CommandResult {
        try await run(argv, environment: Command.machineEnvironment, limit: CommandResult.defaultLimit)
    }

    /// Runs `argv` like ``run(_:)`` and throws ``CommandError/failed(_:)`` unless it exits with status 0.
    @discardableResult
    package func check(_ argv: [String]) async throws -> CommandResult {
        let result = try await run(argv)
        guard result.succeeded else { throw CommandError.failed(result) }
        return result
    }

    /// Runs `argv` like ``check(_:)``, trying again while it fails with "busy" on stderr — a pool or a mount whose
    /// last user has just ended (zfs-fuse's first `zpool destroy` after a workload, an `umount` right after fio) —
    /// up to `attempts` tries, waiting `backoff` seconds times the attempt number between them.
    @discardableResult
    package func checkRetryingWhileBusy(_ argv: [String], attempts: Int, backoff: Double) async throws -> CommandResult {
        var attempt = 0
        while true {
            let result = try await run(argv)
            if result.succeeded { return result }
            attempt += 1
            guard attempt < attempts, result.stderr.contains("busy") else { throw CommandError.failed(result) }
            try await Task.sleep(nanoseconds: UInt64(Double(attempt) * backoff * 1e9))
        }
    }
}
