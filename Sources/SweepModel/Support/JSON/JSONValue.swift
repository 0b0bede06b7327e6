/// A parsed JSON value that keeps what benchmark tools really print.
///
/// Objects keep their members in file order and keep duplicate keys (fio < 3.4 pads percentile maps
/// with several `"0.00"` keys; client/server output repeats `global options` keys). Numbers are
/// `Double`; `nan` and `inf`, which fio can print, are accepted.
public enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object(JSONObject)
}

/// A JSON object: members in file order, duplicate keys kept.
public struct JSONObject: Sendable, Equatable {
    /// One `"key": value` pair.
    public struct Member: Sendable, Equatable {
        public var key: String
        public var value: JSONValue

        public init(key: String, value: JSONValue) {
            self.key = key
            self.value = value
        }
    }

    public var members: [Member]

    public init(_ members: [Member] = []) {
        self.members = members
    }

    /// The value of the first member named `key`.
    public subscript(key: String) -> JSONValue? {
        get {
            for member in members where member.key == key { return member.value }
            return nil
        }
        set {
            if let index = members.firstIndex(where: { $0.key == key }) {
                if let newValue { members[index].value = newValue } else { members.remove(at: index) }
            } else if let newValue {
                members.append(Member(key: key, value: newValue))
            }
        }
    }

    public var keys: [String] { members.map(\.key) }
}

extension JSONValue {
    public var objectValue: JSONObject? {
        if case .object(let object) = self { return object }
        return nil
    }

    public var arrayValue: [JSONValue]? {
        if case .array(let items) = self { return items }
        return nil
    }

    public var doubleValue: Double? {
        if case .number(let number) = self { return number }
        return nil
    }

    /// The number as an `Int` when it is a whole number `Int` can hold (`nil` for `1e400`, `nan`, `2.5`).
    public var intValue: Int? {
        doubleValue.flatMap { Int(exactly: $0) }
    }

    public var stringValue: String? {
        if case .string(let string) = self { return string }
        return nil
    }

    /// The member `key` of an object, `nil` for anything else.
    public subscript(key: String) -> JSONValue? {
        objectValue?[key]
    }

    /// Follows a dotted path whose keys may themselves contain dots (`clat_ns.percentile.99.000000`):
    /// at each object the longest member key that matches the next part of the path wins.
    public func value(atPath path: Substring) -> JSONValue? {
        if path.isEmpty { return self }
        switch self {
        case .object(let object):
            var best: (length: Int, value: JSONValue)?
            for member in object.members {
                let key = member.key.utf8
                guard path.utf8.starts(with: key) else { continue }
                let rest = path.utf8.dropFirst(key.count)
                guard rest.isEmpty || rest.first == UInt8(ascii: ".") else { continue }
                if key.count > best?.length ?? -1 { best = (key.count, member.value) }
            }
            guard let best else { return nil }
            let rest = path.utf8.dropFirst(best.length)
            return best.value.value(atPath: Substring(rest.first == UInt8(ascii: ".") ? rest.dropFirst() : rest))
        case .array(let items):
            let head = path.prefix(while: { $0 != "." })
            guard let index = Int(head), items.indices.contains(index) else { return nil }
            return items[index].value(atPath: path.dropFirst(head.count).drop(while: { $0 == "." }))
        default:
            return nil
        }
    }
}

extension JSONObject {
    /// An object of `pairs`, in order.
    public init(pairs: [(String, JSONValue)]) {
        self.init(pairs.map { Member(key: $0.0, value: $0.1) })
    }
}

extension JSONValue {
    /// An object of `pairs`, in order (documents built by hand, such as the language schema).
    public static func object(_ pairs: [(String, JSONValue)]) -> JSONValue { .object(JSONObject(pairs: pairs)) }

    /// The value as one line of text for a person: strings as they are, numbers as ``JSONWriter/number(_:)``
    /// writes them, arrays and objects in brackets, members in order.
    public var text: String {
        switch self {
        case .null: "null"
        case .bool(let value): value ? "true" : "false"
        case .number(let value): JSONWriter.number(value)
        case .string(let value): value
        case .array(let values): "[" + values.map(\.text).joined(separator: ", ") + "]"
        case .object(let object): "{" + object.members.map { "\($0.key): \($0.value.text)" }.joined(separator: ", ") + "}"
        }
    }
}
