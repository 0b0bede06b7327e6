import IOSweepCLI

/// The executable's entry point: ArgumentParser's async `main()` of the root command.
@main
enum Entry {
    static func main() async {
        await IOSweep.main()
    }
}
