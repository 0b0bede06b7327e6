/// A part of an experiment written in an `Experiment("name") { … }` block.
///
/// The model types themselves are components (`Disks`, `Matrix`, `Pool`, `Dataset`, `Fio`,
/// `CommandWorkload`, `Collector`, `Hooks`), next to a few small ones for the scalar keys
/// (`Description`, `Results`, `Sudo`, `Wipe`) and the collectors (`Iostat`, `Mpstat`, …).
public protocol ExperimentComponent: Sendable {
    /// Writes this part into the experiment being built.
    func apply(to experiment: inout Experiment)
}

extension Experiment {
    /// Builds an experiment from components:
    ///
    /// ```swift
    /// Experiment("zil-sync-writes") {
    ///     Description("8k O_SYNC writes")
    ///     Disks("sdb", "sdc", "sdd")
    ///     Matrix { Axis("ndisks", [1, 2, 3]) }
    ///     Pool("tank", force: true) { Vdev(.stripe, "${disks[:ndisks]}") }
    ///     Dataset("tank/dozer", properties: ["recsize": "8k"])
    ///     Fio(jobFile: "workload.fio", directory: "/tank/dozer", numjobs: "${numjobs}")
    ///     Iostat(devices: "${disks[:ndisks]}")
    ///     Results("${ndisks}-disks")
    /// }
    /// ```
    /// Without a workload component the workload is an empty command, which validation reports.
    public init(_ name: String, @ListBuilder<any ExperimentComponent> _ content: () -> [any ExperimentComponent]) {
        self.init(name: name, workload: .command(CommandWorkload(argv: [])))
        for component in content() { component.apply(to: &self) }
    }
}

/// `description:`
public struct Description: ExperimentComponent {
    public var text: String
    public init(_ text: String) { self.text = text }
    public func apply(to experiment: inout Experiment) { experiment.description = text }
}

/// `results:` — the cell directory template.
public struct Results: ExperimentComponent {
    public var template: String
    public init(_ template: String) { self.template = template }
    public func apply(to experiment: inout Experiment) { experiment.results = template }
}

/// `sudo: true`
public struct Sudo: ExperimentComponent {
    public init() {}
    public func apply(to experiment: inout Experiment) { experiment.sudo = true }
}

/// `wipe: true`
public struct Wipe: ExperimentComponent {
    public init() {}
    public func apply(to experiment: inout Experiment) { experiment.wipe = true }
}

extension Disks: ExperimentComponent {
    /// `disks: [sdb, sdc]`
    public init(_ names: String...) { self = .devices(names) }

    /// `disks: {scratch: {count, size, dir}}`
    public static func scratch(count: Int, size: String, dir: String? = nil) -> Disks {
        .scratch(Scratch(count: count, size: size, dir: dir))
    }

    public func apply(to experiment: inout Experiment) { experiment.disks = self }
}

extension Matrix: ExperimentComponent {
    public func apply(to experiment: inout Experiment) { experiment.matrix = self }
}

extension Pool: ExperimentComponent {
    public func apply(to experiment: inout Experiment) { experiment.pool = self }
}

extension Filesystem: ExperimentComponent {
    public func apply(to experiment: inout Experiment) { experiment.filesystem = self }
}

extension Dataset: ExperimentComponent {
    public func apply(to experiment: inout Experiment) { experiment.datasets.append(self) }
}

extension Fio: ExperimentComponent {
    public func apply(to experiment: inout Experiment) { experiment.workload = .fio(self) }
}

extension CommandWorkload: ExperimentComponent {
    public func apply(to experiment: inout Experiment) { experiment.workload = .command(self) }
}

extension Workload: ExperimentComponent {
    public func apply(to experiment: inout Experiment) { experiment.workload = self }
}

/// `search: {…}`: `SearchRule(parameter: "rate_iops", lower: 500, upper: 100_000, constraints: [...])`.
extension SearchRule: ExperimentComponent {
    public func apply(to experiment: inout Experiment) { experiment.search = self }
}

/// `steady-state: {…}`.
extension SteadyStateRule: ExperimentComponent {
    public func apply(to experiment: inout Experiment) { experiment.steadyState = self }
}

extension Collector: ExperimentComponent {
    public func apply(to experiment: inout Experiment) { experiment.collectors.append(self) }
}

extension Hooks: ExperimentComponent {
    public func apply(to experiment: inout Experiment) { experiment.hooks = self }
}

extension StudyHost: ExperimentComponent {
    /// Declares the host (`hosts:`), in the order written.
    public func apply(to experiment: inout Experiment) { experiment.hosts.append(self) }
}
