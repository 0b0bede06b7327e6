/// What a path on a host is, after symbolic links: what the disk-safety checks and scratch disks ask of a host's
/// file system.
package enum FileKind: Hashable, Sendable {
    case regular
    case directory
    case blockDevice
    /// A character device, socket, FIFO.
    case other
}
