import SweepModel

extension ShippedExperiments {
    /// `Experiments/directory.yaml`: fio in a scratch directory — no pool, no root, nothing destroyed.
    public static let directory = Experiment("directory-sync-writes") {
        Description("8k O_SYNC writes in /tmp/iosweep-directory, 1..2 fio threads")
        Matrix {
            Axis("numjobs", [1, 2])
        }
        Fio(jobFile: "workload.fio", directory: "/tmp/iosweep-directory", numjobs: "${numjobs}", size: "8M", runtime: 1)
        Vmstat()
        Hooks(
            beforeRun: [["mkdir", "-p", "/tmp/iosweep-directory"]],
            afterRun: [["rm", "-rf", "/tmp/iosweep-directory"]])
        Results("${numjobs}-jobs")
    }
}
