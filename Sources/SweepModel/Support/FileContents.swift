import Foundation

/// Reads a whole file, bounded: a size limit, and no wait on what is not a regular file.
///
/// Every file iosweep reads may be hostile: `job-file: /dev/zero` would be read forever, a FIFO with no
/// writer would block `open(2)`, a `fio.json` in a results directory may be a symlink to a disk. The file is
/// opened without blocking, only regular files are read (unless `streams` allows pipes, as a path given on the
/// command line such as `<(generate-study)` is one), and reading stops with an error past `limit` bytes.
public enum FileContents {
    /// Why a file was not read; ``description`` is a message for a diagnostic.
    public enum Failure: Error, Equatable, CustomStringConvertible {
        case missing
        case directory
        /// A device, FIFO or socket, with its kind ("character device", …).
        case notRegular(String)
        case tooLarge(limit: Int)
        case unreadable(String)

        public var description: String {
            switch self {
            case .missing: return "no such file"
            case .directory: return "is a directory"
            case .notRegular(let kind): return "is a \(kind), not a regular file"
            case .tooLarge(let limit): return "is larger than \(FileContents.describe(bytes: limit))"
            case .unreadable(let reason): return "cannot be read: \(reason)"
            }
        }
    }

    /// 64 MiB: larger than any experiment, job file or plan iosweep would write for a real study.
    public static let textLimit = 64 << 20
    /// 2 GiB: the largest result file (fio JSON, collector output) a report reads.
    public static let resultLimit = 2 << 30

    /// The bytes of `path`, at most `limit` of them; pipes and character devices only when `streams` is set.
    public static func read(_ path: String, limit: Int, streams: Bool = false) -> Result<[UInt8], Failure> {
        let descriptor = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else {
            return .failure(errno == ENOENT || errno == ENOTDIR ? .missing : .unreadable(reason(errno)))
        }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { return .failure(.unreadable(reason(errno))) }
        let type = info.st_mode & S_IFMT
        switch type {
        case S_IFREG:
            break
        case S_IFDIR:
            return .failure(.directory)
        case S_IFIFO where streams:
            // Blocking reads from here on: the command line named this pipe, so waiting for its writer is asked for.
            _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) & ~O_NONBLOCK)
        default:
            return .failure(.notRegular(kind(of: type)))
        }
        if type == S_IFREG, Int(info.st_size) > limit { return .failure(.tooLarge(limit: limit)) }
        return readAll(descriptor, limit: limit, expected: type == S_IFREG ? Int(info.st_size) : 0)
    }

    /// Standard input, whatever it is (a pipe, a terminal, a redirected file), at most `limit` bytes:
    /// `iosweep validate - < /dev/zero` ends with an error instead of reading forever.
    public static func readStandardInput(limit: Int) -> Result<[UInt8], Failure> {
        readAll(STDIN_FILENO, limit: limit, expected: 0)
    }

    /// Reads `descriptor` to its end, failing past `limit` bytes.
    private static func readAll(_ descriptor: Int32, limit: Int, expected: Int) -> Result<[UInt8], Failure> {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(min(expected, limit))
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                return .failure(.unreadable(reason(errno)))
            }
            if count == 0 { return .success(bytes) }
            guard bytes.count + count <= limit else { return .failure(.tooLarge(limit: limit)) }
            bytes.append(contentsOf: chunk[0..<count])
        }
    }

    /// `64 MiB`, `2 GiB`, `512 bytes`.
    static func describe(bytes: Int) -> String {
        if bytes >= 1 << 30, bytes % (1 << 30) == 0 { return "\(bytes >> 30) GiB" }
        if bytes >= 1 << 20, bytes % (1 << 20) == 0 { return "\(bytes >> 20) MiB" }
        return "\(bytes) bytes"
    }

    private static func kind(of type: mode_t) -> String {
        switch type {
        case S_IFCHR: return "character device"
        case S_IFBLK: return "block device"
        case S_IFIFO: return "FIFO"
        case S_IFSOCK: return "socket"
        default: return "special file"
        }
    }

    private static func reason(_ code: Int32) -> String {
        String(cString: strerror(code))
    }
}
