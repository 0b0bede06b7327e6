import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// glibc's allocator gives each thread that allocates its own arena. A thread's arena is a 64 MB heap grown
/// with one `mprotect` per page it grows by, and the main arena grows with `brk` 128 KB at a time: a
/// million-cell plan (a gigabyte of small objects, made by as many threads as there are processors) made
/// hundreds of thousands of those calls, seconds of system time; sharing one arena instead makes the threads
/// wait for its lock. With a top pad of 64 MB every heap is made usable whole when it is made, and the main
/// arena grows 64 MB at a time (memory is only used when touched); with one arena per processor (and one for
/// the main thread) the planning threads do not wait for each other.
public enum MallocArenas {
    /// `mallopt(M_TOP_PAD, 64 MB)` and `mallopt(M_ARENA_MAX, processors + 1)` where glibc is the C library;
    /// nothing elsewhere. Call it first in `main`, before any other thread allocates.
    public static func configure() {
        #if canImport(Glibc)
            typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
            // RTLD_DEFAULT (a null handle): the symbol as the process resolves it. mallopt is not in the Glibc module.
            guard let symbol = dlsym(nil, "mallopt") else { return }
            let mallopt = unsafeBitCast(symbol, to: Mallopt.self)
            let topPad: Int32 = -2  // M_TOP_PAD in <malloc.h>
            let arenaMax: Int32 = -8  // M_ARENA_MAX
            _ = mallopt(topPad, 64 << 20)
            _ = mallopt(arenaMax, Int32(clamping: ProcessInfo.processInfo.activeProcessorCount + 1))
        #endif
    }
}
