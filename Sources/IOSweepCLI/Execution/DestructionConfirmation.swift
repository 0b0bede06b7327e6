import ArgumentParser
import Foundation
import SweepPlanner
import SweepRunner

/// Asks before a run destroys real disks.
///
/// Only real devices (an experiment's `disks: [sdb, …]`) need a yes: scratch disks are loop devices over
/// files the run itself creates and deletes, so a scratch-only study destroys nothing of the user's.
/// The devices are checked for safety first (``ResourceManager/preflight(plan:directory:)``), so nobody is
/// asked about a device that would be refused. On a terminal the devices are listed and `yes` must be
/// typed; otherwise `--yes` is required (refused with exit 3). Nothing is asked when no pending cell is
/// selected.
enum DestructionConfirmation {
    static func confirm(
        plan: Plan, directory: RunDirectory, yes: Bool, resources: any ResourceManager, selects: (Cell) -> Bool
    ) async throws {
        let devices = plan.realDevicesDestroyed
        guard !devices.isEmpty, !yes else { return }
        let pending = directory.states(of: plan).contains { $0.state != .done && selects($0.cell) }
        guard pending else { return }
        if let refusal = await resources.preflight(plan: plan, directory: directory) {
            StudyExecution.fail("refused: \(refusal)")
            throw ExitStatus.refused
        }
        let list = devices.map { BlockDeviceName.devicePath($0) }.joined(separator: ", ")
        guard isatty(STDIN_FILENO) == 1, isatty(STDERR_FILENO) == 1 else {
            StudyExecution.fail(
                "refused: this run destroys the contents of \(list); pass --yes to confirm (no terminal to ask on)")
            throw ExitStatus.refused
        }
        let prompt =
            "iosweep: this run destroys every byte on \(devices.count == 1 ? "this device" : "these devices"):\n"
            + devices.map { "  " + BlockDeviceName.devicePath($0) + "\n" }.joined()
            + "Each passed the checks: not mounted, not swap, not in a foreign pool, no signature unless wipe: true.\n"
            + "Type yes to go on: "
        FileHandle.standardError.write(Data(prompt.utf8))
        let answer = readLine()?.trimmingCharacters(in: .whitespaces).lowercased()
        guard answer == "yes" || answer == "y" else {
            StudyExecution.fail("refused: not confirmed; nothing was changed")
            throw ExitStatus.refused
        }
    }
}
