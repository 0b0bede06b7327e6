/// One line of `journal.jsonl`: an event name and the fields that event carries.
///
/// Decoding is tolerant: unknown keys are ignored and unknown event or resource kinds decode
/// as their raw strings, so a reader of an older or newer journal still sees the events it knows.
public struct JournalEvent: Hashable, Sendable, Codable {
    /// The event name (`"event"`).
    public struct Name: RawRepresentable, Hashable, Sendable, Codable, ExpressibleByStringLiteral {
        public var rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public init(stringLiteral value: String) { self.rawValue = value }

        public static let resourceCreated: Name = "resource-created"
        public static let resourceDestroyed: Name = "resource-destroyed"
        public static let processStarted: Name = "process-started"
    }

    public var event: Name
    /// For `resource-created` / `resource-destroyed`.
    public var resource: JournalResource?
    /// For `process-started`: the process id, its process group and its argv.
    public var pid: Int32?
    public var pgid: Int32?
    public var argv: [String]?

    public init(
        event: Name, resource: JournalResource? = nil, pid: Int32? = nil, pgid: Int32? = nil, argv: [String]? = nil
    ) {
        self.event = event
        self.resource = resource
        self.pid = pid
        self.pgid = pgid
        self.argv = argv
    }
}

/// A resource a run created: a pool, a dataset or a loop device (with its backing file).
public struct JournalResource: Hashable, Sendable, Codable {
    public struct Kind: RawRepresentable, Hashable, Sendable, Codable, ExpressibleByStringLiteral {
        public var rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public init(stringLiteral value: String) { self.rawValue = value }

        public static let pool: Kind = "pool"
        public static let dataset: Kind = "dataset"
        public static let loop: Kind = "loop"
    }

    public var kind: Kind
    /// Pool or dataset name, or the loop device (`loop3` or `/dev/loop3`).
    public var name: String
    /// For `loop`: the absolute path of the backing file.
    public var file: String?

    public init(kind: Kind, name: String, file: String? = nil) {
        self.kind = kind
        self.name = name
        self.file = file
    }
}
