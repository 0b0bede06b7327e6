/// A scratch disk attached for a run (the planned ``ScratchDisk`` once bound): the experiment's symbolic name, its sparse file and its loop device.
public struct AttachedScratchDisk: Hashable, Sendable, Codable {
    /// Symbolic name the experiment uses (`scratch0`).
    public var name: String
    /// Absolute path of the sparse backing file.
    public var file: String
    /// Loop device kernel name (`loop3`).
    public var device: String

    public init(name: String, file: String, device: String) {
        self.name = name
        self.file = file
        self.device = device
    }

    /// `/dev/<device>`.
    public var devicePath: String { "/dev/" + device }
}
