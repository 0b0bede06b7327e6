// swift-tools-version: 6.2
import PackageDescription

let package = Package(
    name: "iosweep",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "iosweep", targets: ["iosweep"]),
        .library(name: "SweepModel", targets: ["SweepModel"]),
        .library(name: "SweepPlanner", targets: ["SweepPlanner"]),
        .library(name: "SweepRecords", targets: ["SweepRecords"]),
        .library(name: "SweepAnalysis", targets: ["SweepAnalysis"]),
        .plugin(name: "CheckExperiments", targets: ["CheckExperiments"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/swiftlang/swift-subprocess", from: "1.0.2"),
        .package(url: "https://github.com/apple/swift-system", from: "1.8.1"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
    ],
    targets: [
        // Model → Planner → Runner → Analysis: the direction of imports is the direction of data.
        .target(
            name: "SweepModel",
            dependencies: ["Yams"]
        ),
        .target(
            name: "SweepPlanner",
            dependencies: [
                "SweepModel",
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        // The run directory's contract, below the runner that writes it and the analysis that reads it: its layout,
        // the manifest, cell records, journal events, timestamps, and the fio reader both sides use.
        .target(
            name: "SweepRecords",
            dependencies: ["SweepModel"]
        ),
        .target(
            name: "SweepRunner",
            dependencies: [
                "SweepPlanner", "SweepRecords",
                .product(name: "Subprocess", package: "swift-subprocess"),
                .product(name: "SystemPackage", package: "swift-system"),
            ]
        ),
        .target(
            name: "SweepAnalysis",
            dependencies: ["SweepModel", "SweepRecords"]
        ),
        .target(
            name: "IOSweepCLI",
            dependencies: [
                "SweepModel", "SweepPlanner", "SweepRecords", "SweepRunner", "SweepAnalysis",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(name: "iosweep", dependencies: ["IOSweepCLI"]),
        // The Swift-builder forms of the shipped studies, and a tool printing them as YAML.
        .target(name: "IOSweepExperiments", dependencies: ["SweepModel"], path: "Experiments/Swift/Studies"),
        .executableTarget(
            name: "iosweep-experiments",
            dependencies: ["SweepModel", "IOSweepExperiments"],
            path: "Experiments/Swift/Main"
        ),
        .plugin(
            name: "CheckExperiments",
            capability: .command(
                intent: .custom(verb: "check-experiments", description: "Validate and plan every experiment under Experiments/"),
                permissions: []
            ),
            dependencies: ["iosweep"]
        ),
        // What every test target shares: the built products beside the test bundle, golden files that fail while recording.
        .target(name: "IOSweepTestSupport", path: "Tests/IOSweepTestSupport"),
        .testTarget(
            name: "SweepModelTests", dependencies: ["IOSweepTestSupport", "SweepModel", "IOSweepExperiments"],
            resources: [.copy("Fixtures")]),
        .testTarget(name: "SweepPlannerTests", dependencies: ["IOSweepTestSupport", "SweepPlanner"], resources: [.copy("Fixtures")]),
        .testTarget(
            name: "SweepRunnerTests", dependencies: ["IOSweepTestSupport", "SweepRunner", "SweepRecords"], resources: [.copy("Fixtures")]),
        .testTarget(
            name: "SweepAnalysisTests", dependencies: ["IOSweepTestSupport", "SweepAnalysis", "SweepRecords"],
            resources: [.copy("Fixtures")]),
        .testTarget(
            name: "IOSweepCLITests", dependencies: ["IOSweepTestSupport", "IOSweepCLI", "SweepRecords"], resources: [.copy("Fixtures")]),
    ]
)

// libFuzzer targets (Fuzz/<Target>/main.swift), only when IOSWEEP_FUZZ is set: Scripts/fuzz.sh builds them
// with `-sanitize=fuzzer` into .build-fuzz. They call libFuzzer's driver, so they would not link in the normal
// build, which never sees them.
if Context.environment["IOSWEEP_FUZZ"] != nil {
    package.targets.append(.target(name: "FuzzSupport", path: "Fuzz/FuzzSupport"))
    let fuzzTargets: [(name: String, dependencies: [Target.Dependency])] = [
        ("FuzzExperiment", ["SweepModel", "SweepPlanner"]),
        ("FuzzExpression", ["SweepModel"]),
        ("FuzzFio", ["SweepModel", "SweepRecords", "SweepAnalysis"]),
        ("FuzzCollectors", ["SweepModel", "SweepRecords", "SweepAnalysis"]),
    ]
    for target in fuzzTargets {
        package.targets.append(
            .executableTarget(name: target.name, dependencies: target.dependencies + ["FuzzSupport"], path: "Fuzz/\(target.name)"))
        package.products.append(.executable(name: target.name, targets: [target.name]))
    }
}
