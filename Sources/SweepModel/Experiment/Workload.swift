/// What runs in each cell while the collectors sample.
public enum Workload: Hashable, Sendable, Codable {
    case fio(Fio)
    /// Any other load generator, as an argv list.
    case command(CommandWorkload)
}

/// An fio run: `fio --directory=… --numjobs=… --size=… --runtime=… --output=… --output-format=json+ [--k=v…] JOBFILE`.
public struct Fio: Hashable, Sendable, Codable {
    /// A job file, relative to the experiment file.
    public var jobFile: String?
    /// Inline job-file text, used when there is no `jobFile`.
    public var job: String?
    public var directory: Value?
    /// Block devices fio runs on (`--filename=/dev/sdb:/dev/sdc`): names from `disks`, a list or an
    /// expression such as `${disks[:ndisks]}`. A workload that can write destroys them.
    public var devices: Value?
    public var numjobs: Value?
    public var size: Value?
    /// Seconds.
    public var runtime: Value?
    /// Any other fio option, passed as `--name=value` in this order.
    public var options: Settings
    /// `--output-format`; `json+` by default.
    public var outputFormat: String

    public init(
        jobFile: String? = nil, job: String? = nil, directory: Value? = nil, devices: Value? = nil, numjobs: Value? = nil,
        size: Value? = nil, runtime: Value? = nil, options: Settings = [:], outputFormat: String = "json+"
    ) {
        self.jobFile = jobFile
        self.job = job
        self.directory = directory
        self.devices = devices
        self.numjobs = numjobs
        self.size = size
        self.runtime = runtime
        self.options = options
        self.outputFormat = outputFormat
    }
}

/// A generic workload command.
public struct CommandWorkload: Hashable, Sendable, Codable {
    public var argv: [Value]
    /// Expected duration in seconds, for estimates and the step timeout.
    public var runtime: Value?

    public init(argv: [Value], runtime: Value? = nil) {
        self.argv = argv
        self.runtime = runtime
    }
}
