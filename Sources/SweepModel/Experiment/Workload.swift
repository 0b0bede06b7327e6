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
    /// The load-generating hosts (names from `hosts`): a name, a list or an expression (`${hosts[1:1 + nclients]}`).
    /// With clients, the controller runs `fio --client=HOST JOBFILE …` and each host's `fio --server` runs the job;
    /// the options go into one job file per client (fio ignores job options on the command line in client mode),
    /// with `${host}` naming the client a job file is written for. `nil` runs fio on the controller.
    public var clients: Value?
    /// Who runs the clients' `fio --server`: iosweep (``FioServers/managed``) or the user (``FioServers/external``).
    public var servers: FioServers

    public init(
        jobFile: String? = nil, job: String? = nil, directory: Value? = nil, devices: Value? = nil, numjobs: Value? = nil,
        size: Value? = nil, runtime: Value? = nil, options: Settings = [:], outputFormat: String = "json+",
        clients: Value? = nil, servers: FioServers = .managed
    ) {
        self.clients = clients
        self.servers = servers
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

/// Who runs the `fio --server` of each client host.
public enum FioServers: String, Hashable, Sendable, Codable, CaseIterable {
    /// iosweep starts one per host for the run (its run id in the server's environment) and stops it at the end.
    case managed
    /// The user runs them: the preflight checks each answers on its port.
    case external
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
