import Foundation
import SweepRecords
import SweepRunner
import Testing

@Suite struct FileSystemTests {
    @Test("syncTree fsyncs every file and directory of a cell before its publish, and follows no link")
    func syncTreeVisitsEverything() throws {
        let scratch = try Scratch("synctree")
        defer { scratch.remove() }
        let cell = scratch.root + "/cell"
        try FileSystem.makeDirectory(cell + "/logs")
        for file in ["fio.json", "iostat-scratch0.txt", "logs/0-zpool.stdout", "logs/0-zpool.stderr"] {
            try FileSystem.writeDurably(Data("x".utf8), to: cell + "/" + file)
        }
        let outside = scratch.root + "/outside"
        try FileSystem.makeDirectory(outside)
        try FileSystem.writeDurably(Data("y".utf8), to: outside + "/big")
        try FileManager.default.createSymbolicLink(atPath: cell + "/link", withDestinationPath: outside)

        // 4 files, the cell directory and logs/; the link (and what it points at) is not followed.
        #expect(FileSystem.syncTree(cell) == 6)
        #expect(FileSystem.syncTree(cell + "/fio.json") == 1)
        #expect(FileSystem.syncTree(scratch.root + "/missing") == 0)
    }
}
