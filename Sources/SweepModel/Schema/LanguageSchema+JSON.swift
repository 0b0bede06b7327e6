extension LanguageSchema {
    /// A JSON Schema (draft 2020-12) of experiment files, for editors (yaml-language-server) and checks.
    /// Rendered from the same key descriptions the loader uses, so the two cannot drift apart.
    public static func jsonSchema() -> String {
        var root: [(String, JSONValue)] = [
            ("$schema", .string("https://json-schema.org/draft/2020-12/schema")),
            ("$id", .string("https://iosweep.invalid/schema/experiment.json")),
            ("title", .string("iosweep experiment")),
            ("description", .string("A declarative storage-performance study; see the README's experiment language reference.")),
        ]
        root += objectSchema(experiment)
        return JSONWriter.document(.object(root)) + "\n"
    }

    static func schema(_ shape: Shape) -> JSONValue {
        let expression: JSONValue = .object([("type", .string("string")), ("pattern", .string("\\$\\{"))])
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
                        .object([("type", .string("integer")), ("minimum", .number(Double(minimum)))]), expression,
                    ])
                )
            ])
        case .literalInteger(let minimum):
            return .object([("type", .string("integer")), ("minimum", .number(Double(minimum)))])
        case .size:
            return .object([
                (
                    "anyOf",
                    .array([
                        .object([("type", .string("integer")), ("minimum", .number(Double(1)))]),
                        .object([("type", .string("string")), ("pattern", .string(sizePattern))]), expression,
                    ])
                )
            ])
        case .literalSize:
            return .object([
                (
                    "anyOf",
                    .array([
                        .object([("type", .string("integer")), ("minimum", .number(Double(1)))]),
                        .object([("type", .string("string")), ("pattern", .string(sizePattern))]),
                    ])
                )
            ])
        case .quantity:
            return .object([
                (
                    "anyOf",
                    .array([
                        .object([("type", .string("number")), ("minimum", .number(0))]),
                        .object([("type", .string("string")), ("pattern", .string(quantityPattern))]),
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
            return .object([("enum", .array(names.map(JSONValue.string)))])
        case .list(let item, let minItems, let unique):
            var s: [(String, JSONValue)] = [("type", .string("array")), ("items", schema(item))]
            if minItems > 0 { s.append(("minItems", .number(Double(minItems)))) }
            if unique { s.append(("uniqueItems", .bool(true))) }
            return .object(s)
        case .object(let object):
            return .object(objectSchema(object))
        case .settings:
            return .object([("type", .string("object")), ("additionalProperties", schema(.value))])
        case .argv:
            return .object([("type", .string("array")), ("items", schema(.scalar)), ("minItems", .number(Double(1)))])
        case .anyOf(let shapes):
            return .object([("anyOf", .array(shapes.map(schema)))])
        }
    }

    static let sizePattern = "^[0-9]+([kKmMgGtTpP][iI]?)?[bB]?$"
    static let quantityPattern = "^[0-9]+(\\.[0-9]+)? *(%|ns|us|µs|ms|s|B/s|KiB/s|MiB/s|GiB/s|kB/s|KB/s|MB/s|GB/s)?$"

    static func objectSchema(_ object: ObjectShape) -> [(String, JSONValue)] {
        var s: [(String, JSONValue)] = [("type", .string("object"))]
        s.append(
            (
                "properties",
                .object(
                    object.fields.map { field in
                        var property = schema(field.shape)
                        if case .object(var members) = property {
                            members.members.insert(.init(key: "description", value: .string(field.summary)), at: 0)
                            property = .object(members)
                        }
                        return (field.key, property)
                    })
            ))
        if !object.requiredKeys.isEmpty { s.append(("required", .array(object.requiredKeys.map(JSONValue.string)))) }
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
            s.append(("minProperties", .number(Double(1))))
            s.append(("maxProperties", .number(Double(1))))
        }
        // One `not` per object (a JSON object has each key once): several groups go under `allOf`.
        let exclusions = object.exclusive.map { group in
            JSONValue.object([("not", .object([("required", .array(group.map(JSONValue.string)))]))])
        }
        if exclusions.count == 1, case .object(let only) = exclusions[0], let member = only.members.first {
            s.append((member.key, member.value))
        } else if !exclusions.isEmpty {
            s.append(("allOf", .array(exclusions)))
        }
        if object.name == "experiment file" {
            s.append(("$defs", .object([("value", schema(.value))])))
        }
        return s
    }
}
