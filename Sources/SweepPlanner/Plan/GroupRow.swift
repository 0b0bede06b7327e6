/// A group as a renderer reads it: its key, setup and teardown, and how many cells follow.
struct GroupRow {
    /// The group's key; `nil` for a group of one cell keyed by its id (`recreate: per-cell`), which that cell's row
    /// holds (not made into a string per cell).
    let key: String?
    let setup: [Step]
    let teardown: [Step]
    let cellCount: Int
}
