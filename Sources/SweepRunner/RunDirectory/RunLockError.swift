import SweepRecords
/// Why ``RunLock`` could not be taken.
package enum RunLockError: Error, Hashable, Sendable, CustomStringConvertible {
    case held(pid: Int32?, path: String)

    package var description: String {
        switch self {
        case .held(let pid, let path):
            let who = pid.map { "iosweep (pid \($0))" } ?? "another iosweep run"
            return "\(FileSystem.parent(of: path)) is in use by \(who); wait for it to finish or stop it first"
        }
    }
}
