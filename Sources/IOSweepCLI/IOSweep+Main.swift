import ArgumentParser

extension IOSweep {
    /// Parses the command line and runs the chosen command, awaiting asynchronous ones; exits with the
    /// command's status. (A plain `IOSweep.main()` from top-level code resolves to ArgumentParser's
    /// synchronous entry point, which refuses an asynchronous root command.)
    public static func execute(_ arguments: [String]? = nil) async {
        do {
            var command = try parseAsRoot(arguments)
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            exit(withError: error)
        }
    }
}
