import SolStakeCore
import Testing

@Suite struct ProcessStatTests {
    /// A real line of `/proc/self/stat`, with a command name holding a space and a parenthesis.
    static let line = "30080 (my (odd) cmd) R 30077 30077 22475 0 -1 4194304 100 0 0 0 250 150 0 0 20 0 1 0 7834408 3133440 408 18446744073709551615 94505176502272 0"

    @Test func fieldsCountFromTheLastParenthesis() throws {
        let stat = try #require(ProcessStat.parse(stat: Self.line, bootTime: 1_796_237_451, ticksPerSecond: 100, pageSize: 4096))
        #expect(stat.cpuSeconds == 4.0)  // (250 + 150) ticks
        #expect(stat.startTimeSeconds == 1_796_237_451 + 78_344.08)
        #expect(stat.virtualMemoryBytes == 3_133_440)
        #expect(stat.residentMemoryBytes == 408 * 4096)
    }

    @Test func truncatedOrForeignTextIsNil() {
        #expect(ProcessStat.parse(stat: "30080 (cat) R 1 2 3", bootTime: 0, ticksPerSecond: 100, pageSize: 4096) == nil)
        #expect(ProcessStat.parse(stat: "no parenthesis here", bootTime: 0, ticksPerSecond: 100, pageSize: 4096) == nil)
        #expect(ProcessStat.parse(stat: Self.line, bootTime: 0, ticksPerSecond: 0, pageSize: 4096) == nil)
    }

    @Test func bootTimeFromProcStat() {
        #expect(ProcessStat.bootTime(procStat: "cpu  1 2 3\nintr 5\nbtime 1796237451\nprocesses 9\n") == 1_796_237_451)
        #expect(ProcessStat.bootTime(procStat: "cpu 1\n") == nil)
    }
}
