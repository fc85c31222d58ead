import Foundation

/// Runs one of the repository's Python scripts to completion, off the concurrency threads (a server in this process
/// keeps them).
public enum PythonScript {
    public static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Whether `python3` can import every module named.
    public static func has(_ modules: [String]) -> Bool {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", modules.map { "import \($0)" }.joined(separator: "; ")]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return false }
        process.waitUntilExit()
        return process.terminationStatus == 0
    }

    public static func run(_ script: String, _ arguments: [String]) async throws -> SolStakeBinary.Run {
        let path = repositoryRoot.appendingPathComponent(script).path
        return try await SolStakeBinary.offThread {
            try SolStakeBinary.run(executable: URL(fileURLWithPath: "/usr/bin/env"), ["python3", path] + arguments)
        }
    }
}
