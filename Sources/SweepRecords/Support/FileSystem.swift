import Foundation
import SweepModel

/// The few file operations the run directory protocol relies on: durable writes for the runner, bounded
/// reads (``FileContents``) and directory listings for everything that reads a run directory.
public enum FileSystem {
    /// Writes `data` to `path` atomically (temporary file, fsync, rename) and fsyncs the directory.
    public static func writeAtomically(_ data: Data, to path: String) throws {
        let temporary = path + ".tmp-\(getpid())"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw FileSystemError(path: temporary, operation: "create", code: errno) }
        let ok = data.withUnsafeBytes { buffer -> Bool in
            writeAll(fd, buffer)
        }
        let code = errno
        fsync(fd)
        close(fd)
        guard ok else {
            unlink(temporary)
            throw FileSystemError(path: temporary, operation: "write", code: code)
        }
        try rename(temporary, to: path)
    }

    /// Writes `data` to `path` in place and fsyncs it (for files inside a directory that is published later
    /// by one atomic rename).
    public static func writeDurably(_ data: Data, to path: String) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw FileSystemError(path: path, operation: "create", code: errno) }
        defer { close(fd) }
        guard data.withUnsafeBytes({ writeAll(fd, $0) }), fsync(fd) == 0 else {
            throw FileSystemError(path: path, operation: "write", code: errno)
        }
    }

    /// Renames `source` to `destination` (same file system) and fsyncs the destination's directory.
    public static func rename(_ source: String, to destination: String) throws {
        guard Glibc.rename(source, destination) == 0 else {
            throw FileSystemError(path: source, operation: "rename to \(destination)", code: errno)
        }
        syncDirectory(parent(of: destination))
    }

    /// Creates `path` and its parents.
    public static func makeDirectory(_ path: String) throws {
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw FileSystemError(path: path, operation: "create directory", code: EIO, detail: "\(error)")
        }
    }

    public static func exists(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0
    }

    public static func isDirectory(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }

    /// Removes `path` recursively; a missing path is not an error.
    public static func remove(_ path: String) throws {
        guard exists(path) else { return }
        do {
            try FileManager.default.removeItem(atPath: path)
        } catch {
            throw FileSystemError(path: path, operation: "remove", code: EIO, detail: "\(error)")
        }
    }

    /// Moves `path` to `destination`, creating the destination's parents; when `destination` is taken,
    /// to `destination-2`, `-3`, … Returns where it went.
    @discardableResult
    public static func moveAside(_ path: String, to destination: String) throws -> String {
        try makeDirectory(parent(of: destination))
        var target = destination
        var suffix = 2
        while exists(target) {
            target = "\(destination)-\(suffix)"
            suffix += 1
        }
        try rename(path, to: target)
        return target
    }

    /// The bytes of `path` as ``bytes(_:)`` reads them (a regular file, bounded); `nil` when that fails.
    public static func read(_ path: String) -> Data? {
        guard case .success(let bytes) = FileContents.read(path, limit: FileContents.resultLimit) else { return nil }
        return Data(bytes)
    }

    /// The last `limit` bytes of a file, as text (for failure reasons).
    public static func tail(_ path: String, limit: Int) -> String {
        guard let data = read(path), !data.isEmpty else { return "" }
        return String(decoding: data.suffix(limit), as: UTF8.self)
    }

    /// Fsyncs every regular file and directory under `path` (not following symbolic links), so that a
    /// directory published by one rename after it holds complete files even after a power loss.
    /// Returns how many files and directories were synced.
    @discardableResult
    public static func syncTree(_ path: String) -> Int {
        var info = stat()
        guard lstat(path, &info) == 0 else { return 0 }
        switch info.st_mode & S_IFMT {
        case S_IFREG:
            let fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
            guard fd >= 0 else { return 0 }
            fsync(fd)
            close(fd)
            return 1
        case S_IFDIR:
            let children = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
            let synced = children.sorted().reduce(0) { $0 + syncTree(path + "/" + $1) }
            syncDirectory(path)
            return synced + 1
        default:
            return 0
        }
    }

    public static func syncDirectory(_ path: String) {
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return }
        fsync(fd)
        close(fd)
    }

    public static func parent(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    package static func writeAll(_ fd: Int32, _ buffer: UnsafeRawBufferPointer) -> Bool {
        var offset = 0
        while offset < buffer.count {
            let written = Glibc.write(fd, buffer.baseAddress! + offset, buffer.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                return false
            }
            offset += written
        }
        return true
    }

    /// The bytes of `path` (a regular file of at most 2 GiB); the error names the file.
    public static func bytes(_ path: String) throws(ResultFileError) -> [UInt8] {
        switch FileContents.read(path, limit: FileContents.resultLimit) {
        case .success(let bytes): return bytes
        case .failure(let failure): throw ResultFileError(file: path, "\(failure)")
        }
    }

    /// Entries of a directory, sorted, hidden ones (`.name`) left out; directories flagged.
    public static func entries(_ path: String) -> [(name: String, isDirectory: Bool)] {
        guard let directory = opendir(path) else { return [] }
        defer { closedir(directory) }
        var result: [(String, Bool)] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            guard !name.hasPrefix(".") else { continue }
            var isDirectory = entry.pointee.d_type == UInt8(DT_DIR)
            if entry.pointee.d_type == UInt8(DT_UNKNOWN) || entry.pointee.d_type == UInt8(DT_LNK) {
                var info = stat()
                isDirectory = stat(path + "/" + name, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
            }
            result.append((name, isDirectory))
        }
        return result.sorted { $0.0 < $1.0 }
    }
}
