/// The process figures Prometheus's client conventions expose (`process_*`), read from Linux's `/proc/self/stat`.
public struct ProcessStat: Sendable, Equatable {
    public let cpuSeconds: Double
    public let startTimeSeconds: Double
    public let virtualMemoryBytes: Double
    public let residentMemoryBytes: Double

    public init(cpuSeconds: Double, startTimeSeconds: Double, virtualMemoryBytes: Double, residentMemoryBytes: Double) {
        self.cpuSeconds = cpuSeconds
        self.startTimeSeconds = startTimeSeconds
        self.virtualMemoryBytes = virtualMemoryBytes
        self.residentMemoryBytes = residentMemoryBytes
    }

    /// Parses `/proc/self/stat` (proc(5)). The command name (field 2) may hold spaces and parentheses, so fields are
    /// counted from its last `)`. `bootTime` is `btime` of `/proc/stat` (seconds since the epoch).
    public static func parse(stat: String, bootTime: Double, ticksPerSecond: Double, pageSize: Double) -> ProcessStat? {
        guard let close = stat.lastIndex(of: ")") else { return nil }
        // Fields from 3 (state) on; proc(5) numbers them from 1.
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        func field(_ number: Int) -> Double? {
            let index = number - 3
            return fields.indices.contains(index) ? Double(fields[index]) : nil
        }
        guard let utime = field(14), let stime = field(15), let start = field(22), let vsize = field(23), let rss = field(24),
              ticksPerSecond > 0
        else { return nil }
        return ProcessStat(
            cpuSeconds: (utime + stime) / ticksPerSecond, startTimeSeconds: bootTime + start / ticksPerSecond,
            virtualMemoryBytes: vsize, residentMemoryBytes: rss * pageSize)
    }

    /// `btime` of `/proc/stat`.
    public static func bootTime(procStat: String) -> Double? {
        for line in procStat.split(separator: "\n") where line.hasPrefix("btime ") {
            return line.split(separator: " ").last.flatMap { Double($0) }
        }
        return nil
    }
}
