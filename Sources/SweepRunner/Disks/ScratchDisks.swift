import Foundation

/// Creates, finds and removes the sparse files and loop devices behind an experiment's scratch disks.
///
/// Every backing file lives in ``directory`` and is named after its symbolic disk (`scratch0.img`).
/// A loop device is only ever detached after `losetup` confirms it is backed by one of these files,
/// so a loop device iosweep did not create is never touched. Files and loop devices are made on ``host`` (over
/// ssh for a storage host on another machine), and paths are compared as that host resolves them.
package struct ScratchDisks: Sendable {
    /// Directory holding the backing files (created when missing), absolute and standardized.
    package var directory: String
    package var host: any Host

    package init(directory: String, host: any Host = LocalHost()) {
        self.directory = LoopDevice.standardizedPath(directory)
        self.host = host
    }

    /// Absolute path of the backing file of scratch disk `name`.
    package func file(for name: String) -> String { directory + "/" + name + ".img" }

    /// Creates a sparse file of `size` bytes per name and attaches each with `losetup --find --show`.
    ///
    /// `onCreated` sees each file as soon as it exists and each disk as soon as it is attached, so
    /// the caller can journal it before the next one starts. On failure everything this call made is
    /// detached and deleted again before the error is thrown.
    package func create(
        _ names: [String], size: Int64,
        onCreated: @Sendable (AttachedScratchDisk) async throws -> Void = { _ in }
    ) async throws -> [AttachedScratchDisk] {
        guard size > 0 else { throw ScratchDiskError.invalidSize(String(size)) }
        try await host.makeDirectory(directory)
        var made: [AttachedScratchDisk] = []
        var madeFiles: [String] = []
        do {
            for name in names {
                let file = self.file(for: name)
                try await host.createSparseFile(file, size: size)
                madeFiles.append(file)
                let attached = try await host.check(["losetup", "--find", "--show", file])
                let path = attached.stdout.trimmingWhitespace
                guard path.hasPrefix("/dev/") else {
                    throw ScratchDiskError.unexpectedOutput(argv: attached.argv, output: attached.stdout)
                }
                let disk = AttachedScratchDisk(name: name, file: file, device: String(path.dropFirst("/dev/".count)))
                made.append(disk)
                try await onCreated(disk)
            }
            return made
        } catch {
            _ = try? await remove(files: madeFiles)
            throw error
        }
    }

    /// The attached loop devices backed by files in ``directory`` named like scratch disks (`*.img`).
    package func leftovers() async throws -> [LoopDevice] {
        let devices = try await LoopDevice.all(on: host)
        let resolved = await host.resolved([directory] + devices.map(\.backingFile))
        let directory = resolved[0]
        return zip(devices, resolved.dropFirst()).filter { _, file in
            file.hasPrefix(directory + "/") && file.hasSuffix(".img") && !file.dropFirst(directory.count + 1).contains("/")
        }.map(\.0)
    }

    /// Detaches every loop device backed by `disks`' files and deletes the files.
    package func remove(_ disks: [AttachedScratchDisk]) async throws -> ScratchRemoval {
        try await remove(files: disks.map(\.file))
    }

    /// Detaches every loop device backed by one of `files` (all of them, if a file was attached twice)
    /// and deletes the files. Files outside ``directory`` are refused. Idempotent.
    package func remove(files: [String]) async throws -> ScratchRemoval {
        let resolved = await host.resolved([directory] + files)
        let directory = resolved[0]
        for file in resolved.dropFirst() where !file.hasPrefix(directory + "/") {
            throw ScratchDiskError.outsideDirectory(file: file, directory: directory)
        }
        return try await LoopDevice.release(files, on: host)
    }

    /// Parses a size like `truncate -s`: bytes, or a number with `K`, `M`, `G`, `T` (powers of 1024,
    /// optional `iB`/`B`). `nil` for anything else.
    package static func parseSize(_ text: String) -> Int64? {
        var digits = Substring(text.trimmingWhitespace)
        var unit = ""
        while let last = digits.last, last.isLetter { unit = String(last) + unit; digits.removeLast() }
        guard !digits.isEmpty, digits.allSatisfy(\.isASCII), let number = Int64(digits), number > 0 else { return nil }
        let shifts: [String: Int64] = ["": 0, "K": 10, "M": 20, "G": 30, "T": 40]
        var key = unit.uppercased()
        if key.hasSuffix("IB") { key.removeLast(2) } else if key.hasSuffix("B") { key.removeLast() }
        guard let shift = shifts[key] else { return nil }
        let (value, overflow) = number.multipliedReportingOverflow(by: 1 << shift)
        return overflow ? nil : value
    }
}

/// What ``LoopDevice/release(_:on:)`` did.
package struct ScratchRemoval: Hashable, Sendable {
    package var detached: [LoopDevice] = []
    package var deleted: [String] = []
}

/// Why scratch disks could not be made or removed.
package enum ScratchDiskError: Error, Hashable, Sendable, CustomStringConvertible {
    case invalidSize(String)
    case cannotCreate(file: String, reason: String)
    case unexpectedOutput(argv: [String], output: String)
    case outsideDirectory(file: String, directory: String)

    package var description: String {
        switch self {
        case .invalidSize(let size):
            return "invalid scratch disk size '\(size)' (expected bytes or a number with K, M, G or T)"
        case .cannotCreate(let file, let reason):
            return "cannot create scratch file \(file): \(reason)"
        case .unexpectedOutput(let argv, let output):
            return "`\(argv.joined(separator: " "))` printed '\(output.trimmingWhitespace)', expected a /dev path"
        case .outsideDirectory(let file, let directory):
            return "refusing to remove \(file): not in the scratch directory \(directory)"
        }
    }
}
