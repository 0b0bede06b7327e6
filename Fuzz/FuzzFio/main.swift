import SweepRecords
// libFuzzer target: fio output bytes → FioParser (document scanner, JSON parser, normaliser, job merging)
// → every catalogued metric of every group, per host and summarised, as `iosweep report` reads them.
// Built and run by Scripts/fuzz.sh, never by the normal build.
import FuzzSupport
import SweepAnalysis

/// The fio paths `report` reads most: aliases expanded by the catalogue, percentiles included.
private let paths: [String] = [
    "write.iops", "read.iops", "trim.iops", "mixed.iops", "write.bw", "read.bw_bytes", "write.io_bytes",
    "read.io_kbytes", "write.total_ios", "read.runtime", "write.lat.mean", "write.lat.stddev", "read.clat.mean",
    "read.slat.max", "write.clat.p99", "write.clat.p99.9", "read.clat.p50", "read.lat.p99.99", "sync.lat.mean",
    "usr_cpu", "sys_cpu", "job_runtime", "elapsed",
].compactMap { name in
    guard case .fio(let path) = (try? MetricCatalog.metric(named: name))?.source else { return nil }
    return path
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzFio(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data else { return 0 }
    let bytes = [UInt8](UnsafeBufferPointer(start: data, count: size))
    guard let report = try? FioParser().parse(bytes, file: "fio.json") else { return 0 }
    _ = report.errorLines
    for perHost in [false, true] {
        for group in report.rowGroups(perHost: perHost) {
            for path in paths {
                _ = group.value(atPath: path)
                _ = group.isApproximate(path: path)
            }
        }
    }
    return 0
}

@_cdecl("FuzzFio_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    FuzzDriver.main(argc, argv, fuzzFio)
}
