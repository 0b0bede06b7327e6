/// The steps of every cell whose step-affecting values are equal: built once, shared by all of them
/// (one copy of each argv in memory, one hash of the steps for their fingerprints).
final class SharedSteps: Sendable {
    /// Stable key of the pool-affecting values (`ndisks=2`), the group key with `recreate: per-group`.
    let poolKey: String
    let devices: [String]
    /// Group setup, cell steps, group teardown as the recreate mode places them.
    let setup: [Step]
    let steps: [Step]
    let teardown: [Step]
    let seconds: Double?
    /// SHA-256 of the canonical encoding of setup, steps and teardown; empty when no fingerprint is made.
    let digest: [UInt8]

    /// What a cell whose steps could not be built (a problem reported) shares: nothing.
    static let none = SharedSteps(poolKey: "", devices: [], setup: [], steps: [], teardown: [], seconds: nil, digest: [])

    init(poolKey: String, devices: [String], setup: [Step], steps: [Step], teardown: [Step], seconds: Double?, digest: [UInt8]) {
        self.poolKey = poolKey
        self.devices = devices
        self.setup = setup
        self.steps = steps
        self.teardown = teardown
        self.seconds = seconds
        self.digest = digest
    }
}
