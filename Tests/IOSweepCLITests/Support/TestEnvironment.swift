import Foundation
import IOSweepTestSupport
import Testing

/// Paths and external tools the CLI tests use: the package root, the repo's Python venv, the v2 dataset, chromium.
enum TestEnvironment {
    /// The package root, derived from this file's path.
    static let packageRoot: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<4 { url.deleteLastPathComponent() }  // Support, IOSweepCLITests, Tests → root
        return url.path
    }()

    static var fixtures: String { packageRoot + "/Tests/IOSweepCLITests/Fixtures" }

    /// The repo's virtual environment's Python (made by Scripts/bootstrap.sh), if present.
    static var python: String? {
        let path = packageRoot + "/.venv/bin/python"
        return FileManager.default.isExecutableFile(atPath: path) ? path : nil
    }

    static var chromium: String? {
        ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"].first(
            where: FileManager.default.isExecutableFile(atPath:))
    }

    /// The seed author's v2 results, in `../shared` beside the repository.
    static let datasetV2Archive = packageRoot + "/../shared/datasets/zfsonlinux-6566-perf-v2.tar.xz"

    /// The v2 dataset unpacked once per test process into a temporary directory: the `zfsonlinux-6566-perf` root.
    static let datasetV2: String? = {
        let archive = datasetV2Archive
        guard FileManager.default.fileExists(atPath: archive) else { return nil }
        let directory = temporaryDirectory("v2")
        guard (try? run("/usr/bin/tar", ["-xJf", archive, "-C", directory]))?.status == 0 else { return nil }
        return directory + "/zfsonlinux-6566-perf"
    }()

    /// A fresh directory under the system temporary directory.
    static func temporaryDirectory(_ label: String) -> String {
        let path = NSTemporaryDirectory() + "iosweep-\(label)-\(UUID().uuidString)"
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// Runs `executable` with `arguments` (an argv, no shell) and returns its status and output.
    @discardableResult
    static func run(
        _ executable: String, _ arguments: [String], currentDirectory: String? = nil,
        environment: [String: String]? = nil
    ) throws -> (status: Int32, output: String) {
        let result = try TestProcess.run(
            executable, arguments, currentDirectory: currentDirectory, environment: environment, mergingStandardError: true)
        return (result.status, result.stdout)
    }

    /// Renders `html` in headless Chromium to a PNG of `width`×`height` and returns the PNG's path.
    static func screenshot(_ html: String, width: Int = 1280, height: Int = 2400) throws -> String {
        let chromium = try #require(chromium, "chromium is not installed (Scripts/bootstrap.sh installs it)")
        let png = html.replacingOccurrences(of: ".html", with: ".png")
        let profile = temporaryDirectory("chromium-profile")
        defer { try? FileManager.default.removeItem(atPath: profile) }
        let result = try run(
            chromium,
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--user-data-dir=\(profile)",
                "--screenshot=\(png)", "--window-size=\(width),\(height)", URL(fileURLWithPath: html).absoluteString,
            ])
        #expect(FileManager.default.fileExists(atPath: png), "chromium made no screenshot: \(result.output)")
        return png
    }

    /// Distinct colours and the share of non-white pixels of a PNG (decoded with Pillow from the venv).
    static func pixelStatistics(_ png: String) throws -> (colors: Int, inkFraction: Double)? {
        guard let python = python else { return nil }
        let script = """
            import sys
            from PIL import Image
            image = Image.open(sys.argv[1]).convert("RGB")
            data = image.tobytes()
            pixels = [data[i:i + 3] for i in range(0, len(data), 3)]
            ink = sum(1 for p in pixels if min(p) < 245)
            print(len(set(pixels)), ink / len(pixels))
            """
        let probe = try run(python, ["-c", "import PIL"])
        guard probe.status == 0 else { return nil }
        let result = try run(python, ["-W", "ignore", "-c", script, png])
        let fields = result.output.split(whereSeparator: \.isWhitespace)
        guard result.status == 0, fields.count == 2, let colors = Int(fields[0]), let ink = Double(fields[1]) else {
            throw PixelCheckError(output: result.output)
        }
        return (colors, ink)
    }
}

/// The pixel statistics script ran but did not answer as expected.
struct PixelCheckError: Error, CustomStringConvertible {
    var output: String
    var description: String { "pixel statistics failed: \(output)" }
}

extension Trait where Self == ConditionTrait {
    /// Skips (visibly, with the reason) unless the seed author's v2 dataset is in `../shared` beside the repository.
    static var needsSharedDataset: Self {
        .enabled("needs ../shared/datasets/zfsonlinux-6566-perf-v2.tar.xz beside the repository (the seed author's results)") {
            FileManager.default.fileExists(atPath: TestEnvironment.datasetV2Archive)
        }
    }
}
