import Foundation
@testable import SweepRunner
import Testing

@Suite("Scratch disks")
struct ScratchDisksTests {
    @Test(
        "sizes parse like truncate -s",
        arguments: [
            ("512", Int64(512)), ("64M", 64 << 20), ("1G", 1 << 30), ("2GiB", 2 << 30), ("3k", 3 << 10), ("1T", 1 << 40),
        ])
    func parsesSizes(_ text: String, _ bytes: Int64) {
        #expect(ScratchDisks.parseSize(text) == bytes)
    }

    @Test("invalid sizes are rejected", arguments: ["", "0", "-1G", "1X", "G", "1.5G", "99999999999T"])
    func rejectsSizes(_ text: String) {
        #expect(ScratchDisks.parseSize(text) == nil)
    }

    @Test("create sparse files, attach, find, detach and delete", .needsLoopDevices)
    func lifecycle() async throws {
        try await withTestScope { scope in
            let scratch = ScratchDisks(directory: scope.directory + "/run/.scratch", host: scope.host)
            let journalled = Journalled()
            let disks = try await scratch.create(["scratch0", "scratch1"], size: 64 << 20) { await journalled.add($0) }
            scope.onTeardown("remove scratch") { _ = try await scratch.remove(disks) }

            #expect(disks.map(\.name) == ["scratch0", "scratch1"])
            #expect(await journalled.disks == disks)
            for disk in disks {
                var info = stat()
                #expect(stat(disk.file, &info) == 0)
                #expect(info.st_size == 64 << 20)
                #expect(info.st_blocks * 512 < 1 << 20, "backing file is sparse")
                #expect(stat(disk.devicePath, &info) == 0 && (info.st_mode & S_IFMT) == S_IFBLK)
                #expect(disk.device.hasPrefix("loop"))
            }
            let attached = try await LoopDevice.backing(disks.map(\.file), on: scope.host)
            #expect(Set(attached.map(\.name)) == Set(disks.map(\.device)))
            #expect(Set(try await scratch.leftovers().map(\.name)) == Set(disks.map(\.device)))

            let removal = try await scratch.remove(disks)
            #expect(Set(removal.detached.map(\.name)) == Set(disks.map(\.device)))
            #expect(Set(removal.deleted) == Set(disks.map(\.file)))
            #expect(try await LoopDevice.backing(disks.map(\.file), on: scope.host).isEmpty)
            #expect(disks.allSatisfy { !FileManager.default.fileExists(atPath: $0.file) })

            let again = try await scratch.remove(disks)
            #expect(again.detached.isEmpty && again.deleted.isEmpty, "removing twice does nothing")
        }
    }

    @Test("an existing backing file is refused and nothing is left behind", .needsLoopDevices)
    func existingFile() async throws {
        try await withTestScope { scope async throws in
            let scratch = ScratchDisks(directory: scope.directory, host: scope.host)
            _ = FileManager.default.createFile(atPath: scratch.file(for: "scratch1"), contents: Data("keep".utf8))
            await #expect(throws: ScratchDiskError.self) {
                _ = try await scratch.create(["scratch0", "scratch1"], size: 1 << 20)
            }
            #expect(!FileManager.default.fileExists(atPath: scratch.file(for: "scratch0")), "rolled back")
            #expect(try await LoopDevice.backing([scratch.file(for: "scratch0")], on: scope.host).isEmpty)
            #expect(FileManager.default.contents(atPath: scratch.file(for: "scratch1")) == Data("keep".utf8))
        }
    }

    @Test("a loop device backed by someone else's file is never detached", .needsLoopDevices)
    func foreignLoop() async throws {
        try await withTestScope { scope in
            let foreignFile = scope.directory + "/foreign.img"
            _ = FileManager.default.createFile(atPath: foreignFile, contents: nil)
            try FileHandle(forWritingAtPath: foreignFile).map {
                try $0.truncate(atOffset: 8 << 20); try $0.close()
            }
            let foreign = try await scope.attach(foreignFile)

            let scratch = ScratchDisks(directory: scope.directory + "/scratch", host: scope.host)
            let ours = try await scope.scratch(1)
            #expect(try await LoopDevice.detach(foreign, ifBackedBy: ours.map(\.file), on: scope.host) == false)
            #expect(try await scratch.leftovers().map(\.path) == ours.map(\.devicePath))
            await #expect(throws: ScratchDiskError.self) { _ = try await scratch.remove(files: [foreignFile]) }
            let still = try await LoopDevice.backing([foreignFile], on: scope.host)
            #expect(still.map(\.path) == [foreign])
        }
    }

    @Test("losetup --list --json parses, deleted backing files included")
    func parsesLosetup() throws {
        let json = """
            {"loopdevices": [
              {"name": "/dev/loop1", "back-file": "/tmp/a/scratch0.img"},
              {"name": "/dev/loop2", "back-file": "/tmp/a/scratch1.img (deleted)"},
              {"name": "/dev/loop5", "back-file": null}
            ]}
            """
        let devices = try LoopDevice.parseList(json)
        #expect(
            devices == [
                LoopDevice(name: "loop1", backingFile: "/tmp/a/scratch0.img"),
                LoopDevice(name: "loop2", backingFile: "/tmp/a/scratch1.img"),
            ])
        #expect(try LoopDevice.parseList("").isEmpty)
    }
}

/// Collects the disks ``ScratchDisks/create`` reports one by one.
actor Journalled {
    var disks: [AttachedScratchDisk] = []
    func add(_ disk: AttachedScratchDisk) { disks.append(disk) }
}
