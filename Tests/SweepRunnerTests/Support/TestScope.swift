import Foundation
import SweepRunner
import Testing

/// Everything a test creates on the machine, torn down in reverse order when the test ends,
/// whether it passed, failed an expectation or threw.
final class TestScope: @unchecked Sendable {
    let host = LocalHost()
    /// A unique suffix for this test's names (`iosweep-t-<id>`).
    let id: String
    /// A fresh temporary directory, removed at the end.
    let directory: String
    private let lock = NSLock()
    private var teardowns: [(String, @Sendable () async throws -> Void)] = []

    init() throws {
        id = String(UInt64.random(in: 0..<UInt64.max), radix: 36)
        directory = NSTemporaryDirectory() + "iosweep-test-" + id
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    /// A pool name no other test uses.
    func poolName(_ suffix: String = "") -> String { "iosweep-t-\(id)\(suffix)" }

    /// The run id this test's pools are marked with.
    var runID: String { "t-\(id)" }

    /// A pool name no other test uses, destroyed (`zpool destroy -f`) at teardown whatever the test did.
    func ownedPoolName(_ suffix: String = "") -> String {
        let pool = poolName(suffix)
        onTeardown(run: ["zpool", "destroy", "-f", pool])
        return pool
    }

    /// Registers `teardown`, run at the end of the test before those registered earlier.
    func onTeardown(_ what: String, _ teardown: @escaping @Sendable () async throws -> Void) {
        lock.withLock { teardowns.append((what, teardown)) }
    }

    /// Registers a command to run at teardown (its failure is ignored: the thing may be gone already).
    func onTeardown(run argv: [String]) {
        let host = self.host
        onTeardown(argv.joined(separator: " ")) { _ = try await host.run(argv) }
    }

    /// Creates scratch disks in this scope's directory; they are detached and deleted at teardown.
    func scratch(_ count: Int, size: Int64 = 64 << 20, prefix: String = "scratch") async throws -> [AttachedScratchDisk] {
        let disks = ScratchDisks(directory: directory + "/scratch", host: host)
        let made = try await disks.create((0..<count).map { "\(prefix)\($0)" }, size: size) { [self] disk in
            onTeardown("remove \(disk.name)") { _ = try await disks.remove([disk]) }
        }
        return made
    }

    /// Attaches `file` to a loop device directly (not through ``ScratchDisks``); detached at teardown.
    func attach(_ file: String, partscan: Bool = false) async throws -> String {
        let result = try await host.check(["losetup", "--find", "--show"] + (partscan ? ["--partscan"] : []) + [file])
        let path = result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let files = [file]
        let host = self.host
        onTeardown("detach \(path)") { try await LoopDevice.detach(path, ifBackedBy: files, on: host) }
        return path
    }

    /// Creates a pool with `argv` (`zpool create …`), destroyed at teardown whatever its marker.
    func createPoolUnguarded(_ name: String, _ argv: [String]) async throws {
        onTeardown(run: ["zpool", "destroy", "-f", name])
        try await host.check(argv)
    }

    /// Runs every teardown in reverse order, then removes the directory.
    func tearDown() async {
        let steps = lock.withLock { () -> [(String, @Sendable () async throws -> Void)] in
            defer { teardowns = [] }
            return teardowns.reversed()
        }
        for (what, step) in steps {
            do { try await step() } catch { print("teardown of \(what) failed: \(error)") }
        }
        try? FileManager.default.removeItem(atPath: directory)
    }
}

/// Runs `body` with a fresh ``TestScope`` and tears the scope down afterwards, also when `body` throws.
func withTestScope<T>(_ body: (TestScope) async throws -> T) async throws -> T {
    let scope = try TestScope()
    do {
        let result = try await body(scope)
        await scope.tearDown()
        return result
    } catch {
        await scope.tearDown()
        throw error
    }
}
