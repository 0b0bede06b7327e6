import Foundation
import SweepModel

/// `iosweep-run.json`: what was run, by which tool, on which machine.
///
/// Its one reader for every command (the runner taking a directory over, `clean`, `report`, `compare`,
/// `notebook`) is tolerant, so that a manifest of an older or newer schema version still reads: every field may
/// be missing (text fields are then empty), unknown fields are ignored, an `experiment` this version cannot
/// decode leaves ``experiment`` `nil` but still gives its ``summary``, and `host` keeps the facts it knows.
public struct RunManifest: Hashable, Sendable, Codable {
    public var schemaVersion: Int
    /// The run id: the marker on pools and spawned processes; kept across resumes, new after `--restart`.
    /// Empty when the file has none (not a directory `clean` may act on).
    public var runID: String
    public var toolVersion: String
    /// The frozen experiment; `nil` when the run was started from a rendered plan (`run --plan`), or when the
    /// file's experiment does not decode as this version's.
    public var experiment: Experiment?
    public var experimentName: String
    public var planFingerprint: String
    /// When the run directory was created, and when a run last started in it.
    public var created: String
    public var lastStarted: String
    public var host: HostFacts
    /// The facts of the study's other hosts (``Experiment/hosts`` reached over ssh), by host name; empty for a
    /// study on one machine.
    public var hosts: [String: HostFacts]
    /// Name, description and axes of the experiment, read from the file whatever its schema version.
    /// Derived on reading, never written.
    public var summary: ExperimentSummary

    public init(
        runID: String, toolVersion: String, experiment: Experiment?, experimentName: String,
        planFingerprint: String, created: String, lastStarted: String, host: HostFacts, hosts: [String: HostFacts] = [:]
    ) {
        self.hosts = hosts
        self.schemaVersion = RunLayout.SchemaVersion.manifest
        self.runID = runID
        self.toolVersion = toolVersion
        self.experiment = experiment
        self.experimentName = experimentName
        self.planFingerprint = planFingerprint
        self.created = created
        self.lastStarted = lastStarted
        self.host = host
        self.summary = experiment.map(ExperimentSummary.init) ?? ExperimentSummary(name: experimentName)
    }

    private enum CodingKeys: String, CodingKey {
        case schemaVersion, runID, toolVersion, experiment, experimentName, planFingerprint, created, lastStarted, host, hosts
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(schemaVersion, forKey: .schemaVersion)
        try c.encode(runID, forKey: .runID)
        try c.encode(toolVersion, forKey: .toolVersion)
        try c.encodeIfPresent(experiment, forKey: .experiment)
        try c.encode(experimentName, forKey: .experimentName)
        try c.encode(planFingerprint, forKey: .planFingerprint)
        try c.encode(created, forKey: .created)
        try c.encode(lastStarted, forKey: .lastStarted)
        try c.encode(host, forKey: .host)
        if !hosts.isEmpty { try c.encode(hosts, forKey: .hosts) }
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let experiment = (try? c.decodeIfPresent(Experiment.self, forKey: .experiment)) ?? nil
        var summary = (try? c.decodeIfPresent(ExperimentSummary.self, forKey: .experiment)) ?? ExperimentSummary()
        var name = Self.text(c, .experimentName)
        if name.isEmpty { name = summary.name ?? "" }
        if summary.name == nil, !name.isEmpty { summary.name = name }
        self.schemaVersion = (try? c.decodeIfPresent(Int.self, forKey: .schemaVersion)) ?? 1
        self.runID = Self.text(c, .runID)
        self.toolVersion = Self.text(c, .toolVersion)
        self.experiment = experiment
        self.experimentName = name
        self.planFingerprint = Self.text(c, .planFingerprint)
        self.created = Self.text(c, .created)
        self.lastStarted = Self.text(c, .lastStarted)
        self.host = (try? c.decodeIfPresent(HostFacts.self, forKey: .host)) ?? HostFacts()
        self.hosts = (try? c.decodeIfPresent([String: HostFacts].self, forKey: .hosts)) ?? [:]
        self.summary = summary
    }

    /// The text at `key`, empty when it is missing or not a string.
    private static func text(_ c: KeyedDecodingContainer<CodingKeys>, _ key: CodingKeys) -> String {
        (try? c.decodeIfPresent(String.self, forKey: key)) ?? ""
    }

    /// Reads `iosweep-run.json` at `path`; `nil` when it is missing, and also when it does not read as a
    /// manifest (for the runner, a new run).
    public static func load(path: String) -> RunManifest? {
        try? read(path: path)
    }

    /// Reads `iosweep-run.json` at `path`; `nil` when there is none (a results tree not written by `iosweep run`).
    /// - Throws: ``ResultFileError`` naming the file when it exists but cannot be read or is not a JSON object.
    public static func read(path: String) throws(ResultFileError) -> RunManifest? {
        let bytes: [UInt8]
        switch FileContents.read(path, limit: FileContents.textLimit) {
        case .success(let read): bytes = read
        case .failure(.missing): return nil
        case .failure(let failure): throw ResultFileError(file: path, "\(failure)")
        }
        do {
            return try JSONDecoder().decode(RunManifest.self, from: Data(bytes))
        } catch {
            throw ResultFileError(file: path, "not a JSON object (\(error))")
        }
    }

    /// Reads the manifest of the run directory `directory` (see ``read(path:)``).
    public static func read(directory: String) throws(ResultFileError) -> RunManifest? {
        try read(path: (directory.hasSuffix("/") ? directory : directory + "/") + RunLayout.manifest)
    }
}
