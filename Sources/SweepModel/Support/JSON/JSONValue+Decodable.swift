/// Any JSON a `Decoder` holds, without a schema: what a tolerant reader keeps of a part it does not model (host
/// facts a newer version records, a manifest's experiment of another schema version).
///
/// Object members come in the decoder's key order, which Foundation's `JSONDecoder` does not promise to be the
/// file's: read them by key.
extension JSONValue: Decodable {
    public init(from decoder: any Decoder) throws {
        if let container = try? decoder.container(keyedBy: AnyKey.self) {
            self = .object(
                JSONObject(
                    try container.allKeys.map {
                        JSONObject.Member(key: $0.stringValue, value: try container.decode(JSONValue.self, forKey: $0))
                    }))
            return
        }
        if var container = try? decoder.unkeyedContainer() {
            var items: [JSONValue] = []
            while !container.isAtEnd { items.append(try container.decode(JSONValue.self)) }
            self = .array(items)
            return
        }
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let bool = try? container.decode(Bool.self) {
            self = .bool(bool)
        } else if let number = try? container.decode(Double.self) {
            self = .number(number)
        } else {
            self = .string(try container.decode(String.self))
        }
    }

    /// Any key.
    private struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }
}
