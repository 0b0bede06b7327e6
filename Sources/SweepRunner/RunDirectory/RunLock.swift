import Foundation
import SweepRecords

/// The results directory's advisory lock (`flock` on `.lock`), held while a run is active.
/// The kernel drops it when the process dies, so a killed run never leaves a stale lock.
package final class RunLock {
    package let path: String
    private var fd: Int32

    /// Takes the lock or throws ``RunLockError/held(pid:path:)`` naming the holder's pid.
    package init(path: String) throws {
        self.path = path
        fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw FileSystemError(path: path, operation: "open", code: errno) }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            let holder = String(decoding: FileSystem.read(path) ?? Data(), as: UTF8.self)
                .trimmingCharacters(in: .whitespacesAndNewlines)
            close(fd)
            fd = -1
            throw RunLockError.held(pid: Int32(holder), path: path)
        }
        ftruncate(fd, 0)
        let text = "\(getpid())\n"
        _ = text.utf8CString.withUnsafeBytes { pwrite(fd, $0.baseAddress, text.utf8.count, 0) }
    }

    /// Releases the lock (also done when the process ends).
    package func release() {
        guard fd >= 0 else { return }
        flock(fd, LOCK_UN)
        close(fd)
        fd = -1
    }

    deinit { release() }

    /// The pid of a live holder of the lock at `path`, or `nil` when nobody holds it.
    package static func holder(of path: String) -> Int32? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        guard flock(fd, LOCK_SH | LOCK_NB) != 0 else {
            flock(fd, LOCK_UN)
            return nil
        }
        let text = String(decoding: FileSystem.read(path) ?? Data(), as: UTF8.self)
        return Int32(text.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
    }
}
