/// A name carried as a plain JSON string and open to values this version does not know (journal event
/// names, resource kinds): any string decodes, and known values are static constants written as literals.
///
/// `Codable` comes from the standard library's `RawRepresentable` defaults (a single string value).
package protocol OpenName: RawRepresentable, Hashable, Sendable, Codable, ExpressibleByStringLiteral
where RawValue == String {
    init(rawValue: String)
}

extension OpenName {
    package init(stringLiteral value: String) { self.init(rawValue: value) }
}
