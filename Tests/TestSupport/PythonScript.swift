import Foundation

/// Runs one of the repository's Python scripts to completion, without holding a concurrency thread (a server in this
/// process needs them).
public enum PythonScript {
    public static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let env = URL(fileURLWithPath: "/usr/bin/env")

    /// Whether `python3` can import every module named.
    public static func has(_ modules: [String]) -> Bool {
        ChildProcess.statusBlocking(executable: env, ["python3", "-c", modules.map { "import \($0)" }.joined(separator: "; ")]) == 0
    }

    public static func run(_ script: String, _ arguments: [String], timeout: Duration = .seconds(600)) async throws -> SolStakeBinary.Run {
        let path = repositoryRoot.appendingPathComponent(script).path
        return try await ChildProcess.run(executable: env, ["python3", path] + arguments, timeout: timeout)
    }
}
