import SweepModel

extension ShippedExperiments {
    /// `Experiments/multihost.yaml`: 1 and 2 fio clients against a pool on a storage host, each client writing
    /// into its own dataset; `Scripts/multihost-demo.sh` makes the hosts.
    public static let multihost = Experiment("multihost") {
        Description("fio client/server scaling, 1 and 2 clients, against a pool on a storage host")
        for (name, address) in [("storage", "10.213.250.2"), ("c1", "10.213.250.10"), ("c2", "10.213.250.18")] {
            StudyHost(name: name, ssh: "root@" + address, sshOptions: ["-F", "/run/iosweep-multihost/ssh_config"])
        }
        Disks.scratch(count: 1, size: "512M")
        Matrix {
            Axis("nclients", [1, 2])
        }
        Pool("mhsweep", host: "storage") {
            Vdev(.stripe, "${disks[:1]}")
        }
        Dataset("mhsweep/c1")
        Dataset("mhsweep/c2")
        Fio(
            job: "[randwrite]\nrw=randwrite\nbs=4k\nioengine=psync\nsize=16m\ntime_based\n", directory: "/mhsweep/${host}",
            runtime: 4, clients: "${hosts[1:1 + nclients]}", servers: .managed)
        Iostat(hosts: "storage")
        Mpstat(hosts: "${hosts[1:1 + nclients]}")
        Results("${nclients}-clients")
    }
}
