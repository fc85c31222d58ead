#if canImport(Glibc)
import Glibc
#endif
import Foundation
import SolStakeCore

/// This process's `process_*` figures, read at scrape time from `/proc` (nil fields where it is not Linux).
struct ProcessMetrics: Sendable {
    var stat: ProcessStat?
    var openFileDescriptors: Int?
    var maxFileDescriptors: Double?

    static func read() -> ProcessMetrics {
        var metrics = ProcessMetrics()
        #if os(Linux)
        if let stat = try? String(contentsOfFile: "/proc/self/stat", encoding: .utf8),
           let procStat = try? String(contentsOfFile: "/proc/stat", encoding: .utf8),
           let boot = ProcessStat.bootTime(procStat: procStat)
        {
            metrics.stat = ProcessStat.parse(
                stat: stat, bootTime: boot, ticksPerSecond: Double(sysconf(Int32(_SC_CLK_TCK))), pageSize: Double(sysconf(Int32(_SC_PAGESIZE))))
        }
        // The listing itself opens one descriptor, which it closes again.
        metrics.openFileDescriptors = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")).map { max(0, $0.count - 1) }
        var limit = rlimit()
        if getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 { metrics.maxFileDescriptors = Double(limit.rlim_cur) }
        #endif
        return metrics
    }
}
