#if canImport(Glibc)
    import Glibc
#endif

/// glibc's allocator gives each thread that allocates its own arena, grown 128 KB at a time with `mprotect`;
/// a command runs on a Swift concurrency thread, so a million-cell plan (a gigabyte of small objects) made
/// tens of thousands of those calls, a second of system time. One arena (the main one, grown with `brk`)
/// halves that; iosweep's threads allocate little at once, so they do not contend for it.
public enum MallocArenas {
    /// `mallopt(M_ARENA_MAX, 1)` where glibc is the C library; nothing elsewhere. Call it first in `main`,
    /// before any other thread allocates.
    public static func useOne() {
        #if canImport(Glibc)
            typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
            // RTLD_DEFAULT (a null handle): the symbol as the process resolves it. mallopt is not in the Glibc module.
            guard let symbol = dlsym(nil, "mallopt") else { return }
            let mallopt = unsafeBitCast(symbol, to: Mallopt.self)
            let arenaMax: Int32 = -8  // M_ARENA_MAX in <malloc.h>
            _ = mallopt(arenaMax, 1)
        #endif
    }
}
