import Foundation
import Hummingbird
import HTTPTypes
import HummingbirdTesting
import SQLKit
import SolStakeAPI
import SolStakeApp
import SolStakeCore
import SolStakeJobs
import SolStakeStore
import SolanaSimulator
import Testing
import TestSupport

/// GraphQL over real HTTP, run unchanged on every database.
enum GraphQLContract {
    typealias H = GraphQLHarness

    /// The original's three queries, verbatim, on the real epoch-752 snapshot.
    static func originalQueries(_ database: any DatabaseClient) async throws {
        var settings = SimulatedCluster.Settings()
        settings.slotTime = .zero
        let server = SimulatorServer(cluster: try SnapshotLoader.load(from: Fixtures.mainnet!, settings: settings))
        // Track a few real wallets of the fixture (staker of the most accounts first).
        let wallets = try await H.seed(database, server: server)
        try await H.withApp(database) { client in
            let validators = try await H.post(client, H.getValidators)
            #expect(validators.status == .ok && validators.errors.isEmpty)
            let list = try #require(validators.data?["validators"] as? [[String: Any]])
            #expect(list.count == 1_351)
            #expect(list.allSatisfy { ($0["latestTrustScore"] as? [String: Any])?["scoringRunId"] as? String != nil })
            // Fields come back in the order they were asked for.
            #expect(validators.text.range(of: #"\{"id":"[0-9]+","validatorPubkey":""#, options: .regularExpression) != nil)

            let runs = try await H.post(client, H.getScoringRuns)
            #expect(runs.errors.isEmpty)
            let runList = try #require(runs.data?["scoringRuns"] as? [[String: Any]])
            #expect(runList.count == 2)
            #expect(runList.allSatisfy { ($0["trustScores"] as? [Any])?.count == 1_351 && $0["status"] as? String == "completed" })
            let firstScores = try #require(runList.first?["trustScores"] as? [[String: Any]])
            #expect(firstScores.allSatisfy { ($0["validator"] as? [String: Any])?["validatorPubkey"] is String })

            let users = try await H.post(client, H.getUsers)
            #expect(users.errors.isEmpty)
            let userList = try #require(users.data?["users"] as? [[String: Any]])
            #expect(userList.count == wallets.count)
            let accounts = userList.flatMap { $0["stakeAccounts"] as? [[String: Any]] ?? [] }
            #expect(!accounts.isEmpty)
            // Lamports are exact decimal strings.
            #expect(accounts.allSatisfy { ($0["stakedAmount"] as? String).flatMap(UInt64.init) != nil })
            #expect(accounts.allSatisfy { ($0["validator"] as? [String: Any])?["validatorPubkey"] is String })
        }
    }

    struct Counts: Equatable, CustomStringConvertible {
        var validators: Int, runs: Int, users: Int
        var description: String { "GetValidators \(validators), GetScoringRuns \(runs), GetUsers \(users)" }
    }

    /// SQL statements per request for the three original queries.
    static func statementCounts(_ database: any DatabaseClient, validators: Int) async throws -> Counts {
        _ = try await H.seed(database, server: H.syntheticServer(validators))
        // The subscription feed's polls and the cost estimate's list bounds (read once a few seconds) would count too:
        // keep them quiet. The response cache is off: this counts the statements of executing the queries (a cache hit
        // costs one; see responseCache).
        let configuration = try await H.configuration {
            $0.graphQL.subscriptionPollMillis = 3_600_000
            $0.graphQL.costBoundsTTL = .seconds(3_600)
            $0.graphQL.responseCache = false
        }
        return try await H.withApp(database, configuration: configuration) { client in
            // Warm up (the scoring-run feed reads once at start).
            _ = try await H.post(client, "{ latestScoringRun { id } }")
            func measure(_ query: String) async throws -> Int {
                let before = database.statements.value
                let reply = try await H.post(client, query)
                #expect(reply.errors.isEmpty, "\(reply.text.prefix(300))")
                return database.statements.value - before
            }
            return Counts(validators: try await measure(H.getValidators), runs: try await measure(H.getScoringRuns), users: try await measure(H.getUsers))
        }
    }

    static func noNPlusOne(small: any DatabaseClient, large: any DatabaseClient) async throws {
        let atTen = try await statementCounts(small, validators: 10)
        let atThousand = try await statementCounts(large, validators: 1_000)
        // Constant: the same at 10 and 1,000 validators (and small).
        #expect(atTen == atThousand, "statements per request: 10 validators \(atTen); 1,000 validators \(atThousand)")
        #expect(atThousand.validators <= 3 && atThousand.runs <= 3 && atThousand.users <= 3, "\(atThousand)")
    }

    /// Filters, ordering and paging edges.
    static func filtersAndPaging(_ database: any DatabaseClient) async throws {
        _ = try await H.seed(database, server: H.syntheticServer(300))
        try await H.withApp(database) { client in
            func list(_ query: String) async throws -> [[String: Any]] {
                let reply = try await H.post(client, query)
                #expect(reply.errors.isEmpty, "\(reply.text.prefix(300))")
                return (reply.data?.values.first as? [[String: Any]]) ?? []
            }
            let delinquent = try await list("{ validators(delinquent: true) { delinquent } }")
            #expect(!delinquent.isEmpty && delinquent.allSatisfy { $0["delinquent"] as? Bool == true })
            let cheap = try await list("{ validators(maxCommission: 5, orderBy: COMMISSION, direction: ASC) { commission } }")
            let commissions = cheap.compactMap { $0["commission"] as? Int }
            #expect(!commissions.isEmpty && commissions.allSatisfy { $0 <= 5 } && commissions == commissions.sorted())
            let good = try await list("{ validators(minScore: 90, orderBy: SCORE) { latestTrustScore { score } } }")
            let scores = good.compactMap { ($0["latestTrustScore"] as? [String: Any])?["score"] as? Double }
            #expect(!scores.isEmpty && scores.allSatisfy { $0 >= 90 } && scores == scores.sorted(by: >))
            let all = try await list("{ validators(orderBy: STAKE) { voteAccount name activatedStake } }")
            #expect(all.count == 300)
            let stakes = all.compactMap { ($0["activatedStake"] as? String).flatMap(UInt64.init) }
            #expect(stakes == stakes.sorted(by: >))
            if let named = all.compactMap({ $0["name"] as? String }).first {
                let fragment = String(named.dropFirst(1).prefix(4)).uppercased()
                let found = try await list("{ validators(search: \"\(fragment)\") { name } }")
                #expect(!found.isEmpty && found.allSatisfy { ($0["name"] as? String)?.uppercased().contains(fragment) == true })
            }
            // MEV commission from the simulator's tip-distribution accounts: three in four validators run Jito.
            let mev = try await list("{ validators { mevCommissionBps runsJito epochStats(limit: 1) { mevCommissionBps runsJito version imported } } }")
            let jito = mev.filter { $0["runsJito"] as? Bool == true }
            #expect(jito.count > 150 && jito.count < 285 && mev.allSatisfy { $0["runsJito"] is Bool })
            #expect(jito.allSatisfy { [0, 500, 800, 1_000].contains($0["mevCommissionBps"] as? Int ?? -1) })
            #expect(mev.filter { $0["runsJito"] as? Bool == false }.allSatisfy { $0["mevCommissionBps"] is NSNull || $0["mevCommissionBps"] == nil })
            #expect(mev.allSatisfy { v in
                let stat = (v["epochStats"] as? [[String: Any]])?.first ?? [:]
                return stat["runsJito"] as? Bool == v["runsJito"] as? Bool && stat["imported"] as? Bool == false
                    && (stat["mevCommissionBps"] as? Int) == (v["mevCommissionBps"] as? Int)
            })
            let page = try await list("{ validators(limit: 10, offset: 295) { voteAccount } }")
            #expect(page.count == 5)

            // Keyset paging walks every validator once, in the same order as the plain list.
            var seen: [String] = []
            var after: String?
            var pages = 0
            repeat {
                let arguments = after.map { "first: 70, after: \"\($0)\"" } ?? "first: 70"
                let reply = try await H.post(client, "{ validatorsConnection(\(arguments)) { totalCount edges { cursor node { voteAccount } } pageInfo { hasNextPage hasPreviousPage endCursor } } }")
                let connection = try #require(reply.data?["validatorsConnection"] as? [String: Any])
                #expect(connection["totalCount"] as? Int == 300)
                let edges = connection["edges"] as? [[String: Any]] ?? []
                seen += edges.compactMap { ($0["node"] as? [String: Any])?["voteAccount"] as? String }
                let info = connection["pageInfo"] as? [String: Any] ?? [:]
                #expect(info["hasPreviousPage"] as? Bool == (after != nil))
                after = info["hasNextPage"] as? Bool == true ? info["endCursor"] as? String : nil
                pages += 1
            } while after != nil && pages < 20
            #expect(pages == 5 && seen == all.compactMap { $0["voteAccount"] as? String })

            // Edges: an empty page, the hard limit, a forged cursor, a cursor of another ordering.
            let empty = try await H.post(client, "{ validatorsConnection(first: 0) { edges { cursor } pageInfo { hasNextPage } } }")
            #expect((empty.data?["validatorsConnection"] as? [String: Any])?["edges"] as? [Any] != nil)
            for bad in ["first: 501", "first: -1", "after: \"bm90IGEgY3Vyc29y\"", "orderBy: NAME, after: \"\(ValidatorCursor(order: .STAKE, direction: .DESC, value: "1", id: 1).encoded)\""] {
                let reply = try await H.post(client, "{ validatorsConnection(\(bad)) { totalCount } }")
                #expect(reply.status == .ok && reply.codes == ["BAD_USER_INPUT"], "\(bad): \(reply.text.prefix(200))")
            }
            let badArgument = try await H.post(client, "{ validators(minScore: 101) { id } }")
            #expect(badArgument.codes == ["BAD_USER_INPUT"])
            #expect(badArgument.errors.first?["path"] as? [String] == ["validators"], "field errors carry their path")

            // One validator with its history; lookups by vote account and by identity.
            let vote = try #require(all.first?["voteAccount"] as? String)
            let one = try await H.post(client, """
                { validator(voteAccount: "\(vote)") { voteAccount trustScores(limit: 5) { score components { name value } reasons scoringRunId }
                  epochStats(limit: 3) { epoch credits skipRate } commissionHistory { epoch from to } } }
                """)
            let validator = try #require(one.data?["validator"] as? [String: Any])
            #expect((validator["trustScores"] as? [Any])?.count == 2)
            #expect(((validator["trustScores"] as? [[String: Any]])?.first?["components"] as? [Any])?.count == 8)
            #expect((validator["epochStats"] as? [Any])?.count == 3)
            let neither = try await H.post(client, "{ validator { id } }")
            #expect(neither.codes == ["BAD_USER_INPUT"])

            let summary = try await H.post(client, "{ networkSummary { validatorCount delinquentCount totalStake superminoritySize scoreHistogram { count } } recommendedValidators(count: 5, maxCommission: 10) { commission delinquent gossipIp version } }")
            let network = try #require(summary.data?["networkSummary"] as? [String: Any])
            #expect(network["validatorCount"] as? Int == 300)
            #expect((network["scoreHistogram"] as? [[String: Any]])?.reduce(0) { $0 + ($1["count"] as? Int ?? 0) } == 300)
            let picks = try #require(summary.data?["recommendedValidators"] as? [[String: Any]])
            #expect(picks.count == 5 && picks.allSatisfy { ($0["commission"] as? Int ?? 99) <= 10 && $0["delinquent"] as? Bool == false })
        }
    }

    /// API keys on mutations; mutations audit-logged with the key's id.
    static func mutations(_ database: any DatabaseClient) async throws {
        let wallet = Base58.encode((0..<32).map { UInt8(200 &- $0) })
        try await H.withApp(database) { client in
            let track = "mutation { trackWallet(walletPubkey: \"\(wallet)\") { created syncJobId user { walletPubkey } } }"
            let anonymous = try await H.post(client, track)
            #expect(anonymous.status == .unauthorized && anonymous.codes == ["UNAUTHENTICATED"])
            let wrong = try await H.post(client, track, headers: [.authorization: "Bearer not-the-key-0123456789"])
            #expect(wrong.status == .forbidden && wrong.codes == ["FORBIDDEN"])
            let auth: [HTTPField.Name: String] = [.authorization: "Bearer \(H.apiKey)"]
            let invalid = try await H.post(client, "mutation { trackWallet(walletPubkey: \"0OIl\") { created } }", headers: auth)
            #expect(invalid.status == .ok && invalid.codes == ["BAD_USER_INPUT"])
            let tracked = try await H.post(client, track, headers: auth)
            let result = try #require(tracked.data?["trackWallet"] as? [String: Any])
            #expect(result["created"] as? Bool == true && (result["user"] as? [String: Any])?["walletPubkey"] as? String == wallet)
            let job = try #require((result["syncJobId"] as? String).flatMap(Int64.init))
            #expect(try await JobQueue(database: database).job(job)?.kind == JobKinds.stakeSync)

            let enqueued = try await H.post(client, "mutation { enqueueJob(kind: FETCH) { id kind created } }", headers: auth)
            #expect((enqueued.data?["enqueueJob"] as? [String: Any])?["kind"] as? String == "FETCH")
            let untracked = try await H.post(client, "mutation { untrackWallet(walletPubkey: \"\(wallet)\") }", headers: auth)
            #expect(untracked.data?["untrackWallet"] as? Bool == true)
            let actors = try await database.read { db in
                try await db.raw(#"SELECT "action", "actorId" FROM "auditLog" WHERE "action" IN ('wallet.tracked', 'wallet.untracked', 'job.enqueued') ORDER BY "id""#)
                    .all(decoding: AuditRow.self)
            }
            #expect(actors.map(\.action) == ["wallet.tracked", "job.enqueued", "wallet.untracked"])
            #expect(actors.allSatisfy { $0.actorId == "apikey:ops" })
        }
    }

    struct AuditRow: Decodable { let action: String; let actorId: String? }

    /// `user(walletPubkey:)`: stake totals, the stake-weighted score and alerts after the validator it delegates to turns
    /// delinquent and raises its commission.
    static func userAlerts(_ database: any DatabaseClient) async throws {
        let server = H.syntheticServer(60)
        let wallets = try await H.seed(database, server: server)
        // A wallet with stake on a healthy validator (scored high before it turns bad).
        let healthy = Set(await server.cluster.validators.filter { !$0.delinquent && $0.commission <= 10 }.map(\.voteAccount))
        let all = await server.cluster.stakeAccounts
        let wallet = try #require(wallets.first { w in all.contains { $0.staker == w && healthy.contains($0.voter ?? "") } })
        let accounts = all.filter { $0.staker == wallet }
        let target = try #require(accounts.first { healthy.contains($0.voter ?? "") }?.voter)
        let query = """
            query U($w: String!) { user(walletPubkey: $w) { walletPubkey totalStake activeStake weightedTrustScore
              stakeAccounts { pubkey stakedAmount state validator { voteAccount } } alerts { kind stakeAccount voteAccount message } } }
            """
        try await H.withApp(database) { client in
            let before = try await H.post(client, query, variables: ["w": wallet])
            let user = try #require(before.data?["user"] as? [String: Any])
            let expectedTotal = accounts.reduce(UInt64(0)) { $0 + ($1.stake ?? 0) }
            #expect(user["totalStake"] as? String == String(expectedTotal))
            #expect((user["weightedTrustScore"] as? Double).map { (0...100).contains($0) } == true)
            let missing = try await H.post(client, query, variables: ["w": Base58.encode([UInt8](repeating: 3, count: 32))])
            #expect(missing.errors.isEmpty && missing.data?["user"] is NSNull)
            let invalid = try await H.post(client, query, variables: ["w": "not-a-key"])
            #expect(invalid.codes == ["BAD_USER_INPUT"])

            // The validator goes delinquent and raises its commission; fetch and score again (the app keeps running).
            try await SimulatorHarness.with(server) { rpc in
                _ = await server.cluster.mutate(voteAccount: target, delinquent: true, commission: 90, activatedStake: nil, identity: nil)
                _ = try await IngestJob.run(jobId: "fetch-2", client: IngestionContract.client(rpc), database: database, logger: IngestionContract.logger)
                _ = try await ScoreJob.run(jobId: "score-3", database: database, logger: IngestionContract.logger)
            }
            let after = try await H.post(client, query, variables: ["w": wallet])
            let alerts = try #require((after.data?["user"] as? [String: Any])?["alerts"] as? [[String: Any]])
            let onTarget = Set(alerts.filter { $0["voteAccount"] as? String == target }.compactMap { $0["kind"] as? String })
            #expect(onTarget.isSuperset(of: ["DELINQUENT", "HIGH_COMMISSION", "COMMISSION_RAISED", "SCORE_DROPPED"]), "\(alerts)")
        }
    }
}

extension GraphQLContract {
    /// Repeated queries are served from memory while the data is unchanged, and never after it changed.
    static func responseCache(_ database: any DatabaseClient) async throws {
        let server = H.syntheticServer(40)
        _ = try await H.seed(database, server: server)
        // Background polls (SQLite's change counter, the subscription feed) stay quiet so that statements can be counted.
        let configuration = try await H.configuration {
            $0.graphQL.subscriptionPollMillis = 3_600_000
            $0.graphQL.dataChangePollMillis = 3_600_000
        }
        try await H.withApp(database, configuration: configuration) { client in
            func cached(_ reply: H.Reply) -> String? { reply.headers[HTTPField.Name("X-Solstake-Cache")!] }
            // PostgreSQL's LISTEN connection may take a moment after start: until then nothing is cached.
            var first = try await H.post(client, H.getScoringRuns)
            let deadline = ContinuousClock.now + .seconds(20)
            while cached(first) != "miss", ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(50))
                first = try await H.post(client, H.getScoringRuns)
            }
            #expect(cached(first) == "miss")
            let before = database.statements.value
            let second = try await H.post(client, H.getScoringRuns)
            #expect(cached(second) == "hit" && second.text == first.text)
            #expect(database.statements.value - before == 0, "a hit runs no SQL statement")
            // Other variables are another entry.
            let page1 = try await H.post(client, "query P($n: Int) { validators(limit: $n) { id } }", variables: ["n": 1])
            let page2 = try await H.post(client, "query P($n: Int) { validators(limit: $n) { id } }", variables: ["n": 2])
            #expect(cached(page1) == "miss" && cached(page2) == "miss")
            #expect((page2.data?["validators"] as? [Any])?.count == 2)

            // A new scoring run changes the answer: the next query misses and shows it.
            _ = try await ScoreJob.run(jobId: "score-cache", database: database, logger: IngestionContract.logger)
            let third = try await H.post(client, H.getScoringRuns)
            #expect(cached(third) == "miss" && (third.data?["scoringRuns"] as? [Any])?.count == 3)

            // Tracking a wallet changes `users` at once.
            let users = try await H.post(client, "{ users { walletPubkey } }")
            let wallet = Base58.encode([UInt8](repeating: 42, count: 32))
            _ = try await H.post(client, "mutation { trackWallet(walletPubkey: \"\(wallet)\") { created } }", headers: [.authorization: "Bearer \(H.apiKey)"])
            let after = try await H.post(client, "{ users { walletPubkey } }")
            #expect(cached(after) == "miss")
            #expect((after.data?["users"] as? [Any])?.count == ((users.data?["users"] as? [Any])?.count ?? 0) + 1)
            // Errors are never cached.
            let bad = try await H.post(client, "{ validators(limit: -1) { id } }")
            let badAgain = try await H.post(client, "{ validators(limit: -1) { id } }")
            #expect(cached(bad) == nil && cached(badAgain) == nil)
        }
    }
}
