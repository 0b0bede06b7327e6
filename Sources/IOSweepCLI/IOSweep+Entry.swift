import ArgumentParser

extension IOSweep {
    /// Parses the command line and runs the chosen command, awaiting async ones; exits on error.
    ///
    /// `IOSweep.main()` called from top-level code resolves to ParsableCommand's synchronous entry
    /// point, which refuses to run an AsyncParsableCommand, so `main.swift` calls this instead.
    public static func execute(_ arguments: [String]? = nil) async {
        do {
            var command = try parseAsRoot(arguments)
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            exit(withError: error)
        }
    }
}
