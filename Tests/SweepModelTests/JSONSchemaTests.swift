import Foundation
import IOSweepTestSupport
import Testing
@testable import SweepModel

/// The JSON Schema accepts every shipped experiment and rejects the malformed fixtures that are schema
/// errors, checked by Python's `jsonschema` from the repository's `.venv` (made by `Scripts/bootstrap.sh`).
@Suite struct JSONSchemaTests {
    static let python = Package.root.appendingPathComponent(".venv/bin/python")

    /// Malformed fixtures whose problem is the shape of the file (a schema can see it).
    static let schemaErrors = [
        "bad-enum", "bad-slug", "empty-axis", "duplicate-axis-value", "hook-shell-string",
        "missing-required", "negative-interval", "not-a-mapping", "two-workloads", "unknown-collector", "unknown-key",
        "wrong-type", "zero-count", "zero-runtime", "bad-size", "job-and-job-file", "multiple-problems",
    ]

    @Test func schemaIsValidJSONWithTheTopLevelKeys() throws {
        let schema = LanguageSchema.jsonSchema()
        let object = try #require(try JSONSerialization.jsonObject(with: Data(schema.utf8)) as? [String: Any])
        let properties = try #require(object["properties"] as? [String: Any])
        #expect(Set(properties.keys) == Set(LanguageSchema.experiment.keys))
        #expect(object["required"] as? [String] == ["experiment", "workload"])
    }

    @Test(
        .enabled("needs .venv/bin/python with jsonschema (Scripts/bootstrap.sh makes it)") {
            FileManager.default.isExecutableFile(atPath: JSONSchemaTests.python.path)
        })
    func pythonJsonschemaAcceptsShippedAndRejectsMalformed() throws {
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("iosweep-schema-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: work) }
        try LanguageSchema.jsonSchema().write(to: work.appendingPathComponent("schema.json"), atomically: true, encoding: .utf8)

        var expectations: [String: Bool] = [:]  // instance file → should be valid
        for url in Package.shippedFiles {
            let json = try #require(JSONValue.fromYAML(try String(contentsOf: url, encoding: .utf8)))
            let name = "ok-\(url.deletingPathExtension().lastPathComponent).json"
            try JSONWriter.document(json).write(to: work.appendingPathComponent(name), atomically: true, encoding: .utf8)
            expectations[name] = true
        }
        for fixture in Self.schemaErrors {
            let url = Package.malformed.appendingPathComponent("\(fixture).yaml")
            guard let text = try? String(contentsOf: url, encoding: .utf8) else { continue }
            let json = try #require(JSONValue.fromYAML(text), "\(fixture) should parse as YAML")
            let name = "bad-\(fixture).json"
            try JSONWriter.document(json).write(to: work.appendingPathComponent(name), atomically: true, encoding: .utf8)
            expectations[name] = false
        }
        #expect(expectations.values.filter { !$0 }.count >= 15)

        let script = """
            import json, sys, pathlib, jsonschema
            d = pathlib.Path(sys.argv[1])
            schema = json.loads((d / "schema.json").read_text())
            jsonschema.Draft202012Validator.check_schema(schema)
            v = jsonschema.Draft202012Validator(schema)
            for f in sorted(d.glob("*.json")):
                if f.name == "schema.json": continue
                errors = list(v.iter_errors(json.loads(f.read_text())))
                print(f.name, "valid" if not errors else "invalid", errors[0].message if errors else "")
            """
        let result = try TestProcess.run(Self.python.path, ["-c", script, work.path])
        let output = result.stdout
        #expect(result.status == 0, "python failed: \(result.output)")
        var seen: Set<String> = []
        for line in output.split(separator: "\n") {
            let parts = line.split(separator: " ", maxSplits: 2).map(String.init)
            guard parts.count >= 2, let shouldBeValid = expectations[parts[0]] else { continue }
            seen.insert(parts[0])
            #expect((parts[1] == "valid") == shouldBeValid, "\(line)")
        }
        #expect(seen == Set(expectations.keys))
    }
}
