/// A declared storage-performance study: what to build, what to run, what to sample, where to write.
///
/// The same value comes from a YAML file (``ExperimentLoader``) or from the Swift result builder;
/// the planner turns it into a `Plan`. It holds no source locations, so two forms of one study compare `==`.
public struct Experiment: Hashable, Sendable, Codable {
    /// A slug naming the study (`zil-sync-writes`); also the default results directory name.
    public var name: String
    public var description: String?
    /// The devices the study may destroy (the allowlist), or scratch loop devices made for the run.
    public var disks: Disks
    /// The machines the study uses besides the controller (``StudyHost``); empty runs everything here.
    public var hosts: [StudyHost]
    public var matrix: Matrix
    /// The pool built for each cell (or group of cells); `nil` runs the workload in an existing directory.
    public var pool: Pool?
    public var datasets: [Dataset]
    /// The file system made for each cell (or group of cells): another target than a pool.
    public var filesystem: Filesystem?
    public var workload: Workload
    public var collectors: [Collector]
    public var hooks: Hooks
    /// The cell directory template, relative to the results directory (`${ndisks}-disks/${numjobs}-jobs`).
    /// `nil` uses the cell id.
    public var results: String?
    /// Prefix privileged commands (zpool, zfs, losetup, fio on a pool) with `sudo`.
    public var sudo: Bool
    /// Allow destroying devices that carry a partition table or filesystem signature.
    public var wipe: Bool
    /// The best feasible value of one parameter, searched instead of an axis (adaptive).
    public var search: SearchRule?
    /// Rounds of each cell until its metric is steady (adaptive).
    public var steadyState: SteadyStateRule?

    public init(
        name: String,
        description: String? = nil,
        disks: Disks = .devices([]),
        hosts: [StudyHost] = [],
        matrix: Matrix = Matrix(),
        pool: Pool? = nil,
        datasets: [Dataset] = [],
        filesystem: Filesystem? = nil,
        workload: Workload,
        collectors: [Collector] = [],
        hooks: Hooks = Hooks(),
        results: String? = nil,
        sudo: Bool = false,
        wipe: Bool = false,
        search: SearchRule? = nil,
        steadyState: SteadyStateRule? = nil
    ) {
        self.steadyState = steadyState
        self.search = search
        self.name = name
        self.description = description
        self.disks = disks
        self.hosts = hosts
        self.matrix = matrix
        self.pool = pool
        self.datasets = datasets
        self.filesystem = filesystem
        self.workload = workload
        self.collectors = collectors
        self.hooks = hooks
        self.results = results
        self.sudo = sudo
        self.wipe = wipe
    }
}
