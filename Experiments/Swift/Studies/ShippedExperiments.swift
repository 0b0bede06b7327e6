import SweepModel

/// The Swift-builder forms of the studies in `Experiments/*.yaml`; each is `==` to its YAML twin.
public enum ShippedExperiments {
    /// Every study with the name of its YAML twin in `Experiments/`.
    public static let all: [(file: String, experiment: Experiment)] = [
        ("seed.yaml", seed),
        ("quickstart.yaml", quickstart),
        ("directory.yaml", directory),
        ("raw.yaml", raw),
        ("filesystems.yaml", filesystems),
        ("multihost.yaml", multihost),
    ]
}
