/// The tool's version, recorded in every run directory.
public enum IOSweepVersion {
    public static let current = "0.1.0"
}
