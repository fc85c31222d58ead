import Hummingbird
import Logging
import SolanaSimulator

/// A `SimulatorServer` on a free loopback port of this process, answering over real HTTP.
public struct InProcessSimulator: Sendable {
    public let port: Int
    private let task: Task<Void, any Error>

    public static func start(_ server: SimulatorServer, logger: Logger) async throws -> InProcessSimulator {
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let app = server.buildApplication(host: "127.0.0.1", port: 0, logger: logger) { continuation.yield($0) }
        let task = Task { try await app.run() }
        for await port in ports { return InProcessSimulator(port: port, task: task) }
        throw BenchError("the simulator did not start")
    }

    public func stop() { task.cancel() }
}
