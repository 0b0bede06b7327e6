#if canImport(Glibc)
    import Glibc
#endif

/// Signal names and numbers as written in plans (`INT`, `TERM`) and logs.
package enum SignalName {
    private static let table: [(String, Int32)] = [
        ("HUP", SIGHUP), ("INT", SIGINT), ("QUIT", SIGQUIT), ("KILL", SIGKILL), ("USR1", SIGUSR1),
        ("USR2", SIGUSR2), ("TERM", SIGTERM), ("ALRM", SIGALRM), ("PIPE", SIGPIPE),
    ]

    /// The number of `name` (`INT`, `SIGINT`, `2`), or `nil`.
    package static func number(_ name: String) -> Int32? {
        let upper = name.uppercased()
        let bare = upper.hasPrefix("SIG") ? String(upper.dropFirst(3)) : upper
        if let number = Int32(bare) { return number }
        return table.first(where: { $0.0 == bare })?.1
    }

    /// `INT` for 2; the number itself when unknown.
    package static func name(of signal: Int32) -> String {
        table.first(where: { $0.1 == signal })?.0 ?? String(signal)
    }
}
