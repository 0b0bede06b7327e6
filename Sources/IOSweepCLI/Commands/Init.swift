import ArgumentParser
import Foundation
import SweepModel

extension IOSweep {
    /// `iosweep init NAME [--template zfs|directory]`: write a commented experiment and its fio job file.
    struct Init: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "init",
            abstract: "Write a new, commented experiment file and its fio job file.",
            discussion: """
                Writes NAME.yaml and workload.fio (kept when it already exists) into the output directory. \
                Both validate as written: edit them into your study. The zfs template builds pools on scratch \
                loop devices (list real devices under 'disks' instead); the directory template runs fio in a \
                scratch directory and needs neither root nor ZFS.

                Examples:
                  iosweep init zil-study
                  iosweep init quick-look --template directory --output studies/
                  iosweep validate zil-study.yaml && iosweep plan zil-study.yaml
                """)

        @Argument(help: "The study's name, a slug (lowercase letters, digits, '-', '_', '.').")
        var name: String

        @Option(help: "The starting point: zfs (a pool on scratch disks) or directory (no pool, no root).")
        var template: Template = .zfs

        @Option(name: .shortAndLong, help: "The directory to write into.")
        var output: String = "."

        @Flag(help: "Overwrite NAME.yaml when it exists.")
        var force = false

        enum Template: String, ExpressibleByArgument, CaseIterable {
            case zfs, directory
        }

        func validate() throws {
            let allowed = Set("abcdefghijklmnopqrstuvwxyz0123456789-_.")
            guard let first = name.first, first.isLetter || first.isNumber, name.allSatisfy(allowed.contains) else {
                throw ValidationError("'\(name)' is not a slug: use lowercase letters, digits, '-', '_' and '.'")
            }
        }

        func run() throws {
            let template = ExperimentTemplate(rawValue: self.template.rawValue) ?? .zfs
            let fm = FileManager.default
            do {
                try fm.createDirectory(atPath: output, withIntermediateDirectories: true)
            } catch {
                throw ValidationError("cannot create \(output): \(error.localizedDescription)")
            }
            let experimentPath = (output as NSString).appendingPathComponent("\(name).yaml")
            let jobPath = (output as NSString).appendingPathComponent(ExperimentTemplate.jobFileName)
            if fm.fileExists(atPath: experimentPath), !force {
                throw ValidationError("\(experimentPath) exists; use --force to overwrite it")
            }
            try write(template.experiment(named: name), to: experimentPath)
            print("wrote \(experimentPath)")
            if fm.fileExists(atPath: jobPath) {
                print("kept \(jobPath) (it exists)")
            } else {
                try write(ExperimentTemplate.jobFile, to: jobPath)
                print("wrote \(jobPath)")
            }
            print("next: iosweep validate \(experimentPath)")
        }

        private func write(_ text: String, to path: String) throws {
            do {
                try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
            } catch {
                throw ValidationError("cannot write \(path): \(error.localizedDescription)")
            }
        }
    }
}
