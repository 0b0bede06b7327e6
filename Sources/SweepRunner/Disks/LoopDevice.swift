import Foundation

/// An attached loop device and the file behind it, as `losetup --list --json` reports it.
package struct LoopDevice: Hashable, Sendable, Codable {
    /// Kernel name without `/dev/` (`loop3`).
    package var name: String
    /// Backing file path as attached (a deleted file's path, without losetup's ` (deleted)` suffix).
    package var backingFile: String

    package init(name: String, backingFile: String) {
        self.name = name
        self.backingFile = backingFile
    }

    /// `/dev/<name>`.
    package var path: String { "/dev/" + name }
}

extension LoopDevice {
    /// Every loop device attached on the host (`losetup --list --json`).
    package static func all(on host: any Host) async throws -> [LoopDevice] {
        let result = try await host.check(["losetup", "--list", "--json", "--output", "NAME,BACK-FILE"])
        return try parseList(result.stdout)
    }

    /// The loop devices whose backing file is one of `files` (compared as absolute paths, symlinks resolved).
    package static func backing(_ files: [String], on host: any Host) async throws -> [LoopDevice] {
        let devices = try await all(on: host)
        let resolved = await host.resolved(files + devices.map(\.backingFile))
        let wanted = Set(resolved.prefix(files.count))
        return zip(devices, resolved.dropFirst(files.count)).filter { wanted.contains($0.1) }.map(\.0)
    }

    /// Detaches `device` only if it is still backed by one of `files`; returns whether it detached.
    ///
    /// The backing file is read again just before `losetup -d`, so a loop device that was detached and
    /// reused by someone else since it was recorded is left alone. Waits up to 3 s for a device held open
    /// elsewhere to finish detaching.
    @discardableResult
    package static func detach(_ device: String, ifBackedBy files: [String], on host: any Host) async throws -> Bool {
        let name = BlockDeviceName.kernelName(device)
        guard try await backing(files, on: host).contains(where: { $0.name == name }) else { return false }
        try await host.check(["losetup", "-d", "/dev/" + name])
        // While another process still holds the device open the kernel only marks it for autoclear;
        // wait (briefly) until it is really gone so callers see a settled state.
        for _ in 0..<60 where try await backing(files, on: host).contains(where: { $0.name == name }) {
            try await Task.sleep(nanoseconds: 50_000_000)
        }
        return true
    }

    /// Detaches every loop device backed by one of `files` (each verified just before `losetup -d`)
    /// and deletes those of `files` that are regular files. Idempotent: what is gone already is skipped.
    package static func release(_ files: [String], on host: any Host) async throws -> ScratchRemoval {
        let files = await host.resolved(files)
        var removal = ScratchRemoval()
        for device in try await backing(files, on: host) where try await detach(device.name, ifBackedBy: files, on: host) {
            removal.detached.append(device)
        }
        for file in files where try await host.removeRegularFile(file) {
            removal.deleted.append(file)
        }
        return removal
    }

    /// Parses `losetup --list --json` output; an empty output (no loop devices) is an empty list.
    static func parseList(_ json: String) throws -> [LoopDevice] {
        struct Document: Decodable {
            struct Entry: Decodable {
                var name: String
                var backFile: String?
                enum CodingKeys: String, CodingKey {
                    case name
                    case backFile = "back-file"
                }
            }
            var loopdevices: [Entry]
        }
        guard !json.trimmingWhitespace.isEmpty else { return [] }
        let document = try JSONDecoder().decode(Document.self, from: Data(json.utf8))
        return document.loopdevices.compactMap { entry in
            guard var file = entry.backFile else { return nil }
            if file.hasSuffix(" (deleted)") { file.removeLast(" (deleted)".count) }
            return LoopDevice(name: BlockDeviceName.kernelName(entry.name), backingFile: file)
        }
    }

    /// `path` on this machine made absolute and standardized, with symlinks resolved where the file still exists.
    static func canonicalPath(_ path: String) -> String {
        URL(fileURLWithPath: standardizedPath(path)).resolvingSymlinksInPath().path
    }

    /// `path` made absolute (from this process's working directory) and standardized (`.`, `..`, `//` removed),
    /// without looking at any file system.
    static func standardizedPath(_ path: String) -> String {
        let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        return URL(fileURLWithPath: absolute).standardizedFileURL.path
    }
}
