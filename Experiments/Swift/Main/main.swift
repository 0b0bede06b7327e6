// Prints the Swift-builder studies as YAML: `swift run iosweep-experiments [NAME.yaml]`.
import IOSweepExperiments
import SweepModel

let wanted = CommandLine.arguments.dropFirst()
for (file, experiment) in ShippedExperiments.all where wanted.isEmpty || wanted.contains(file) {
    if wanted.count != 1 { print("# \(file)") }
    print(experiment.yaml(), terminator: "")
}
