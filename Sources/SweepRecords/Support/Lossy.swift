/// An element of a list read tolerantly: `nil` when it does not decode, instead of failing the whole list.
struct Lossy<Wrapped: Decodable>: Decodable {
    var value: Wrapped?

    init(from decoder: any Decoder) throws {
        value = try? Wrapped(from: decoder)
    }
}
