import Foundation
import SweepRecords
import SweepModel

/// The few file-system reads analysis needs (no writes, no processes).
enum FileSystem {
    /// The bytes of `path` (a regular file of at most 2 GiB); the error names the file.
    static func bytes(_ path: String) throws(ResultFileError) -> [UInt8] {
        switch FileContents.read(path, limit: FileContents.resultLimit) {
        case .success(let bytes): return bytes
        case .failure(let failure): throw ResultFileError(file: path, "\(failure)")
        }
    }

    /// Entries of a directory, sorted, hidden ones (`.name`) left out; directories flagged.
    static func entries(_ path: String) -> [(name: String, isDirectory: Bool)] {
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

    static func isDirectory(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }

    static func exists(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0
    }
}
