// libFuzzer target: collector output → its reader, chosen by the first byte (iostat text, iostat JSON,
// mpstat text, mpstat JSON, vmstat, zpool iostat, iosweep's diskstats), then the merging of two files, the
// per-device means, offsets and renaming `iosweep report` applies. Built and run by Scripts/fuzz.sh, never by the normal build.
import FuzzSupport
import SweepAnalysis

/// The readers, in the order the first byte selects them (modulo their count).
private let readers: [(name: String, parse: ([UInt8]) throws(AnalysisError) -> CollectorSamples)] = [
    ("iostat.txt", { bytes throws(AnalysisError) in try IostatTextParser().parse(bytes, file: "iostat.txt") }),
    ("iostat.json", { bytes throws(AnalysisError) in try IostatJSONParser().parse(bytes, file: "iostat.json") }),
    ("mpstat.txt", { bytes throws(AnalysisError) in try MpstatTextParser().parse(bytes, file: "mpstat.txt") }),
    ("mpstat.json", { bytes throws(AnalysisError) in try MpstatJSONParser().parse(bytes, file: "mpstat.json") }),
    ("vmstat.txt", { bytes throws(AnalysisError) in try VmstatTextParser().parse(bytes, file: "vmstat.txt") }),
    ("zpool-iostat.txt", { bytes throws(AnalysisError) in try ZpoolIostatParser().parse(bytes, file: "zpool-iostat.txt") }),
    ("diskstats.txt", { bytes throws(AnalysisError) in
        DiskstatsSample.rates(try DiskstatsSample.parse(bytes, file: "diskstats.txt"))
    }),
]

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCollectors(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data else { return 0 }
    guard size > 0 else { return 0 }
    let reader = readers[Int(data[0]) % readers.count]
    let bytes = [UInt8](UnsafeBufferPointer(start: data + 1, count: size - 1))
    guard let samples = try? reader.parse(bytes) else { return 0 }
    var merged = samples
    merged.append(samples)
    let renamed = merged.renamingDevices(Dictionary(samples.devices.map { ($0, "scratch-" + $0) }, uniquingKeysWith: { a, _ in a }))
    for interval in [1.0, 0.5] {
        _ = renamed.offsets(interval: interval)
        for column in samples.columns {
            for warmup in [0.0, 5.0] { _ = renamed.means(of: column, warmup: warmup, interval: interval) }
        }
    }
    return 0
}

@_cdecl("FuzzCollectors_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    FuzzDriver.main(argc, argv, fuzzCollectors)
}
