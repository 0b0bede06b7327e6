import ArgumentParser
import SweepModel
import SweepRunner

extension IOSweep {
    /// `iosweep sample-diskstats`: the built-in `/proc/diskstats` collector (hidden; plans call it).
    struct SampleDiskstats: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "sample-diskstats",
            abstract: "Sample /proc/diskstats to stdout until SIGINT or SIGTERM.",
            shouldDisplay: false)

        @Option(help: "Seconds between samples.")
        var interval: Double = 1

        @Argument(help: "Devices to sample (all when none).")
        var devices: [String] = []

        func validate() throws {
            guard interval > 0, interval <= Double(ExperimentLimits.runtimeSeconds) else {
                throw ValidationError("--interval must be positive and at most \(ExperimentLimits.runtimeSeconds) seconds")
            }
        }

        func run() throws {
            let status = DiskstatsSampler(interval: interval, devices: devices).run()
            throw ExitCode(status)
        }
    }
}
