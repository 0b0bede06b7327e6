extension LanguageSchema {
    /// A JSON Schema (draft 2020-12) of experiment files, for editors (yaml-language-server) and checks.
    /// Rendered from the same key descriptions the loader uses, so the two cannot drift apart.
    public static func jsonSchema() -> String {
        var root: [(String, JSON)] = [
            ("$schema", .string("https://json-schema.org/draft/2020-12/schema")),
            ("$id", .string("https://iosweep.invalid/schema/experiment.json")),
            ("title", .string("iosweep experiment")),
            ("description", .string("A declarative storage-performance study; see the README's experiment language reference.")),
        ]
        root += objectSchema(experiment)
        return JSON.object(root).rendered(indent: 0) + "\n"
    }

    static func schema(_ shape: Shape) -> JSON {
        let expression: JSON = .object([("type", .string("string")), ("pattern", .string("\\$\\{"))])
        switch shape {
        case .text:
            return .object([("type", .string("string"))])
        case .slug:
            return .object([("type", .string("string")), ("pattern", .string("^[a-z0-9][a-z0-9._-]*$"))])
        case .boolean:
            return .object([("type", .string("boolean"))])
        case .integer(let minimum):
            return .object([
                (
                    "anyOf",
                    .array([
                        .object([("type", .string("integer")), ("minimum", .int(minimum))]), expression,
                    ])
                )
            ])
        case .literalInteger(let minimum):
            return .object([("type", .string("integer")), ("minimum", .int(minimum))])
        case .size:
            return .object([
                (
                    "anyOf",
                    .array([
                        .object([("type", .string("integer")), ("minimum", .int(1))]),
                        .object([("type", .string("string")), ("pattern", .string(sizePattern))]), expression,
                    ])
                )
            ])
        case .literalSize:
            return .object([
                (
                    "anyOf",
                    .array([
                        .object([("type", .string("integer")), ("minimum", .int(1))]),
                        .object([("type", .string("string")), ("pattern", .string(sizePattern))]),
                    ])
                )
            ])
        case .scalar:
            return .object([("type", .array([.string("string"), .string("integer"), .string("number"), .string("boolean")]))])
        case .value:
            return .object([
                (
                    "anyOf",
                    .array([
                        schema(.scalar), .object([("type", .string("array")), ("items", .object([("$ref", .string("#/$defs/value"))]))]),
                    ])
                )
            ])
        case .enumeration(let names):
            return .object([("enum", .array(names.map(JSON.string)))])
        case .list(let item, let minItems, let unique):
            var s: [(String, JSON)] = [("type", .string("array")), ("items", schema(item))]
            if minItems > 0 { s.append(("minItems", .int(minItems))) }
            if unique { s.append(("uniqueItems", .bool(true))) }
            return .object(s)
        case .object(let object):
            return .object(objectSchema(object))
        case .settings:
            return .object([("type", .string("object")), ("additionalProperties", schema(.value))])
        case .argv:
            return .object([("type", .string("array")), ("items", schema(.scalar)), ("minItems", .int(1))])
        case .anyOf(let shapes):
            return .object([("anyOf", .array(shapes.map(schema)))])
        }
    }

    static let sizePattern = "^[0-9]+([kKmMgGtTpP][iI]?)?[bB]?$"

    static func objectSchema(_ object: ObjectShape) -> [(String, JSON)] {
        var s: [(String, JSON)] = [("type", .string("object"))]
        s.append(
            (
                "properties",
                .object(
                    object.fields.map { field in
                        var property = schema(field.shape)
                        if case .object(var pairs) = property {
                            pairs.insert(("description", .string(field.summary)), at: 0)
                            property = .object(pairs)
                        }
                        return (field.key, property)
                    })
            ))
        if !object.requiredKeys.isEmpty { s.append(("required", .array(object.requiredKeys.map(JSON.string)))) }
        if let additional = object.additional {
            if object.name == "matrix" {
                // Axis names: identifiers; the keywords are described above.
                let keywords = matrixKeywords.sorted().joined(separator: "|")
                s.append(("patternProperties", .object([("^(?!(\(keywords))$)[A-Za-z_][A-Za-z0-9_]*$", schema(additional))])))
                s.append(("additionalProperties", .bool(false)))
            } else {
                s.append(("additionalProperties", schema(additional)))
            }
        } else {
            s.append(("additionalProperties", .bool(false)))
        }
        if object.exactlyOne {
            s.append(("minProperties", .int(1)))
            s.append(("maxProperties", .int(1)))
        }
        for group in object.exclusive {
            s.append(("not", .object([("required", .array(group.map(JSON.string)))])))
        }
        if object.name == "experiment file" {
            s.append(("$defs", .object([("value", schema(.value))])))
        }
        return s
    }
}

/// A JSON value with ordered object keys, rendered deterministically.
indirect enum JSON: Sendable {
    case null
    case string(String)
    case int(Int)
    case number(Double)
    case bool(Bool)
    case array([JSON])
    case object([(String, JSON)])

    func rendered(indent: Int) -> String {
        let pad = String(repeating: "  ", count: indent + 1)
        let close = String(repeating: "  ", count: indent)
        switch self {
        case .string(let s): return JSONWriter.string(s)
        case .null: return "null"
        case .int(let i): return String(i)
        case .number(let d): return d.isFinite ? String(d) : "null"
        case .bool(let b): return b ? "true" : "false"
        case .array(let items):
            if items.isEmpty { return "[]" }
            if items.allSatisfy({ if case .string = $0 { true } else { false } }) {
                return "[" + items.map { $0.rendered(indent: 0) }.joined(separator: ", ") + "]"
            }
            return "[\n" + items.map { pad + $0.rendered(indent: indent + 1) }.joined(separator: ",\n") + "\n\(close)]"
        case .object(let pairs):
            if pairs.isEmpty { return "{}" }
            return "{\n" + pairs.map { pad + JSONWriter.string($0.0) + ": " + $0.1.rendered(indent: indent + 1) }.joined(separator: ",\n")
                + "\n\(close)}"
        }
    }
}
