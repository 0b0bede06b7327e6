import ArgumentParser

/// The documented exit statuses of `iosweep`.
public enum ExitStatus {
    /// The run or report finished, but some cells failed or values were missing.
    public static let failure = ExitCode(1)
    /// The experiment file is invalid (every problem was printed).
    public static let invalidExperiment = ExitCode(2)
    /// Refused: a disk safety check or the environment (missing tool, not root) stopped the run.
    public static let refused = ExitCode(3)
    /// Another `iosweep run` holds the results directory's lock.
    public static let locked = ExitCode(4)
    public static let interrupted = ExitCode(130)
    public static let terminated = ExitCode(143)
}
