@testable import SweepRunner
import Testing

/// Recognising a leftover process by its command line before ending it.
struct ProcessMatchingTests {
    @Test("a program exec'd by `env NAME=VALUE…` matches its recorded argv; anything else does not")
    func envExec() {
        let recorded = ["env", "LC_ALL=C", "S_TIME_FORMAT=ISO", "iostat", "-dxyt", "/dev/loop3", "1"]
        #expect(LiveProcess.commandLine(["iostat", "-dxyt", "/dev/loop3", "1"], runs: recorded))
        #expect(LiveProcess.commandLine(recorded, runs: recorded))
        #expect(LiveProcess.commandLine(["/usr/bin/fio", "--numjobs=2"], runs: ["fio", "--numjobs=2"]))
        #expect(!LiveProcess.commandLine(["iostat", "-dxyt", "/dev/loop4", "1"], runs: recorded))
        #expect(!LiveProcess.commandLine(["iostat", "-dxyt", "/dev/loop3"], runs: recorded))
        #expect(!LiveProcess.commandLine(["bash"], runs: ["env", "-i", "bash"]))
        #expect(!LiveProcess.commandLine(["LC_ALL=C"], runs: ["env", "LC_ALL=C"]))
    }
}
