import Foundation

/// The `solstake` executable built beside the test bundle (tests that need another process), or `solstake-test`: the
/// same CLI with the test job kinds, for worker processes that run them.
public enum SolStakeBinary {
    public static var url: URL? { built("solstake") }
    public static var withTestJobs: URL? { built("solstake-test") }

    static func built(_ name: String) -> URL? {
        let bundle = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for candidate in [bundle, bundle.deletingLastPathComponent()] {
            let url = candidate.appendingPathComponent(name)
            if FileManager.default.isExecutableFile(atPath: url.path) { return url }
        }
        return nil
    }

    public struct Run: Sendable {
        public let status: Int32
        public let out: String
        public let err: String
    }

    public enum Missing: Error { case executable }

    /// Runs the executable with `arguments` to completion (killed and failed past `timeout`), with its output.
    public static func run(
        _ arguments: [String], environment: [String: String] = [:], timeout: Duration = .seconds(300), testJobs: Bool = false
    ) async throws -> Run {
        guard let url = testJobs ? withTestJobs : url else { throw Missing.executable }
        return try await ChildProcess.run(executable: url, arguments, environment: environment, timeout: timeout)
    }

    /// Starts the executable and returns at once; the caller stops or waits for it.
    public static func start(
        _ arguments: [String], environment: [String: String] = [:],
        stdout: ChildProcess.Output = .discard, stderr: ChildProcess.Output = .discard, testJobs: Bool = false
    ) throws -> ChildProcess {
        guard let url = testJobs ? withTestJobs : url else { throw Missing.executable }
        return try ChildProcess(executable: url, arguments, environment: environment, stdout: stdout, stderr: stderr)
    }
}
