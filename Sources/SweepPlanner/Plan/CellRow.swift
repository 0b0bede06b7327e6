import SweepModel

/// One cell as a renderer reads it, where the plan keeps it (a ``CellTable``'s run of cells, or a made
/// ``Cell``), without a ``Cell`` made for it: a million-cell plan is written without a million cells made and
/// freed. Valid only during the call that hands it over (``RowVisitor/cell(_:)``).
struct CellRow {
    /// The UTF-8 of the cell's id, in the memory that keeps it.
    let id: UnsafeBufferPointer<UInt8>
    /// The cell's values; empty unless the visitor reads them (``RowVisitor/readsValues``).
    let values: Settings
    let resultPath: String
    /// The hex digits of the cell's fingerprint, in the memory that keeps them.
    let fingerprint: UnsafeBufferPointer<UInt8>
    let estimatedSeconds: Double?
    let steps: [Step]

    /// The cell's id, made.
    var idText: String { String(decoding: id, as: UTF8.self) }
}
