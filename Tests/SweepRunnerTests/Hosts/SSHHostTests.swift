import Foundation
import SweepRunner
import Testing

/// ``SSHHost`` against a real sshd in a network namespace the test makes: every value stays one word on the
/// remote side, exit statuses and output come back, only the forwarded environment crosses, an unreachable host
/// fails within the connect timeout, and one multiplexed connection serves many commands.
@Suite(.serialized, .needsNamespaces) struct SSHHostTests {
    /// Every byte 0x01–0x7F alone and inside text, shell metacharacters, quotes, spaces, an empty word, UTF-8.
    static let hostileWords: [String] = {
        var words = (1...0x7F).map { String(UnicodeScalar(UInt8($0))) }
        words += (1...0x7F).map { "a\(String(UnicodeScalar(UInt8($0))))b" }
        words += [
            "", " ", "  two  spaces ", "it's", "\"double\"", "$(touch /tmp/iosweep-pwned)", "`id`", "; rm -rf /", "a\nb",
            "$HOME", "${PATH}", "*", "~", "-n", "--", "é", "\\", "'\\''", "line\r\n", "tab\there", "!event",
        ]
        return words
    }()

    @Test("every byte of every value reaches the remote program as one word, whatever it holds")
    func wordsStayWords() async throws {
        try await withTestScope { scope in
            let remote = try await NamespaceHost.make(in: scope).ssh()
            // printf's format `%s\0` writes each argument and a NUL: the words come back exactly, split by NUL.
            let result = try await remote.run(["printf", "%s\\0"] + Self.hostileWords)
            #expect(result.succeeded, "\(result.stderr)")
            var words = result.stdout.split(separator: "\0", omittingEmptySubsequences: false).map(String.init)
            #expect(words.popLast() == "", "ends with a NUL")
            #expect(words == Self.hostileWords)
            #expect(!FileManager.default.fileExists(atPath: "/tmp/iosweep-pwned"), "nothing was executed")
        }
    }

    @Test("exit status, stdout, stderr and a missing program come back as from a local process")
    func statusAndOutput() async throws {
        try await withTestScope { scope in
            let remote = try await NamespaceHost.make(in: scope).ssh()
            #expect(try await remote.run(["false"]).termination == .exited(1))
            let missing = try await remote.run(["iosweep-no-such-program"])
            #expect(missing.termination == .exited(127), "\(missing.stderr)")
            let listed = try await remote.run(["ls", "/iosweep-no-such-file"])
            #expect(listed.termination == .exited(2) && listed.stderr.contains("/iosweep-no-such-file"), "\(listed.stderr)")
            #expect(listed.argv == ["ls", "/iosweep-no-such-file"], "the result names the remote argv")
        }
    }

    @Test("a started process: its working directory, only the forwarded environment, output into local files")
    func startedProcess() async throws {
        try await withTestScope { scope in
            let remote = try await NamespaceHost.make(in: scope).ssh()
            let directory = scope.directory + "/remote dir 'quoted'"
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            let out = scope.directory + "/env.out"
            let process = try await remote.start(
                Command(
                    argv: ["sh", "-c", "pwd; env | sort"],
                    environment: ["PATH": "/usr/bin:/bin", "LC_ALL": "C", "IOSWEEP_RUN_ID": "r-1", "SECRET": "not sent"],
                    workingDirectory: directory, stdoutPath: out))
            #expect(await process.wait(upTo: 30) == .exited(0))
            let lines = try String(contentsOfFile: out, encoding: .utf8).split(separator: "\n").map(String.init)
            #expect(lines.first == directory, "\(lines)")
            let names = Set(lines.dropFirst().compactMap { $0.split(separator: "=").first.map(String.init) })
            #expect(names.isSuperset(of: ["PATH", "LC_ALL", "IOSWEEP_RUN_ID"]) && !names.contains("SECRET"), "\(lines)")
            #expect(lines.contains("IOSWEEP_RUN_ID=r-1"))
        }
    }

    @Test("an unreachable host fails within the connect timeout, with ssh's exit status 255")
    func unreachableHost() async throws {
        try await withTestScope { scope in
            let made = try await NamespaceHost.make(in: scope)
            let remote = SSHHost(destination: "root@" + made.unreachable, options: made.sshOptions, connectTimeout: 2)
            let start = Date()
            let result = try await remote.run(["true"])
            let seconds = Date().timeIntervalSince(start)
            #expect(result.termination == .exited(255), "\(result.stderr)")
            #expect(seconds < 6, "took \(seconds) s")
            await #expect(throws: CommandError.self) { try await SSHHost(destination: "-oProxyCommand=x").run(["true"]) }
        }
    }

    @Test("one multiplexed connection serves every command and is closed at the end")
    func multiplexedConnection() async throws {
        try await withTestScope { scope in
            let control = scope.directory + "/cm.sock"
            let remote = try await NamespaceHost.make(in: scope).ssh(controlPath: control)
            #expect(try await remote.run(["true"]).succeeded)
            #expect(FileManager.default.fileExists(atPath: control), "the master is up")
            let start = Date()
            for _ in 0..<10 { #expect(try await remote.run(["true"]).succeeded) }
            let perCommand = Date().timeIntervalSince(start) / 10
            #expect(perCommand < 0.5, "\(perCommand) s per command over the shared connection")
            await remote.closeConnection()
            for _ in 0..<20 where FileManager.default.fileExists(atPath: control) { try await Task.sleep(nanoseconds: 100_000_000) }
            #expect(!FileManager.default.fileExists(atPath: control), "closed")
        }
    }
}
