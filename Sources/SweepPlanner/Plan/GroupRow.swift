/// A group as a renderer reads it: its key, setup and teardown, and how many cells follow. Valid only during the
/// calls that hand it over (``RowVisitor/begin(_:)`` to ``RowVisitor/end(_:)``).
struct GroupRow {
    /// The UTF-8 of the group's key, in the memory that keeps it (with `recreate: per-cell`, its cell's id: no
    /// string is made per cell).
    let key: UnsafeBufferPointer<UInt8>
    let setup: [Step]
    let teardown: [Step]
    let cellCount: Int

    /// The group's key, made.
    var keyText: String { String(decoding: key, as: UTF8.self) }
}
