/// The shape of a value in the experiment language: the one description of the keys, their types and
/// defaults, from which the loader takes its known keys (and did-you-mean candidates) and
/// ``LanguageSchema/jsonSchema()`` renders a JSON Schema.
indirect enum Shape: Sendable {
    /// Any text; may hold `${…}` expressions.
    case text
    /// A slug: lowercase letters, digits, `-`, `_`, `.`.
    case slug
    case boolean
    /// An integer ≥ `minimum`, or a `${…}` expression giving one.
    case integer(minimum: Int)
    /// A plain integer ≥ `minimum` (no expression).
    case literalInteger(minimum: Int)
    /// A byte size (`64M`, `1GiB`, `4096`), or a text with `${…}` expressions.
    case size
    /// A byte size, no expression.
    case literalSize
    /// A threshold with its unit (`5%`, `2ms`, `400MiB/s`) or a plain number: a ``Quantity``.
    case quantity
    /// A scalar: text, number or boolean.
    case scalar
    /// A scalar, or a list of values.
    case value
    case enumeration([String])
    case list(Shape, minItems: Int = 0, unique: Bool = false)
    case object(ObjectShape)
    /// `name: scalar` pairs in written order (pool and dataset properties).
    case settings
    /// An argv list: a non-empty list of scalars.
    case argv
    /// Any of these shapes.
    case anyOf([Shape])
}

/// A mapping with known keys.
struct ObjectShape: Sendable {
    struct Field: Sendable {
        var key: String
        var shape: Shape
        var required: Bool
        var summary: String
    }

    /// What the mapping is, for messages (`pool`, `the fio workload`).
    var name: String
    var fields: [Field]
    /// Keys beyond `fields` are allowed and have this shape (fio options, matrix axes).
    var additional: Shape?
    /// A mapping of exactly one of its keys (`workload: {fio: …}` or `{command: …}`).
    var exactlyOne: Bool = false
    /// Keys that cannot appear together.
    var exclusive: [[String]] = []

    var keys: [String] { fields.map(\.key) }
    var requiredKeys: [String] { fields.filter(\.required).map(\.key) }

    func field(_ key: String) -> Field? { fields.first { $0.key == key } }
}

extension ObjectShape.Field {
    static func required(_ key: String, _ shape: Shape, _ summary: String) -> Self {
        Self(key: key, shape: shape, required: true, summary: summary)
    }

    static func optional(_ key: String, _ shape: Shape, _ summary: String) -> Self {
        Self(key: key, shape: shape, required: false, summary: summary)
    }
}
