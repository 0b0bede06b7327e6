/// The last few entries a memo handed out, looked up before its dictionary: a cell's setup, steps and teardown are
/// mostly the previous cell's (the repeats of one combination), found by comparing keys, without hashing.
struct RecentEntries<Key: Equatable, Value> {
    private var entries: [(key: Key, value: Value)] = []
    private var next = 0
    private let capacity: Int

    init(capacity: Int = 4) { self.capacity = capacity }

    /// The value kept for `key`, if it is among the last few.
    func value(for key: Key) -> Value? {
        for entry in entries where entry.key == key { return entry.value }
        return nil
    }

    /// Keeps `value` for `key`, in place of the oldest entry once full.
    mutating func remember(_ key: Key, _ value: Value) {
        if entries.count < capacity {
            entries.append((key, value))
        } else {
            entries[next] = (key, value)
            next = (next + 1) % capacity
        }
    }
}
