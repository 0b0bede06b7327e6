/// A scratch disk attached for a run (the planned ``ScratchDisk`` once bound): the experiment's symbolic name, its sparse file and its loop device.
package struct AttachedScratchDisk: Hashable, Sendable, Codable {
    /// Symbolic name the experiment uses (`scratch0`).
    package var name: String
    /// Absolute path of the sparse backing file.
    package var file: String
    /// Loop device kernel name (`loop3`).
    package var device: String

    package init(name: String, file: String, device: String) {
        self.name = name
        self.file = file
        self.device = device
    }

    /// `/dev/<device>`.
    package var devicePath: String { "/dev/" + device }
}
