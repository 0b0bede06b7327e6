import Foundation
import SweepRecords

/// The host's file system, asked on its machine: one plain command per question, argv quoted by ``SSHHost`` (a path
/// is always one word after `--`), run with ``Command/machineEnvironment``'s `LC_ALL=C` so output parses.
extension SSHHost {
    package func contents(of path: String) async -> String? {
        guard let result = try? await run(["cat", "--", path]), result.succeeded else { return nil }
        return result.stdout
    }

    package func entries(of path: String) async -> [String] {
        // The trailing slash follows a link to a directory (`/sys/class/block/loop0`).
        guard let result = try? await run(["ls", "-1A", "--", path.hasSuffix("/") ? path : path + "/"]), result.succeeded else {
            return []
        }
        return result.stdoutLines.map(String.init)
    }

    package func kind(of path: String) async -> FileKind? {
        guard let result = try? await run(["stat", "-L", "-c", "%F", "--", path]), result.succeeded else { return nil }
        switch result.stdout.trimmingWhitespace {
        case "regular file", "regular empty file": return .regular
        case "directory": return .directory
        case "block special file": return .blockDevice
        default: return .other
        }
    }

    package func resolved(_ paths: [String]) async -> [String] {
        // `realpath -m`: no component needs to exist; one line per path, in order.
        guard !paths.isEmpty else { return [] }
        if let result = try? await run(["realpath", "-m", "--"] + paths), result.succeeded, result.stdoutLines.count == paths.count {
            return result.stdoutLines.map(String.init)
        }
        return paths.map { URL(fileURLWithPath: $0).standardizedFileURL.path }
    }

    package func makeDirectory(_ path: String) async throws {
        try await check(["mkdir", "-p", "--", path])
    }

    package func createSparseFile(_ path: String, size: Int64) async throws {
        // Exclusive, as `open(O_EXCL)` is: a private temporary file (mktemp: mode 0600) is sized, then hard-linked
        // under its name (`ln -T` fails when the name exists), then the temporary name is removed.
        let made: CommandResult
        do {
            made = try await check(["mktemp", "-p", FileSystem.parent(of: path), ".iosweep-scratch.XXXXXXXX"])
        } catch {
            throw ScratchDiskError.cannotCreate(file: path, reason: Self.reason(error))
        }
        let temporary = made.stdout.trimmingWhitespace
        var failure: (any Error)?
        do {
            try await check(["truncate", "-s", String(size), "--", temporary])
            try await check(["ln", "-T", "--", temporary, path])
        } catch {
            failure = error
        }
        _ = try? await run(["rm", "-f", "--", temporary])
        if let failure { throw ScratchDiskError.cannotCreate(file: path, reason: Self.reason(failure)) }
    }

    package func removeRegularFile(_ path: String) async throws -> Bool {
        guard await kind(of: path) == .regular else { return false }
        try await check(["rm", "-f", "--", path])
        return true
    }

    package func removeEmptyDirectory(_ path: String) async {
        _ = try? await run(["rmdir", "--", path])
    }

    /// The last line a failed command wrote to stderr (`mktemp: failed to create file via template …`).
    private static func reason(_ error: any Error) -> String {
        if case CommandError.failed(let result) = error, let line = result.stderr.split(separator: "\n").last {
            return String(line)
        }
        return "\(error)"
    }
}
