import Foundation

/// The file-system questions and changes iosweep needs on a host, beside running commands: reading the kernel's
/// tables (`/proc/self/mountinfo`, `/proc/swaps`, `/sys/class/block`), looking at `/dev`, and making and removing
/// the sparse files behind scratch disks.
///
/// These defaults read and change **this machine's** file system, which is right for ``LocalHost`` and for the
/// recording hosts of tests; ``SSHHost`` answers them on its machine, with plain commands (`cat`, `ls`, `stat`,
/// `realpath`, `truncate`) given as argv, so the same checks hold on every host.
extension Host {
    /// The text of the file at `path`, `nil` when it is missing or unreadable.
    package func contents(of path: String) async -> String? {
        FileManager.default.contents(atPath: path).map { String(decoding: $0, as: UTF8.self) }
    }

    /// The names in the directory at `path` (symbolic links followed), empty when it is missing.
    package func entries(of path: String) async -> [String] {
        (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
    }

    /// What is at `path`, symbolic links followed; `nil` when nothing is.
    package func kind(of path: String) async -> FileKind? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        switch info.st_mode & S_IFMT {
        case S_IFREG: return .regular
        case S_IFDIR: return .directory
        case S_IFBLK: return .blockDevice
        default: return .other
        }
    }

    /// `paths` made absolute and standardized, with symbolic links resolved as far as the paths exist, in order.
    package func resolved(_ paths: [String]) async -> [String] {
        paths.map(LoopDevice.canonicalPath)
    }

    /// Creates the directory `path` and its missing parents.
    package func makeDirectory(_ path: String) async throws {
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    /// Creates `path`, which must not exist, as a sparse file of `size` bytes readable only by its owner.
    package func createSparseFile(_ path: String, size: Int64) async throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw ScratchDiskError.cannotCreate(file: path, reason: String(cString: strerror(errno))) }
        defer { close(fd) }
        guard ftruncate(fd, off_t(size)) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(path)
            throw ScratchDiskError.cannotCreate(file: path, reason: reason)
        }
    }

    /// Deletes the regular file at `path`; returns whether there was one (anything else there is left alone).
    @discardableResult
    package func removeRegularFile(_ path: String) async throws -> Bool {
        guard await kind(of: path) == .regular else { return false }
        try FileManager.default.removeItem(atPath: path)
        return true
    }

    /// Removes the directory at `path` if it is empty; anything else is left alone.
    package func removeEmptyDirectory(_ path: String) async {
        rmdir(path)
    }
}
