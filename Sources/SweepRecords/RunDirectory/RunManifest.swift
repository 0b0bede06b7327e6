import Foundation
import SweepModel

/// `iosweep-run.json`: what was run, by which tool, on which machine.
public struct RunManifest: Hashable, Sendable, Codable {
    public var schemaVersion: Int
    /// The run id: the marker on pools and spawned processes; kept across resumes, new after `--restart`.
    public var runID: String
    public var toolVersion: String
    /// The frozen experiment; `nil` when the run was started from a rendered plan (`run --plan`).
    public var experiment: Experiment?
    public var experimentName: String
    public var planFingerprint: String
    /// When the run directory was created, and when a run last started in it.
    public var created: String
    public var lastStarted: String
    public var host: HostFacts

    public init(
        runID: String, toolVersion: String, experiment: Experiment?, experimentName: String,
        planFingerprint: String, created: String, lastStarted: String, host: HostFacts
    ) {
        self.schemaVersion = RunLayout.SchemaVersion.manifest
        self.runID = runID
        self.toolVersion = toolVersion
        self.experiment = experiment
        self.experimentName = experimentName
        self.planFingerprint = planFingerprint
        self.created = created
        self.lastStarted = lastStarted
        self.host = host
    }

    /// Reads `iosweep-run.json`; `nil` when missing or unreadable (a new run).
    public static func load(path: String) -> RunManifest? {
        FileSystem.read(path).flatMap { try? JSONDecoder().decode(RunManifest.self, from: $0) }
    }
}
