import AsyncHTTPClient
import NIOCore
import Synchronization

/// HTTP clients for RPC, one per connect timeout, alive as long as the process (so never shut down). The shared client
/// retries a refused connection until its connect timeout on every attempt; RPC should fail over at once instead.
enum RPCHTTPClient {
    private static let clients = Mutex<[Int64: HTTPClient]>([:])

    static func client(connectTimeout: Duration) -> HTTPClient {
        let milliseconds = Int64(connectTimeout.seconds * 1000)
        return clients.withLock { clients in
            if let client = clients[milliseconds] { return client }
            var configuration = HTTPClient.Configuration()
            configuration.timeout.connect = .milliseconds(milliseconds)
            // The RPC client retries and fails over itself; the pool would retry a refused connection until the timeout.
            configuration.connectionPool.retryConnectionEstablishment = false
            let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
            clients[milliseconds] = client
            return client
        }
    }
}
