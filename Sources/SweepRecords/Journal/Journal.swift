import Foundation

/// The append-only `journal.jsonl`: one JSON object per line, each line fsync'd before the runner goes on.
///
/// Opening it trims a torn last line (a crash mid-write) so that new events start on a line of their own.
package final class Journal {
    package let path: String
    private let fd: Int32
    private let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    package init(path: String) throws {
        self.path = path
        let fd = open(path, O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw FileSystemError(path: path, operation: "open", code: errno) }
        self.fd = fd
        try trimTornLine()
    }

    deinit { close(fd) }

    /// Appends `event` and waits until it is on disk.
    package func append(_ event: JournalEvent) throws {
        var data = try encoder.encode(event)
        data.append(0x0A)
        let ok = data.withUnsafeBytes { FileSystem.writeAll(fd, $0) }
        guard ok else { throw FileSystemError(path: path, operation: "append to", code: errno) }
        guard fdatasync(fd) == 0 else { throw FileSystemError(path: path, operation: "sync", code: errno) }
    }

    private func trimTornLine() throws {
        let size = lseek(fd, 0, SEEK_END)
        guard size > 0 else { return }
        var last: UInt8 = 0
        guard pread(fd, &last, 1, size - 1) == 1, last != 0x0A else { return }
        // Find the last newline; everything after it is a torn line.
        var end = size
        var keep: off_t = 0
        let chunk = 4096
        var buffer = [UInt8](repeating: 0, count: chunk)
        search: while end > 0 {
            let start = max(0, end - off_t(chunk))
            let count = Int(end - start)
            let read = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress, count, start) }
            guard read == count else { break }
            for index in stride(from: count - 1, through: 0, by: -1) where buffer[index] == 0x0A {
                keep = start + off_t(index) + 1
                break search
            }
            end = start
        }
        guard ftruncate(fd, keep) == 0 else { throw FileSystemError(path: path, operation: "truncate", code: errno) }
        fsync(fd)
    }

    /// The events of the journal at `path`, in order; undecodable lines (a torn last line) are skipped.
    package static func read(path: String) -> [JournalEvent] {
        guard let data = FileSystem.read(path) else { return [] }
        let decoder = JSONDecoder()
        var events: [JournalEvent] = []
        for line in data.split(separator: 0x0A, omittingEmptySubsequences: true) {
            if let event = try? decoder.decode(JournalEvent.self, from: Data(line)) { events.append(event) }
        }
        return events
    }
}
