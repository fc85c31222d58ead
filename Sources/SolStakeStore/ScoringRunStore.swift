import Foundation
import SQLKit
import SolStakeCore

/// Scoring runs and their scores. A run is keyed by its job id: a job retried after a crash reuses its run (never two
/// runs for one job), and a completed run is never recomputed.
public enum ScoringRunStore {
    public enum Start: Sendable, Equatable {
        case started(runId: Int64)
        case alreadyCompleted(runId: Int64)
    }

    struct RunRow: Decodable { let id: Int64; let status: String }

    static let scoreInsert = BulkInsert(
        table: "trustScore",
        columns: [
            .bigint("validatorId"), .bigint("scoringRunId"), .double("score"), .text("components"), .text("reasons"),
            .double("uptime"), .bigint("createdAt"),
        ],
        onConflict: .fail)

    /// Records a `running` run for the job (or finds the job's run).
    public static func begin(
        jobId: String, epoch: UInt64?, model: ScoringModel, nowMillis: Int64, on db: any SQLDatabase
    ) async throws -> Start {
        let configJSON = try model.configurationJSON()
        try await db.insert(into: "scoringRun")
            .columns("runDate", "status", "epoch", "algorithmVersion", "configuration", "jobId", "createdAt")
            .values(nowMillis, "running", epoch.map { Int64($0) }, model.algorithmVersion, configJSON, jobId, nowMillis)
            .ignoringConflicts(with: ["jobId"]).run()
        guard let run = try await db.select().columns("id", "status").from("scoringRun").where("jobId", .equal, jobId).first(decoding: RunRow.self) else {
            throw DatabaseError.corruptValue(table: "scoringRun", column: "jobId", detail: "run for job \(jobId) vanished")
        }
        if run.status == "completed" { return .alreadyCompleted(runId: run.id) }
        if run.status == "failed" {
            // A retry of a failed attempt: the same run goes back to running.
            try await db.update("scoringRun").set("status", to: "running").set("error", to: SQLLiteral.null).where("id", .equal, run.id).run()
        }
        return .started(runId: run.id)
    }

    /// Writes every score of the outcome, refreshes each validator's uptime and completes the run: call inside one
    /// transaction.
    public static func complete(
        runId: Int64, outcome: ScoringOutcome, validatorIds: [String: Int64], epoch: UInt64, durationMs: Int64, nowMillis: Int64,
        on db: any SQLDatabase
    ) async throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        // A previous attempt of this run that died mid-way left nothing (one transaction), but be exact anyway.
        try await db.delete(from: "trustScore").where("scoringRunId", .equal, runId).run()
        let scored = outcome.results.compactMap { result in validatorIds[result.voteAccount].map { (id: $0, result: result) } }
        try await scoreInsert.run(scored, on: db) { score, row in
            row.bigint(score.id)
            row.bigint(runId)
            try row.double(score.result.score)
            row.text(try JSONText.object(of: score.result.components))
            row.text(JSONText.array(of: score.result.reasons))
            try row.double(score.result.uptimePercent)
            row.bigint(nowMillis)
        }
        // Only rows whose uptime changed are rewritten (a run over unchanged data updates nothing). On SQLite the scores are
        // walked in validator order so the validators are visited front to back rather than at random.
        let scores = SQLFlavor(of: db) == .postgres
            ? SQLQueryString(#""trustScore" t WHERE t."scoringRunId" = \#(bind: runId) AND"#)
            : SQLQueryString(#"(SELECT "validatorId", "uptime" FROM "trustScore" WHERE "scoringRunId" = \#(bind: runId) ORDER BY "validatorId") AS t WHERE"#)
        try await db.raw("""
            UPDATE "validator" SET "uptime" = t."uptime" FROM \(scores)
            t."validatorId" = "validator"."id" AND "validator"."uptime" IS DISTINCT FROM t."uptime"
            """).run()
        let failures = String(decoding: try encoder.encode(outcome.failures), as: UTF8.self)
        try await db.update("scoringRun")
            .set("status", to: "completed")
            .set("epoch", to: Int64(epoch))
            .set("validatorCount", to: outcome.results.count + outcome.failures.count)
            .set("successCount", to: outcome.results.count)
            .set("failCount", to: outcome.failures.count)
            .set("durationMs", to: durationMs)
            .set("finishedAt", to: nowMillis)
            .set("failures", to: failures)
            .where("id", .equal, runId).run()
        try await AuditLogWriter.append(
            [.init(action: "scoring.completed", actorId: nil, metadata: [
                "scoringRunId": "\(runId)", "epoch": "\(epoch)", "success": "\(outcome.results.count)",
                "fail": "\(outcome.failures.count)", "durationMs": "\(durationMs)",
            ])], nowMillis: nowMillis, on: db)
        if SQLFlavor(of: db) == .postgres {
            // Subscribers in any process learn about the run when this transaction commits.
            try await db.raw("SELECT pg_notify('solstake_scoring_runs', \(bind: String(runId)))").run()
        }
    }

    public static func fail(runId: Int64, error: String, durationMs: Int64, nowMillis: Int64, on db: any SQLDatabase) async throws {
        try await db.update("scoringRun")
            .set("status", to: "failed").set("error", to: String(error.prefix(2_000))).set("durationMs", to: durationMs)
            .set("finishedAt", to: nowMillis)
            .where("id", .equal, runId).where("status", .equal, "running").run()
    }
}
