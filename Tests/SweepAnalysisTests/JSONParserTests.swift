import Foundation
import SweepModel
import SweepRecords
import Testing

@testable import SweepAnalysis

@Suite struct JSONParserTests {
    @Test(arguments: [
        "0", "-0.5", "525.778178", "1e3", "2.5E-7", "123456789012345678", "0.1", "99.990000",
        "1796.0000001", "4.9406564584124654e-324", "1.7976931348623157e308", "3.141592653589793238",
    ])
    func numbersMatchStrtod(_ text: String) throws {
        let parsed = try JSONParser.parse(Array("[\(text)]".utf8)).arrayValue?.first?.doubleValue
        #expect(parsed == Double(text))
    }

    @Test func keepsDuplicateKeysAndOrder() throws {
        let value = try JSONParser.parse(Array(#"{"b": 1, "0.00": 0, "0.00": 0, "a": [true, null, "x\ny\u00e9"]}"#.utf8))
        let object = try #require(value.objectValue)
        #expect(object.keys == ["b", "0.00", "0.00", "a"])
        #expect(value["a"] == .array([.bool(true), .null, .string("x\nyé")]))
    }

    @Test func acceptsNanAndInf() throws {
        let value = try JSONParser.parse(Array(#"{"a": nan, "b": -inf}"#.utf8))
        #expect(value["a"]?.doubleValue?.isNaN == true)
        #expect(value["b"]?.doubleValue == -.infinity)
    }

    @Test func reportsTruncation() {
        #expect(throws: JSONSyntaxError.self) { try JSONParser.parse(Array(#"{"a": [1, 2"#.utf8)) }
        do {
            _ = try JSONParser.parse(Array(#"{"a": {"b": 1.5"#.utf8))
            Issue.record("no error")
        } catch {
            #expect(error.truncated)
        }
        do {
            _ = try JSONParser.parse(Array(#"{"a": ]}"#.utf8))
            Issue.record("no error")
        } catch {
            #expect(!error.truncated)
        }
    }

    @Test func pathsWithDottedKeys() throws {
        let value = try JSONParser.parse(Array(#"{"clat_ns": {"percentile": {"99.000000": 7, "99.900000": 9}}, "n": [1, {"x": 2}]}"#.utf8))
        #expect(value.value(atPath: "clat_ns.percentile.99.900000")?.doubleValue == 9)
        #expect(value.value(atPath: "clat_ns.percentile.99.000000")?.doubleValue == 7)
        #expect(value.value(atPath: "n.1.x")?.doubleValue == 2)
        #expect(value.value(atPath: "clat_ns.percentile.99") == nil)
    }

    @Test func scannerFindsDocumentsAmongText() {
        let text = "note: capped\n{\n  \"a\" : 1\n}\n{\n  \"a\" : 2\n}\ntrailing text\n"
        let result = JSONDocumentScanner().scan(Array(text.utf8))
        #expect(result.documents.map { $0.value["a"]?.doubleValue } == [1, 2])
        #expect(result.otherLines == ["note: capped", "trailing text"])
        #expect(result.failure == nil)
    }

    @Test(.needsSharedSamples) func sameValuesAsFoundationOnRealOutput() throws {
        for name in ["a_json.json", "b_jsonplus.json", "c_numjobs3_nogroup.json"] {
            let path = TestPaths.sample(name)
            let ours = try JSONParser.parse(try bytes(path))
            let theirs = try foundationJSON(path)
            let jobs = try #require(dig(theirs, "jobs") as? [[String: Any]])
            for (index, job) in jobs.enumerated() {
                let cases: [[String]] = [
                    ["read", "iops"], ["read", "clat_ns", "mean"], ["read", "clat_ns", "percentile", "99.000000"],
                    ["write", "bw_bytes"],
                ]
                for keys in cases {
                    let expected = (keys.reduce(Optional<Any>.some(job)) { ($0 as? [String: Any])?[$1] } as? NSNumber)?.doubleValue
                    let actual = ours["jobs"]?.arrayValue?[index].value(atPath: Substring(keys.joined(separator: ".")))?.doubleValue
                    #expect(actual == expected, "\(name) job \(index) \(keys)")
                }
            }
        }
    }
}
