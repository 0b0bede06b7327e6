/// A group as a renderer reads it: its key, setup and teardown, and how many cells follow.
struct GroupRow {
    let key: String
    let setup: [Step]
    let teardown: [Step]
    let cellCount: Int
}
