/// Runs one command, given as an argv array, on a host and collects its result.
///
/// The seam between iosweep's machine-facing code and the machine: ``SystemCommandHost`` runs
/// commands for real through swift-subprocess; tests of behaviour that cannot exist here
/// (OpenZFS-only output, say) substitute a host that records argv and replays output.
/// A non-zero exit is a normal result, not an error: callers check ``CommandResult/status``.
public protocol CommandHost: Sendable {
    /// Runs `argv` (`argv[0]` is the program, looked up in `PATH` unless it holds a `/`).
    /// Throws only when the command cannot be started or its output exceeds the capture limit.
    func run(_ argv: [String]) async throws -> CommandResult
}

extension CommandHost {
    /// Runs `argv` and throws ``CommandError`` unless it exits with status 0.
    @discardableResult
    public func check(_ argv: [String]) async throws -> CommandResult {
        let result = try await run(argv)
        guard result.succeeded else { throw CommandError.failed(result) }
        return result
    }
}
