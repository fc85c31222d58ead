import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Hummingbird
import Logging
import SolanaRPC
import SolanaSimulator

/// Runs a `SimulatorServer` on a free loopback port for the duration of `body`: real HTTP, real sockets.
public enum SimulatorHarness {
    public static func with<T: Sendable>(
        _ server: SimulatorServer, _ body: @Sendable (URL) async throws -> T
    ) async throws -> T {
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        var logger = Logger(label: "solana-sim")
        logger.logLevel = .warning
        let app = server.buildApplication(host: "127.0.0.1", port: 0, logger: logger) { port in
            continuation.yield(port)
        }
        return try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask {
                try await app.run()
                return nil
            }
            var iterator = ports.makeAsyncIterator()
            guard let port = await iterator.next() else { throw HarnessError.serverDidNotStart }
            let result = try await body(URL(string: "http://127.0.0.1:\(port)")!)
            group.cancelAll()
            return result
        }
    }

    /// A small synthetic cluster with a frozen clock.
    public static func syntheticServer(validators: Int = 50, seed: UInt64 = 7, faults: [Fault] = []) -> SimulatorServer {
        var settings = SimulatedCluster.Settings()
        settings.slotTime = .zero
        return SimulatorServer(cluster: SyntheticCluster.make(validators: validators, seed: seed, settings: settings), faults: faults, seed: seed)
    }

    /// The admin endpoints, over HTTP.
    public static func admin(_ base: URL, _ method: String, _ path: String, json: String? = nil) async throws -> Data {
        var request = URLRequest(url: base.appendingPathComponent(path))
        request.httpMethod = method
        if let json {
            request.httpBody = Data(json.utf8)
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        let (data, _) = try await URLSession.shared.data(for: request)
        return data
    }

    public enum HarnessError: Error { case serverDidNotStart }
}
