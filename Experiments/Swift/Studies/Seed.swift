import SweepModel

extension ShippedExperiments {
    /// `Experiments/seed.yaml`: the seed's sweep — 8k O_SYNC writes, 1..1024 fio threads, pools of 1..3 disks.
    public static let seed = Experiment("zil-sync-writes") {
        Description("8k O_SYNC writes, 1..1024 fio threads, pools of 1..3 disks")
        Disks("sdb", "sdc", "sdd")
        Matrix {
            Axis("ndisks", [1, 2, 3])
            Axis("numjobs", [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024])
        }
        Pool("tank", force: true, recreate: .perCell) {
            Vdev(.stripe, "${disks[:ndisks]}")
        }
        Dataset("tank/dozer", properties: ["recsize": "8k"])
        Fio(jobFile: "workload.fio", directory: "/tank/dozer", numjobs: "${numjobs}", size: "${1048576 / numjobs}M", runtime: 60)
        Iostat(devices: "${disks[:ndisks]}", interval: 1)
        Results("${ndisks}-disks/${numjobs}-jobs")
    }
}
