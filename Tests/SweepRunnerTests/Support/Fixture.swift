import Foundation

/// The text of a file in `Fixtures/`.
func fixture(_ name: String) throws -> String {
    guard let url = Bundle.module.url(forResource: "Fixtures/" + name, withExtension: nil),
        let data = FileManager.default.contents(atPath: url.path)
    else {
        throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: "Fixtures/" + name])
    }
    return String(decoding: data, as: UTF8.self)
}
