import Foundation
import HummingbirdTesting
import SQLKit
import SolStakeApp
import SolStakeCore
import SolStakeStore
import Testing
import TestSupport

/// The original's root lists asked without `limit` return every row (the original's `findMany()`), or an error
/// saying to page past their maximum: never a silent prefix.
@Suite("GraphQL: nothing cut silently")
struct GraphQLCompleteListsTests {
    typealias H = GraphQLHarness

    @Test func rootListsReturnEveryRowOrSayToPage() async throws {
        try await TestDatabases.with(.sqliteMemory) { database in
            _ = try await H.seed(database, server: SimulatorHarness.syntheticServer(validators: 30))
            // 150 tracked wallets and 25 scoring runs: more than the old default pages (100 and 20).
            let now = Int64(Date().timeIntervalSince1970 * 1000)
            try await database.transaction { db in
                for i in 0..<150 {
                    try await db.insert(into: "user").columns("walletPubkey", "label", "createdAt", "updatedAt")
                        .values(Base58.encode(SHA256.hash(Array("wallet-\(i)".utf8))), "w\(i)", now, now).ignoringConflicts(with: ["walletPubkey"]).run()
                }
            }
            for i in 3...25 { _ = try await ScoreJob.run(jobId: "score-\(i)", database: database, logger: IngestionContract.logger) }
            let users = try await database.read { db in try await db.raw(#"SELECT COUNT(*) AS "n" FROM "user""#).first(decoding: Count.self)!.n }
            try await H.withApp(database) { client in
                let all = try await H.post(client, H.getUsers)
                #expect(all.errors.isEmpty, "\(all.text.prefix(300))")
                #expect((all.data?["users"] as? [Any])?.count == users && users >= 150)
                let runs = try await H.post(client, H.getScoringRuns)
                #expect(runs.errors.isEmpty, "\(runs.text.prefix(300))")
                #expect((runs.data?["scoringRuns"] as? [Any])?.count == 25)
                let validators = try await H.post(client, H.getValidators)
                #expect((validators.data?["validators"] as? [Any])?.count == 30)
                // An explicit page is what it says.
                let page = try await H.post(client, "{ users(limit: 7, offset: 3) { id } }")
                #expect((page.data?["users"] as? [Any])?.count == 7)

                // The connections walk the same rows, in the same order, without a gap or a repeat.
                let allUsers = ((all.data?["users"] as? [[String: Any]]) ?? []).compactMap { $0["id"] as? String }
                #expect(try await Self.walk(client, "usersConnection", first: 40) == allUsers)
                let allRuns = ((runs.data?["scoringRuns"] as? [[String: Any]]) ?? []).compactMap { $0["id"] as? String }
                #expect(try await Self.walk(client, "scoringRunsConnection", first: 7) == allRuns)
                #expect(try await Self.walk(client, "scoringRunsConnection", first: 7, filter: "status: failed").isEmpty)
                let foreign = try await H.post(client, "{ usersConnection(first: 1) { pageInfo { endCursor } } }")
                let cursor = (((foreign.data?["usersConnection"] as? [String: Any])?["pageInfo"] as? [String: Any])?["endCursor"] as? String) ?? ""
                let mixed = try await H.post(client, "{ scoringRunsConnection(after: \"\(cursor)\") { totalCount } }")
                #expect(mixed.codes == ["BAD_USER_INPUT"] && mixed.text.contains("the cursor belongs to usersConnection"), "\(mixed.text.prefix(200))")
            }
        }
    }

    @Test func pastTheMaximumTheAnswerSaysToPage() async throws {
        try await TestDatabases.with(.sqliteFile) { database in
            let now = Int64(Date().timeIntervalSince1970 * 1000)
            try await database.transaction { db in
                for chunk in stride(from: 0, to: 10_001, by: 500) {
                    var rows: [SQLQueryString] = []
                    for i in chunk..<min(10_001, chunk + 500) {
                        rows.append("(\(bind: Base58.encode(SHA256.hash(Array("many-\(i)".utf8)))), \(bind: now), \(bind: now))")
                    }
                    var sql: SQLQueryString = #"INSERT INTO "user" ("walletPubkey", "createdAt", "updatedAt") VALUES "#
                    sql += rows.joined(separator: ", ")
                    try await db.raw(sql).run()
                }
            }
            try await H.withApp(database) { client in
                let all = try await H.post(client, "{ users { id } }")
                #expect(all.codes == ["RESULT_TOO_LARGE"], "\(all.text.prefix(300))")
                #expect(all.errors.first?["message"] as? String == "users has more than 10000 rows, the most one answer returns: page with limit and offset")
                let first = try await H.post(client, "{ users(limit: 10000) { id } }")
                #expect(first.errors.isEmpty && (first.data?["users"] as? [Any])?.count == 10_000)
                let rest = try await H.post(client, "{ users(limit: 10000, offset: 10000) { id } }")
                #expect((rest.data?["users"] as? [Any])?.count == 1)
            }
        }
    }

    private struct Count: Decodable { let n: Int }

    /// Every node id of a connection, page by page; checks totalCount on each page.
    static func walk(_ client: any TestClientProtocol, _ field: String, first: Int, filter: String = "") async throws -> [String] {
        var ids: [String] = []
        var after = "null"
        for _ in 0..<1_000 {
            let arguments = ["first: \(first)", "after: \(after)", filter].filter { !$0.isEmpty }.joined(separator: ", ")
            let reply = try await H.post(client, "{ \(field)(\(arguments)) { totalCount edges { node { id } cursor } pageInfo { hasNextPage endCursor } } }")
            #expect(reply.errors.isEmpty, "\(reply.text.prefix(300))")
            let connection = reply.data?[field] as? [String: Any] ?? [:]
            let edges = connection["edges"] as? [[String: Any]] ?? []
            ids += edges.compactMap { ($0["node"] as? [String: Any])?["id"] as? String }
            let info = connection["pageInfo"] as? [String: Any] ?? [:]
            guard info["hasNextPage"] as? Bool == true, let cursor = info["endCursor"] as? String else {
                #expect(connection["totalCount"] as? Int == ids.count)
                return ids
            }
            after = "\"\(cursor)\""
        }
        return ids
    }
}
