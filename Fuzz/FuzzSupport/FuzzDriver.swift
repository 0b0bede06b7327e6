/// The entry point of the fuzz executables. SwiftPM links an executable with `main` renamed to
/// `<Module>_main` (so tests can link executables), which hides libFuzzer's own `main`; each target
/// defines that symbol and hands libFuzzer its input function here.
public enum FuzzDriver {
    /// The function libFuzzer calls with each input (`LLVMFuzzerTestOneInput`'s signature).
    public typealias TestOneInput = @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt

    /// Runs libFuzzer's command-line driver (corpus directories, `-max_total_time=…`) on `test`.
    public static func main(
        _ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?, _ test: TestOneInput
    ) -> CInt {
        var argc = argc
        var argv = argv
        return LLVMFuzzerRunDriver(&argc, &argv, test)
    }
}

/// libFuzzer's `int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*cb)(const uint8_t *, size_t))`: pointers
/// and an `int`, passed alike by the Swift and C calling conventions.
@_silgen_name("LLVMFuzzerRunDriver")
private func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ test: FuzzDriver.TestOneInput
) -> CInt
