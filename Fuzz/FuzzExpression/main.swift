// libFuzzer target: `${…}` template text → Template parsing → evaluation against a cell's environment
// (integers, a string, a disk list, a negative number, an empty list), and the parse errors rendered as the
// loader would locate them. Built and run by Scripts/fuzz.sh, never by the normal build.
import FuzzSupport
import SweepModel

private let environment: [String: Value] = [
    "ndisks": .int(3),
    "numjobs": .int(32),
    "big": .int(Int.max),
    "small": .int(Int.min),
    "negative": .int(-7),
    "zero": .int(0),
    "ratio": .double(0.5),
    "on": .bool(true),
    "bs": .string("4k"),
    "empty": .list([]),
    "disks": .list([.string("/dev/loop1"), .string("/dev/loop2"), .string("/dev/loop3"), .string("/dev/loop4")]),
    "nested": .list([.list([.int(1), .int(2)]), .string("x")]),
]

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzExpression(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data else { return 0 }
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    func checkOffset(_ error: ExpressionError) {
        precondition(error.offset >= 0 && error.offset <= text.unicodeScalars.count, "error offset \(error.offset) outside the text")
    }
    let template: Template
    do {
        template = try Template(parsing: text)
    } catch {
        checkOffset(error)
        return 0
    }
    _ = template.referencedNames
    do {
        let value = try template.evaluate(environment)
        _ = value.text
    } catch {
        checkOffset(error)
    }
    return 0
}

@_cdecl("FuzzExpression_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    FuzzDriver.main(argc, argv, fuzzExpression)
}
