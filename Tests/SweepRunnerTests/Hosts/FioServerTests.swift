import Foundation
import SweepRecords
import SweepRunner
import Testing

/// Managed fio servers on a host of the test's own (a network namespace with sshd, reached by ``SSHHost``): started
/// with the run's marker, used by a real `fio --client` from this machine, stopped; a server that is not the run's
/// is never stopped; a different fio version is refused with both versions named.
@Suite(.serialized, .needsNamespaces) struct FioServerTests {
    static let environment = Command.environment(path: RunOptions.defaultPath, runID: "")

    /// Starts `server` and makes sure it is killed at `scope`'s teardown, whatever the test did; returns its pid.
    static func start(_ server: FioServer, in scope: TestScope) async throws -> Int32 {
        let pid = try await server.start(environment: environment)
        let host = server.host
        scope.onTeardown("fio server \(pid) on \(server.hostName)") { _ = try? await host.run(["kill", "-KILL", "\(pid)"]) }
        return pid
    }

    @Test("a managed server: started with the marker, serves fio --client from this machine, stopped, nothing left")
    func managedServer() async throws {
        try await withTestScope { scope in
            let made = try await NamespaceHost.make(in: scope)
            let remote = made.ssh()
            let server = FioServer(host: remote, hostName: "c1", address: made.address, port: 8765, runID: "t-\(scope.id)")
            let controller = try await FioServer.version(on: scope.host, environment: Self.environment)
            try await server.checkVersion(controller: controller, environment: Self.environment)
            #expect(try await server.portIsFree(environment: Self.environment))

            let pid = try await Self.start(server, in: scope)
            let environment = Self.environment
            #expect(await server.isOurs(pid, environment: environment))
            #expect(try await !server.portIsFree(environment: environment), "the server listens")

            let job = scope.directory + "/client.fio"
            try "[c]\nrw=write\nbs=4k\nsize=4M\ndirectory=\(scope.directory)\n".write(toFile: job, atomically: true, encoding: .utf8)
            let client = try await scope.host.run(
                ["timeout", "60", "fio", "--client=\(server.endpoint)", job, "--output-format=json"], environment: environment,
                limit: 1 << 22)
            #expect(client.succeeded, "\(client.stderr)")
            let report = try FioParser().parse(Array(client.stdout.utf8), file: "client.json")
            #expect(report.isClientServer && report.groups.count == 1, "\(report.problems)")
            #expect(report.groups.first?.host == made.address + ":8765", "fio names the client's results by address and port")
            #expect((report.groups.first?.value(atPath: "write.iops") ?? 0) > 0, "the client wrote through the server")

            #expect(try await server.stop(pid, environment: environment))
            #expect(try await !server.isAlive(pid, environment: environment), "the server is gone")
            #expect(try await server.portIsFree(environment: environment))
            #expect(!(try await remote.run(["test", "-e", server.pidFile])).succeeded, "its pid file is removed")
        }
    }

    @Test("a fio server that is not the run's (another marker, or none) is never stopped")
    func foreignServerIsKept() async throws {
        try await withTestScope { scope in
            let made = try await NamespaceHost.make(in: scope)
            let remote = made.ssh()
            let pid = try await Self.start(
                FioServer(host: remote, hostName: "c1", address: made.address, port: 8766, runID: "someone-else"), in: scope)
            let ours = FioServer(host: remote, hostName: "c1", address: made.address, port: 8766, runID: "t-\(scope.id)")
            #expect(await !ours.isOurs(pid, environment: Self.environment))
            #expect(try await !ours.stop(pid, environment: Self.environment))
            #expect(try await ours.isAlive(pid, environment: Self.environment), "still running")
            #expect(try await !ours.portIsFree(environment: Self.environment), "and listening")
            let other = FioServer(host: remote, hostName: "c1", address: made.address, port: 8767, runID: "t-\(scope.id)")
            #expect(await !other.isOurs(pid, environment: Self.environment), "another port is another server")
        }
    }

    @Test("a host whose fio is another version is refused, naming the host and both versions")
    func versionMismatch() async throws {
        try await withTestScope { scope in
            let made = try await NamespaceHost.make(in: scope)
            let wrappers = scope.directory + "/old-fio"
            try FileManager.default.createDirectory(atPath: wrappers, withIntermediateDirectories: true)
            try "#!/bin/sh\necho fio-3.1\n".write(toFile: wrappers + "/fio", atomically: true, encoding: .utf8)
            chmod(wrappers + "/fio", 0o755)
            let server = FioServer(host: made.ssh(), hostName: "c2", address: made.address, runID: "t-\(scope.id)")
            let controller = try await FioServer.version(on: scope.host, environment: Self.environment)
            let old = Command.environment(path: wrappers + ":" + RunOptions.defaultPath, runID: "")
            do {
                try await server.checkVersion(controller: controller, environment: old)
                Issue.record("accepted fio-3.1")
            } catch {
                #expect(
                    "\(error)" == "fio on c2 is fio-3.1, this machine's is \(controller): fio's client/server mode needs the same "
                        + "version at both ends; install \(controller) on c2")
            }
        }
    }
}
