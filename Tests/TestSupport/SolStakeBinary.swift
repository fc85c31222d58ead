import Foundation

/// The `solstake` executable built beside the test bundle (tests that need another process).
public enum SolStakeBinary {
    public static var url: URL? {
        let bundle = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for candidate in [bundle, bundle.deletingLastPathComponent()] {
            let url = candidate.appendingPathComponent("solstake")
            if FileManager.default.isExecutableFile(atPath: url.path) { return url }
        }
        return nil
    }

    public struct Run: Sendable {
        public let status: Int32
        public let out: String
        public let err: String
    }

    /// Runs the executable with `arguments` to completion and collects its exit status and output.
    public static func run(_ arguments: [String], environment: [String: String] = [:]) throws -> Run {
        try run(executable: url!, arguments, environment: environment)
    }

    /// `run` on a Dispatch thread: a test serving RPC from this process keeps its concurrency threads while it waits.
    public static func run(_ arguments: [String], environment: [String: String] = [:]) async throws -> Run {
        try await offThread { try run(arguments, environment: environment) }
    }

    /// Any program, to completion, with its output.
    static func run(executable: URL, _ arguments: [String], environment: [String: String] = [:]) throws -> Run {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if !environment.isEmpty { process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new } }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(status: process.terminationStatus, out: String(decoding: outData, as: UTF8.self), err: String(decoding: errData, as: UTF8.self))
    }

    static func offThread(_ body: @escaping @Sendable () throws -> Run) async throws -> Run {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(with: Result { try body() }) }
        }
    }
}
