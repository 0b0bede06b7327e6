import Foundation

/// The products `swift build` put beside the running test bundle, as swift-argument-parser's test helpers
/// find them: no hard-coded `.build/debug`, so `--scratch-path`, `-c release` and CI layouts work alike.
package enum BuiltProducts {
    /// The folder holding the test bundle and every product of the same build.
    package static var directory: URL {
        // On Linux the test bundle is an executable (`…PackageTests.xctest`) in the products folder.
        URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
    }

    /// The executable product `name` of this build, when it was built.
    package static func executable(_ name: String) -> String? {
        let path = directory.appendingPathComponent(name).path
        return FileManager.default.isExecutableFile(atPath: path) ? path : nil
    }
}
