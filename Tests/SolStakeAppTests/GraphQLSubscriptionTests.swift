import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import HummingbirdWSClient
import Logging
import NIOWebSocket
import SQLKit
import SolStakeAPI
import SolStakeApp
import SolStakeStore
import SolanaSimulator
import Testing
import TestSupport

/// A graphql-transport-ws client conversation: send JSON, receive JSON (with a timeout). `@unchecked`: the inbound
/// iterator is mutable state, and each conversation is driven by one test task at a time.
final class WSConversation: @unchecked Sendable {
    let outbound: WebSocketOutboundWriter
    var iterator: WebSocketInboundMessageStream.AsyncIterator

    init(inbound: WebSocketInboundStream, outbound: WebSocketOutboundWriter) {
        self.outbound = outbound
        iterator = inbound.messages(maxSize: 16 << 20).makeAsyncIterator()
    }

    func send(_ object: [String: Any]) async throws {
        try await outbound.write(.text(String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self)))
    }

    func sendRaw(_ text: String) async throws { try await outbound.write(.text(text)) }

    struct ReceiveTimeout: Error, CustomStringConvertible {
        let timeout: Duration
        var description: String { "no WebSocket message within \(timeout)" }
    }

    /// The next message, or nil when the server closed the connection; a silent server fails the test past `timeout`.
    func receive(timeout: Duration = .seconds(60)) async throws -> [String: Any]? {
        let next = try await withThrowingTaskGroup(of: WebSocketMessage?.self) { group in
            group.addTask { try await self.iterator.next() }
            group.addTask {
                try await Task.sleep(for: timeout)
                throw ReceiveTimeout(timeout: timeout)
            }
            defer { group.cancelAll() }
            return try await group.next() ?? nil
        }
        guard let message = next else { return nil }
        guard case .text(let text) = message else { return [:] }
        return (try JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any]
    }

    static func run(
        port: Int, subprotocol: String? = GraphQLWebSocket.subprotocol, _ script: @escaping @Sendable (WSConversation) async throws -> Void
    ) async throws -> WebSocketCloseFrame? {
        var configuration = WebSocketClientConfiguration()
        if let subprotocol { configuration.additionalHeaders = [.secWebSocketProtocol: subprotocol] }
        var logger = Logger(label: "ws-test")
        logger.logLevel = .warning
        return try await WebSocketClient.connect(url: "ws://127.0.0.1:\(port)/graphql", configuration: configuration, logger: logger) { inbound, outbound, _ in
            try await script(WSConversation(inbound: inbound, outbound: outbound))
        }
    }
}

enum SubscriptionContract {
    typealias H = GraphQLHarness

    /// A subscriber receives a run completed by another process (`solstake score all`), and the score change of one
    /// validator whose commission rose.
    static func runCompletedElsewhere(_ database: any DatabaseClient, url: String) async throws {
        let server = H.syntheticServer(60)
        _ = try await H.seed(database, server: server)
        let victim = await server.cluster.validators.first { !$0.delinquent && $0.commission <= 5 }!.voteAccount
        // The validator raises its commission; the next fetch stores it; another process scores.
        try await SimulatorHarness.with(server) { rpc in
            _ = await server.cluster.mutate(voteAccount: victim, delinquent: nil, commission: 60, activatedStake: nil, identity: nil)
            _ = try await IngestJob.run(jobId: "fetch-2", client: IngestionContract.client(rpc), database: database, logger: IngestionContract.logger)
        }
        let configuration = try await H.configuration { $0.graphQL.subscriptionPollMillis = 200 }
        try await H.withApp(database, configuration: configuration) { client in
            let port = try #require(client.port)
            let close = try await WSConversation.run(port: port) { ws in
                try await ws.send(["type": "connection_init", "payload": [:]])
                #expect(try await ws.receive()?["type"] as? String == "connection_ack")
                try await ws.send(["type": "ping", "payload": ["n": 1]])
                let pong = try await ws.receive()
                #expect(pong?["type"] as? String == "pong")
                try await ws.send(["type": "subscribe", "id": "runs", "payload": ["query": "subscription { scoringRunCompleted { id status validatorCount } }"]])
                try await ws.send(["type": "subscribe", "id": "score", "payload": [
                    "query": "subscription S($v: String!) { validatorScoreChanged(voteAccount: $v) { voteAccount score previousScore delta } }",
                    "variables": ["v": victim], "operationName": "S",
                ]])
                try await Task.sleep(for: .milliseconds(500))  // the feed has read the current state

                // Another process completes a run.
                let scored = try await SolStakeBinary.run(["score", "all", "--database-url", url, "--log-level", "warning"])
                #expect(scored.status == 0, "\(scored.err.suffix(500))")

                var received: [String: [String: Any]] = [:]
                while received.count < 2, let message = try await ws.receive() {
                    guard message["type"] as? String == "next", let id = message["id"] as? String else { continue }
                    received[id] = ((message["payload"] as? [String: Any])?["data"] as? [String: Any])
                }
                let run = try #require(received["runs"]?["scoringRunCompleted"] as? [String: Any])
                #expect(run["status"] as? String == "completed" && run["validatorCount"] as? Int == 60)
                let change = try #require(received["score"]?["validatorScoreChanged"] as? [String: Any])
                #expect(change["voteAccount"] as? String == victim)
                let score = try #require(change["score"] as? Double)
                let previous = try #require(change["previousScore"] as? Double)
                #expect(score < previous)

                try await ws.send(["type": "complete", "id": "runs"])
                try await ws.send(["type": "complete", "id": "score"])
                try await ws.outbound.close(.normalClosure, reason: nil)
            }
            #expect(close?.closeCode == .normalClosure || close == nil)
        }
    }
}

@Suite("GraphQL subscriptions over WebSocket")
struct GraphQLSubscriptionTests {
    typealias H = GraphQLHarness

    @Test(.enabled(if: SolStakeBinary.url != nil, "build the solstake executable"))
    func runCompletedByAnotherProcessOnSQLite() async throws {
        try await TestDatabases.withTemporaryDirectory { dir in
            let path = dir.appendingPathComponent("ws.sqlite").path
            try await DatabaseFactory.withDatabase(.sqliteFile(path: path), logger: TestDatabases.logger) { database in
                try await Migrator(database: database, logger: TestDatabases.logger).migrate()
                try await SubscriptionContract.runCompletedElsewhere(database, url: "sqlite://\(path)")
            }
        }
    }

    @Test(.enabled(if: SolStakeBinary.url != nil && TestDatabases.hasPostgres, "build solstake and set SOLSTAKE_TEST_POSTGRES_URL"))
    func runCompletedByAnotherProcessOnPostgreSQL() async throws {
        try await TestDatabases.withFreshPostgres { url in
            try await DatabaseFactory.withDatabase(url, logger: TestDatabases.logger) { database in
                try await Migrator(database: database, logger: TestDatabases.logger).migrate()
                try await SubscriptionContract.runCompletedElsewhere(database, url: TestDatabases.commandLineURL(database.location))
            }
        }
    }

    /// The protocol's rules and close codes.
    @Test func protocolErrorsCloseWithTheirCodes() async throws {
        try await TestDatabases.with(.sqliteMemory) { database in
            let configuration = try await H.configuration { $0.graphQL.connectionInitTimeoutSeconds = 0.3 }
            try await H.withApp(database, configuration: configuration) { client in
                let port = try #require(client.port)
                func code(_ script: @escaping @Sendable (WSConversation) async throws -> Void) async throws -> Int? {
                    let frame = try await WSConversation.run(port: port) { ws in
                        try await script(ws)
                        while try await ws.receive() != nil {}
                    }
                    if case .unknown(let value)? = frame?.closeCode { return Int(value) }
                    return frame.map { _ in -1 }
                }
                let subscribe = #"{"type":"subscribe","id":"a","payload":{"query":"subscription { scoringRunCompleted { id } }"}}"#
                #expect(try await code { try await $0.sendRaw(subscribe) } == 4401)
                #expect(try await code { _ in } == 4408)
                #expect(try await code { ws in
                    try await ws.send(["type": "connection_init"])
                    try await ws.send(["type": "connection_init"])
                } == 4429)
                #expect(try await code { try await $0.send(["type": "connection_init", "payload": ["authorization": "Bearer wrong-key-0123456789"]]) } == 4403)
                #expect(try await code { try await $0.sendRaw("{not json") } == 4400)
                #expect(try await code { try await $0.send(["type": "bogus"]) } == 4400)
                #expect(try await code { ws in
                    try await ws.send(["type": "connection_init"])
                    try await ws.sendRaw(subscribe)
                    try await ws.sendRaw(subscribe)
                } == 4409)

                // Queries over the socket: next then complete; a bad document: error.
                let frame = try await WSConversation.run(port: port) { ws in
                    try await ws.send(["type": "connection_init", "payload": ["authorization": "Bearer \(H.apiKey)"]])
                    #expect(try await ws.receive()?["type"] as? String == "connection_ack")
                    try await ws.send(["type": "subscribe", "id": "q", "payload": ["query": "{ validators { id } }"]])
                    let next = try await ws.receive()
                    #expect(next?["type"] as? String == "next" && next?["id"] as? String == "q")
                    #expect(try await ws.receive()?["type"] as? String == "complete")
                    try await ws.send(["type": "subscribe", "id": "bad", "payload": ["query": "subscription { nothing }"]])
                    let error = try await ws.receive()
                    #expect(error?["type"] as? String == "error" && error?["id"] as? String == "bad")
                    try await ws.outbound.close(.normalClosure, reason: nil)
                }
                #expect(frame?.closeCode == .normalClosure || frame == nil)

                // At most 100 operations at once per connection: the 101st gets an error, the connection stays.
                let capped = try await WSConversation.run(port: port) { ws in
                    try await ws.send(["type": "connection_init"])
                    #expect(try await ws.receive()?["type"] as? String == "connection_ack")
                    for n in 0...100 {
                        try await ws.send(["type": "subscribe", "id": "s\(n)", "payload": ["query": "subscription { scoringRunCompleted { id } }"]])
                    }
                    let refused = try await ws.receive()
                    #expect(refused?["type"] as? String == "error" && refused?["id"] as? String == "s100")
                    try await ws.send(["type": "ping"])
                    #expect(try await ws.receive()?["type"] as? String == "pong")
                    try await ws.outbound.close(.normalClosure, reason: nil)
                }
                #expect(capped?.closeCode == .normalClosure || capped == nil)

                // Without the subprotocol there is no upgrade.
                await #expect(throws: (any Error).self) {
                    _ = try await WSConversation.run(port: port, subprotocol: nil) { _ in }
                }
            }
        }
    }
}
