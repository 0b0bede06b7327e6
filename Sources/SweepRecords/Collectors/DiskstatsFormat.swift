import SweepModel

/// The `iosweep diskstats v1` file format, written by the runner's sampler and read by the reports: its first
/// line, then per sample an `@` line with the UTC time (ISO 8601, milliseconds) followed by the raw
/// `/proc/diskstats` lines of the sampled devices.
public enum DiskstatsFormat {
    /// The first line of every file, and the format's version.
    public static let header = "# iosweep diskstats v\(RunLayout.SchemaVersion.diskstats)"
}
