import SweepModel

extension ShippedExperiments {
    /// `Experiments/quickstart.yaml`: the seed's study on three scratch loop devices, small and fast.
    public static let quickstart = Experiment("quickstart") {
        Description("8k O_SYNC writes on scratch pools of 1..2 disks, 1..4 fio threads")
        Disks.scratch(count: 3, size: "256M")
        Matrix {
            Axis("ndisks", [1, 2])
            Axis("numjobs", [1, 2, 4])
        }
        Pool("iosweep-quickstart", force: true) {
            Vdev(.stripe, "${disks[:ndisks]}")
        }
        Dataset("iosweep-quickstart/dozer", properties: ["recsize": "8k"])
        Fio(
            jobFile: "workload.fio", directory: "/iosweep-quickstart/dozer", numjobs: "${numjobs}",
            size: "${64 / numjobs}M", runtime: 2)
        Iostat(devices: "${disks[:ndisks]}")
        Results("${ndisks}-disks/${numjobs}-jobs")
    }
}
