import Foundation
import Logging
import SQLKit
import SolStakeApp
import SolStakeCore
import SolStakeStore
import SolanaRPC
import SolanaSimulator
import Testing
import TestSupport

/// Fetch and score against the simulator over HTTP, run unchanged on every database.
enum IngestionContract {
    static var logger: Logger {
        var logger = Logger(label: "ingest-test")
        logger.logLevel = .warning
        return logger
    }

    static func client(_ url: URL) -> LiveSolanaRPCClient {
        LiveSolanaRPCClient(
            configuration: .init(endpoints: [url], requestTimeout: .seconds(30), retry: RetryPolicy(maxAttempts: 2, backoff: Backoff(base: .milliseconds(1), cap: .milliseconds(5))), limits: .unlimited),
            logger: logger)
    }

    struct Count: Decodable { let n: Int64 }
    static func count(_ database: any DatabaseClient, _ sql: String) async throws -> Int64 {
        try await database.read { db in try await db.raw(SQLQueryString(sql)).first(decoding: Count.self)!.n }
    }

    struct ScoreRow: Decodable, Equatable {
        let voteAccount: String
        let score: Double
        let components: String
        let reasons: String
        let commission: Int?
        let delinquent: Bool
    }

    static func scores(_ database: any DatabaseClient, run: Int64) async throws -> [ScoreRow] {
        try await database.read { db in
            try await db.raw("""
                SELECT v."voteAccount", t."score", t."components", t."reasons", v."commission", v."delinquent"
                FROM "trustScore" t JOIN "validator" v ON v."id" = t."validatorId" WHERE t."scoringRunId" = \(bind: run)
                ORDER BY v."voteAccount"
                """).all(decoding: ScoreRow.self)
        }
    }

    static func realSnapshot(_ database: any DatabaseClient) async throws {
        var settings = SimulatedCluster.Settings()
        settings.slotTime = .zero
        let server = SimulatorServer(cluster: try SnapshotLoader.load(from: Fixtures.mainnet!, settings: settings))
        try await SimulatorHarness.with(server) { url in
            let fetch = try await IngestJob.run(jobId: "fetch-1", client: client(url), database: database, logger: logger)
            #expect(fetch.validators == 1_351 && fetch.delinquent == 26)
            #expect(fetch.fetchedCompletedEpochTotals)
            #expect(try await count(database, #"SELECT COUNT(*) AS "n" FROM "validator""#) == 1_351)
            #expect(try await count(database, #"SELECT COUNT(*) AS "n" FROM "validatorEpochStat""#) == Int64(fetch.epochStats))
            #expect(try await count(database, #"SELECT COUNT(*) AS "n" FROM "validatorObservation""#) == 1_351)
            // The identity behind two vote accounts is stored twice, keyed by vote account.
            #expect(try await count(database, #"SELECT COUNT(*) AS "n" FROM "validator" WHERE "validatorPubkey" = 'BjuD62v9RysrburpKb65UKeaAWRSFyi7pFLLxdE3dPv'"#) == 2)

            let first = try await ScoreJob.run(jobId: "score-1", database: database, logger: logger)
            let outcome = try #require(first.outcome)
            #expect(outcome.results.count + outcome.failures.count == 1_351)
            let rows = try await scores(database, run: first.runId)
            #expect(rows.count == outcome.results.count)
            #expect(rows.allSatisfy { (0...100).contains($0.score) })
            let private100 = rows.filter { $0.commission == 100 }
            #expect(!private100.isEmpty && private100.allSatisfy { $0.score == 0 })
            let delinquent = rows.filter(\.delinquent)
            #expect(delinquent.count == 26 && delinquent.allSatisfy { $0.score <= 20 })
            #expect(try await count(database, #"SELECT COUNT(*) AS "n" FROM "validator" WHERE "uptime" IS NULL"#) < 30)
            // Every scored validator's uptime is its score's, exactly.
            let uptimeMismatches = try await count(database, #"SELECT COUNT(*) AS "n" FROM "trustScore" t JOIN "validator" v ON v."id" = t."validatorId" WHERE t."scoringRunId" = \#(first.runId) AND v."uptime" IS DISTINCT FROM t."uptime""#)
            #expect(uptimeMismatches == 0)
            #expect(try await count(database, #"SELECT COUNT(*) AS "n" FROM "trustScore" WHERE "scoringRunId" = \#(first.runId) AND "uptime" IS NOT NULL"#) > 1_000)

            // Scoring twice from the same stored data gives identical scores, bit for bit.
            let second = try await ScoreJob.run(jobId: "score-2", database: database, logger: logger)
            #expect(second.runId != first.runId)
            let again = try await scores(database, run: second.runId)
            #expect(again == rows)
            #expect(try await Verification.database(database).allSatisfy(\.passed))
        }
    }

    static func retriedJobsWriteOnce(_ database: any DatabaseClient) async throws {
        let server = SimulatorHarness.syntheticServer(validators: 120)
        try await SimulatorHarness.with(server) { url in
            let first = try await IngestJob.run(jobId: "fetch-A", client: client(url), database: database, logger: logger)
            let retry = try await IngestJob.run(jobId: "fetch-A", client: client(url), database: database, logger: logger)
            #expect(!first.alreadyDone && retry.alreadyDone)
            #expect(try await count(database, #"SELECT COUNT(*) AS "n" FROM "fetchRun""#) == 1)
            #expect(try await count(database, #"SELECT COUNT(*) AS "n" FROM "validatorObservation""#) == 120)
            // A new fetch of the same epoch adds observations but no duplicate epoch stats.
            let stats = try await count(database, #"SELECT COUNT(*) AS "n" FROM "validatorEpochStat""#)
            _ = try await IngestJob.run(jobId: "fetch-B", client: client(url), database: database, logger: logger)
            #expect(try await count(database, #"SELECT COUNT(*) AS "n" FROM "validatorEpochStat""#) == stats)
            #expect(try await count(database, #"SELECT COUNT(*) AS "n" FROM "validatorObservation""#) == 240)

            let score = try await ScoreJob.run(jobId: "score-A", database: database, logger: logger)
            let scoreRetry = try await ScoreJob.run(jobId: "score-A", database: database, logger: logger)
            #expect(scoreRetry.alreadyCompleted && scoreRetry.runId == score.runId)
            #expect(try await count(database, #"SELECT COUNT(*) AS "n" FROM "scoringRun""#) == 1)

            // A job that crashed after recording its run (status running) is retried into the same run.
            _ = try await database.transaction { db in
                try await ScoringRunStore.begin(jobId: "score-crashed", epoch: 800, model: .default, nowMillis: 1, on: db)
            }
            let resumed = try await ScoreJob.run(jobId: "score-crashed", database: database, logger: logger)
            #expect(!resumed.alreadyCompleted)
            #expect(try await count(database, #"SELECT COUNT(*) AS "n" FROM "scoringRun" WHERE "jobId" = 'score-crashed'"#) == 1)
            #expect(try await count(database, #"SELECT COUNT(*) AS "n" FROM "scoringRun" WHERE "status" = 'completed'"#) == 2)
            #expect(try await Verification.database(database).allSatisfy(\.passed))
        }
    }

    static func failedFetchWritesNothing(_ database: any DatabaseClient) async throws {
        let server = SimulatorHarness.syntheticServer(validators: 80)
        try await SimulatorHarness.with(server) { url in
            // An RPC failure part-way through the fetch: nothing is written.
            server.addFault(Fault(method: "getClusterNodes", kind: .http, rate: 1, status: 403))
            await #expect(throws: SolanaRPCError.self) {
                _ = try await IngestJob.run(jobId: "f1", client: client(url), database: database, logger: logger)
            }
            #expect(try await count(database, #"SELECT COUNT(*) AS "n" FROM "validator""#) == 0)
            server.clearFaults()
            _ = try await IngestJob.run(jobId: "f2", client: client(url), database: database, logger: logger)
            let before = try await count(database, #"SELECT COUNT(*) AS "n" FROM "validatorObservation""#)

            // A failure in the middle of the write (a stake above Int64.max) rolls the whole fetch back.
            let victim = await server.cluster.validators[40].voteAccount
            _ = await server.cluster.mutate(voteAccount: victim, delinquent: nil, commission: nil, activatedStake: UInt64.max, identity: nil)
            await #expect(throws: LamportsError.self) {
                _ = try await IngestJob.run(jobId: "f3", client: client(url), database: database, logger: logger)
            }
            #expect(try await count(database, #"SELECT COUNT(*) AS "n" FROM "validatorObservation""#) == before)
            #expect(try await count(database, #"SELECT COUNT(*) AS "n" FROM "fetchRun""#) == 1)
        }
    }

    static func historyAcrossEpochs(_ database: any DatabaseClient) async throws {
        let server = SimulatorHarness.syntheticServer(validators: 100)
        try await SimulatorHarness.with(server) { url in
            _ = try await IngestJob.run(jobId: "e800", client: client(url), database: database, logger: logger)
            let validators = await server.cluster.validators
            let raiser = validators.first { $0.commission == 0 && !$0.delinquent && !$0.raisesCommission }!
            let mover = validators.first { $0.voteAccount != raiser.voteAccount && !$0.raisesCommission }!
            _ = await server.cluster.mutate(voteAccount: raiser.voteAccount, delinquent: nil, commission: 7, activatedStake: nil, identity: nil)
            _ = await server.cluster.mutate(voteAccount: mover.voteAccount, delinquent: nil, commission: nil, activatedStake: nil, identity: "NewIdentity1111111111111111111111111111111")
            _ = try await SimulatorHarness.admin(url, "POST", "admin/advance-epoch")
            let fetch = try await IngestJob.run(jobId: "e801", client: client(url), database: database, logger: logger)
            #expect(fetch.epoch == 801)
            #expect(fetch.identityChanges == 1)
            #expect(try await count(database, #"SELECT COUNT(*) AS "n" FROM "auditLog" WHERE "action" = 'validator.identityChanged'"#) == 1)
            #expect(try await count(database, #"SELECT COUNT(*) AS "n" FROM "validator" WHERE "validatorPubkey" = 'NewIdentity1111111111111111111111111111111'"#) == 1)
            #expect(try await count(database, #"SELECT COUNT(DISTINCT "epoch") AS "n" FROM "validatorEpochStat""#) == 6)
            // The completed epoch 800 got its final block totals and credit ceiling.
            #expect(try await count(database, #"SELECT COUNT(*) AS "n" FROM "validatorEpochStat" WHERE "epoch" = 800 AND "creditCeiling" IS NOT NULL"#) > 90)

            let score = try await ScoreJob.run(jobId: "s801", database: database, model: .v1(.init()), logger: logger)
            let result = try #require(score.outcome?.results.first { $0.voteAccount == raiser.voteAccount })
            #expect(result.components.commissionStability == 0.5)
            #expect(result.reasons.contains { $0.contains("commission rose from 0% to 7%") })
        }
    }
}
