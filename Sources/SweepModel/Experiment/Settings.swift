/// An ordered list of `name: value` settings: pool and dataset properties, extra fio options.
///
/// Order is kept (it decides argv order, hence fingerprints) and names are unique.
public struct Settings: Hashable, Sendable, Codable {
    /// One `name: value` pair.
    public struct Entry: Hashable, Sendable, Codable {
        public var name: String
        public var value: Value

        public init(name: String, value: Value) {
            self.name = name
            self.value = value
        }
    }

    public private(set) var entries: [Entry]

    public init(_ entries: [Entry] = []) {
        self.entries = []
        for entry in entries { self[entry.name] = entry.value }
    }

    /// Settings holding `entries` as given, whose names the caller knows to be distinct (a matrix point's
    /// axes): the same value as ``init(_:)`` makes of them, without its check of each name against the others.
    package init(distinctlyNamed entries: [Entry]) {
        self.entries = entries
    }

    public var isEmpty: Bool { entries.isEmpty }
    public var names: [String] { entries.map(\.name) }

    /// The value of `name`; setting `nil` removes it, setting a new name appends it.
    public subscript(name: String) -> Value? {
        get { entries.first(where: { $0.name == name })?.value }
        set {
            if let index = entries.firstIndex(where: { $0.name == name }) {
                if let newValue { entries[index].value = newValue } else { entries.remove(at: index) }
            } else if let newValue {
                entries.append(Entry(name: name, value: newValue))
            }
        }
    }

    public init(from decoder: any Decoder) throws {
        self.init(try [Entry](from: decoder))
    }

    public func encode(to encoder: any Encoder) throws {
        try entries.encode(to: encoder)
    }
}

extension Settings: ExpressibleByDictionaryLiteral {
    public init(dictionaryLiteral elements: (String, Value)...) {
        self.init(elements.map { Entry(name: $0.0, value: $0.1) })
    }
}

extension Settings: Sequence {
    public func makeIterator() -> IndexingIterator<[Entry]> { entries.makeIterator() }
}
