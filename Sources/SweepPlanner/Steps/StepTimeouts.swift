/// Step time limits in seconds. Collectors have none (the runner stops them after the workload).
enum StepTimeouts {
    /// `zpool create`, `zfs create` and their teardown.
    static let resource: Double = 300
    /// `zpool status`, `zfs get all`.
    static let record: Double = 60
    /// Added to the workload's runtime: fio lays out files before and syncs after the timed part.
    static let workloadGrace: Double = 300
}
