/// How a process ended.
package enum Termination: Hashable, Sendable, Codable {
    case exited(Int32)
    case signaled(Int32)

    package var isSuccess: Bool { self == .exited(0) }

    /// `exit 1`, `signal 9 (KILL)`.
    package var description: String {
        switch self {
        case .exited(let code): return "exit \(code)"
        case .signaled(let signal): return "signal \(signal) (\(SignalName.name(of: signal)))"
        }
    }
}
