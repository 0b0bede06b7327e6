import SweepModel
import SweepRecords
// libFuzzer target: collector output → its reader, chosen by the first byte (iostat text, iostat JSON,
// mpstat text, mpstat JSON, vmstat, zpool iostat, iosweep's diskstats), then the merging of two files, the
// per-device means, offsets and renaming `iosweep report` applies. Built and run by Scripts/fuzz.sh, never by the normal build.
import FuzzSupport
import SweepAnalysis

/// The reader `selector` picks (modulo 7): iostat text, iostat JSON, mpstat text, mpstat JSON, vmstat,
/// zpool iostat, iosweep's diskstats.
private func read(_ bytes: [UInt8], selector: UInt8) throws(ResultFileError) -> CollectorSamples {
    switch selector % 7 {
    case 0: try IostatTextParser().parse(bytes, file: "iostat.txt")
    case 1: try IostatJSONParser().parse(bytes, file: "iostat.json")
    case 2: try MpstatTextParser().parse(bytes, file: "mpstat.txt")
    case 3: try MpstatJSONParser().parse(bytes, file: "mpstat.json")
    case 4: try VmstatTextParser().parse(bytes, file: "vmstat.txt")
    case 5: try ZpoolIostatParser().parse(bytes, file: "zpool-iostat.txt")
    default: DiskstatsSample.rates(try DiskstatsSample.parse(bytes, file: "diskstats.txt"))
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCollectors(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data else { return 0 }
    guard size > 0 else { return 0 }
    let bytes = [UInt8](UnsafeBufferPointer(start: data + 1, count: size - 1))
    guard let samples = try? read(bytes, selector: data[0]) else { return 0 }
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
