import Foundation

/// A program a test runs, awaited without blocking a concurrency thread, and never waited on forever.
///
/// Foundation's `waitUntilExit` spins a run loop on the calling thread and can miss the child's exit there: on a
/// two-core machine two such waits hold the whole cooperative pool, and every other test, and the servers they run in
/// this process, stop. Here the exit is signalled by `terminationHandler` (set before the launch, so a quick exit is not
/// missed) and polled with `Task.sleep`; output is drained on threads of its own, so a full pipe never stalls the child.
public final class ChildProcess: @unchecked Sendable {
    /// Where a stream of the child goes.
    public enum Output: Sendable {
        case discard
        case collect
        case file(FileHandle)
    }

    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    public let process: Process
    public let command: String
    private let exit = ExitSignal()
    private let out: StreamCollector?
    private let err: StreamCollector?

    public init(
        executable: URL, _ arguments: [String], environment: [String: String] = [:],
        stdout: Output = .collect, stderr: Output = .collect, stdin: Data? = nil
    ) throws {
        let process = Process()
        command = ([executable.lastPathComponent] + arguments).joined(separator: " ")
        process.executableURL = executable
        process.arguments = arguments
        if !environment.isEmpty {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        }
        out = Self.attach(stdout) { process.standardOutput = $0 }
        err = Self.attach(stderr) { process.standardError = $0 }
        self.process = process
        let input = stdin.map { _ in Pipe() }
        if let input { process.standardInput = input } else { process.standardInput = FileHandle.nullDevice }
        let exit = self.exit
        process.terminationHandler = { exit.signal($0.terminationStatus) }
        try process.run()
        out?.start()
        err?.start()
        if let input, let stdin {
            // A child that exits before reading everything closes the pipe: the write fails, the exit status tells.
            Thread.detachNewThread {
                try? input.fileHandleForWriting.write(contentsOf: stdin)
                try? input.fileHandleForWriting.close()
            }
        }
    }

    private static func attach(_ output: Output, _ set: (Any) -> Void) -> StreamCollector? {
        switch output {
        case .discard: set(FileHandle.nullDevice); return nil
        case .file(let handle): set(handle); return nil
        case .collect:
            let pipe = Pipe()
            set(pipe)
            return StreamCollector(pipe.fileHandleForReading)
        }
    }

    public var isRunning: Bool { exit.status == nil }
    public var processIdentifier: Int32 { process.processIdentifier }

    /// The exit status, once the child has exited within `timeout`; past it the child is killed and this throws.
    @discardableResult
    public func wait(timeout: Duration = .seconds(300)) async throws -> SolStakeBinary.Run {
        guard let status = await exited(within: timeout) else {
            kill(SIGKILL)
            _ = await exited(within: .seconds(10))
            throw Failure(description: "`\(command)` did not exit within \(timeout); killed. stderr: \(errText.suffix(2_000))")
        }
        // A grandchild can hold a pipe open after the child exits: its output is not waited for long.
        for collector in [out, err].compactMap({ $0 }) { await collector.finished(within: .seconds(5)) }
        return SolStakeBinary.Run(status: status, out: outText, err: errText)
    }

    /// SIGTERM, then SIGKILL if the child is still running after `grace`. Returns the exit status (nil: never exited).
    @discardableResult
    public func stop(grace: Duration = .seconds(30)) async -> Int32? {
        if isRunning { kill(SIGTERM) }
        if let status = await exited(within: grace) { return status }
        kill(SIGKILL)
        return await exited(within: .seconds(10))
    }

    public func kill(_ signal: Int32) {
        if isRunning { _ = Foundation.kill(process.processIdentifier, signal) }
    }

    /// Waits for the exit signal, in short sleeps (a cancelled test stops waiting at once).
    public func exited(within timeout: Duration) async -> Int32? {
        let deadline = ContinuousClock.now + timeout
        while true {
            if let status = exit.status { return status }
            if ContinuousClock.now >= deadline || Task.isCancelled { return nil }
            try? await Task.sleep(for: .milliseconds(20))
        }
    }

    public var outText: String { out?.text ?? "" }
    public var errText: String { err?.text ?? "" }
}

/// Runs to completion: launch, wait with a deadline, collect.
extension ChildProcess {
    public static func run(
        executable: URL, _ arguments: [String], environment: [String: String] = [:], stdin: Data? = nil,
        timeout: Duration = .seconds(300)
    ) async throws -> SolStakeBinary.Run {
        try await ChildProcess(executable: executable, arguments, environment: environment, stdin: stdin).wait(timeout: timeout)
    }

    /// For synchronous contexts (test traits): waits on a semaphore, never on a run loop.
    public static func statusBlocking(executable: URL, _ arguments: [String], timeout: TimeInterval = 60) -> Int32? {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        let done = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in done.signal() }
        guard (try? process.run()) != nil else { return nil }
        guard done.wait(timeout: .now() + timeout) == .success else {
            process.terminate()
            return nil
        }
        return process.terminationStatus
    }
}

/// The exit status, set once by Foundation's termination handler.
final class ExitSignal: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Int32?

    var status: Int32? { lock.withLock { value } }
    func signal(_ status: Int32) { lock.withLock { if value == nil { value = status } } }
}

/// Reads one pipe to its end on a thread of its own.
final class StreamCollector: @unchecked Sendable {
    private let handle: FileHandle
    private let lock = NSLock()
    private var data = Data()
    private var done = false

    init(_ handle: FileHandle) { self.handle = handle }

    func start() {
        Thread.detachNewThread { [self] in
            while true {
                let chunk = handle.availableData
                if chunk.isEmpty { break }
                lock.withLock { data.append(chunk) }
            }
            lock.withLock { done = true }
        }
    }

    var text: String { lock.withLock { String(decoding: data, as: UTF8.self) } }

    func finished(within timeout: Duration) async {
        let deadline = ContinuousClock.now + timeout
        while !lock.withLock({ done }), ContinuousClock.now < deadline { try? await Task.sleep(for: .milliseconds(10)) }
    }
}
