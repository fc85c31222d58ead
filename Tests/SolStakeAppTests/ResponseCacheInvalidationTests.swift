import Foundation
import HTTPTypes
import HummingbirdTesting
import SolStakeCore
import SolStakeJobs
import SolStakeStore
import Testing
import TestSupport

private typealias H = GraphQLHarness

/// A cached answer is dropped when another process writes: a second database client on the same database (its own
/// connections, as a CLI command or a worker on another machine would have) tracks a wallet, and the server's next
/// answers show it within the poll interval (SQLite) or the notification's delivery (PostgreSQL). Writes to the job
/// queue alone change no answer and keep the cache.
@Suite("Response cache across processes")
struct ResponseCacheInvalidationTests {
    @Test(arguments: [TestDatabases.Kind.sqliteFile, .postgres])
    func anotherProcessesWriteInvalidatesTheCache(_ kind: TestDatabases.Kind) async throws {
        guard kind != .postgres || TestDatabases.hasPostgres else { return }
        try await TestDatabases.with(kind) { database in
            _ = try await H.seed(database, server: H.syntheticServer(20))
            let url = try DatabaseURL(parsing: TestDatabases.commandLineURL(database.location))
            let configuration = try await H.configuration { $0.graphQL.subscriptionPollMillis = 3_600_000 }
            try await H.withApp(database, configuration: configuration) { client in
                let query = "{ users { walletPubkey } }"
                @Sendable func cached(_ reply: H.Reply) -> String? { reply.headers[HTTPField.Name("X-Solstake-Cache")!] }
                @Sendable func count(_ reply: H.Reply) -> Int { (reply.data?["users"] as? [Any])?.count ?? -1 }
                func untilHit() async throws -> H.Reply {
                    let deadline = ContinuousClock.now + .seconds(20)
                    while true {
                        let reply = try await H.post(client, query)
                        if cached(reply) == "hit" || ContinuousClock.now > deadline { return reply }
                        try await Task.sleep(for: .milliseconds(20))
                    }
                }
                let before = try await untilHit()
                #expect(cached(before) == "hit")

                try await DatabaseFactory.withDatabase(url, logger: TestDatabases.logger) { other in
                    // The queue alone: the answer stays cached.
                    _ = try await JobQueue(database: other).enqueue(JobRequest(kind: "fetch"))
                    try await Task.sleep(for: .seconds(1))
                    let stillCached = try await H.post(client, query)
                    #expect(cached(stillCached) == "hit", "a job enqueued elsewhere changes no answer")

                    let wallet = try WalletKey(validating: Base58.encode([UInt8](repeating: 77, count: 32)))
                    let written = ContinuousClock.now
                    _ = try await other.transaction { db in
                        try await StakerStore.track(wallet, actor: "other-process", nowMillis: 1, on: db)
                    }
                    var after = try await H.post(client, query)
                    while count(after) == count(before), ContinuousClock.now - written < .seconds(10) {
                        try await Task.sleep(for: .milliseconds(10))
                        after = try await H.post(client, query)
                    }
                    let lag = ContinuousClock.now - written
                    #expect(count(after) == count(before) + 1, "the other process's wallet shows (after \(lag))")
                    #expect(lag < .seconds(5), "shown \(lag) after the write")
                }
            }
        }
    }
}
