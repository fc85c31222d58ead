import Logging
import SQLKit
import SolStakeCore

/// Writes one fetch, on the caller's transaction: validators (upsert by vote account, identity changes audit-logged),
/// per-epoch stats, one observation per validator, the fetch run and its audit entry. Keyed by the job id: a retried
/// job whose fetch already committed finds its run and writes nothing.
public enum IngestWriter {
    public struct Result: Sendable, Equatable {
        public var fetchRunId: Int64
        public var alreadyDone: Bool
        public var validators: Int
        public var epochStats: Int
        public var identityChanges: Int
        public var statements: Int
    }

    /// Validators per upsert chunk (each chunk is logged as a batch with its progress): at least 1,000, and at most 10
    /// chunks in all. The count is bounded because every statement after the first re-dirties index pages an earlier one
    /// dirtied, which SQLite copies to its statement journal: with a fixed 1,000 that work grows with chunks × index size
    /// (at 100,000 validators, 100 chunks: fetch write 5.7-6.5 s; 10 chunks: 5.1-5.5 s).
    public static func chunkSize(validators: Int) -> Int { max(1_000, (validators + 9) / 10) }

    private struct IDRow: Decodable { let id: Int64 }

    static let observationInsert = BulkInsert(
        table: "validatorObservation",
        columns: [
            .bigint("validatorId"), .text("fetchId"), .bigint("epoch"), .bigint("observedAt"), .boolean("delinquent"),
            .integer("commission"), .bigint("activatedStake"), .text("version"), .bigint("createdAt"),
        ],
        onConflict: .ignore(columns: ["fetchId", "validatorId"]))

    public static func write(
        _ snapshot: IngestSnapshot, jobId: String, startedAtMillis: Int64, nowMillis: Int64, on db: any SQLDatabase,
        logger: Logger
    ) async throws -> Result {
        var statements = 0
        if let existing = try await db.select().column("id").from("fetchRun").where("jobId", .equal, jobId)
            .first(decoding: IDRow.self)
        {
            return Result(fetchRunId: existing.id, alreadyDone: true, validators: 0, epochStats: 0, identityChanges: 0, statements: 1)
        }
        statements += 1

        // Identity changes: compare with what is stored.
        let stored = try await VoteAccountLookup.fetch(snapshot.validators.map(\.voteAccount), on: db)
        statements += 1
        var audit: [AuditLogWriter.Entry] = []
        for v in snapshot.validators {
            if let old = stored[v.voteAccount]?.identity, old != v.identity {
                audit.append(.init(
                    action: "validator.identityChanged", actorId: jobId,
                    metadata: ["voteAccount": v.voteAccount, "from": old, "to": v.identity, "epoch": "\(snapshot.epoch)"]))
                logger.notice("Validator identity changed", metadata: ["voteAccount": "\(v.voteAccount)", "from": "\(old)", "to": "\(v.identity)"])
            }
        }

        // Validators and their stats, chunk by chunk, in vote-account order: the unique index on voteAccount (and, for
        // new validators, the ids and every index keyed by validatorId) then grows at its right edge instead of at random
        // pages, which keeps large fetches from paying ever more page misses per row.
        let statsByVote = Dictionary(grouping: snapshot.stats, by: \.voteAccount)
        let ordered = snapshot.validators.sorted { $0.voteAccount < $1.voteAccount }
        let total = ordered.count
        let chunkSize = Self.chunkSize(validators: total)
        let totalBatches = max(1, (total + chunkSize - 1) / chunkSize)
        var ids: [String: Int64] = [:]
        ids.reserveCapacity(total)
        for (batchIndex, start) in stride(from: 0, to: total, by: chunkSize).enumerated() {
            let chunk = Array(ordered[start..<min(start + chunkSize, total)])
            let chunkStats = chunk.flatMap { statsByVote[$0.voteAccount] ?? [] }
            let written = try await ValidatorWriter.upsert(validators: chunk, stats: chunkStats, nowMillis: nowMillis, on: db)
            statements += written.statements
            ids.merge(written.ids) { _, new in new }
            let done = start + chunk.count
            logger.info(
                "✅ Processed \(done)/\(total) validators",
                metadata: [
                    "jobType": "fetch", "phase": "validator-upsert", "batchNumber": "\(batchIndex + 1)",
                    "totalBatches": "\(totalBatches)", "progress": "\(done)/\(total)", "successRate": "100.0%",
                ])
        }

        // Stake accounts synced before their validator was known now link to it.
        try await StakeAccountWriter.linkUnknownValidators(nowMillis: nowMillis, on: db)
        statements += 1

        // One observation per validator.
        let epoch = try SQLValue.int64(snapshot.epoch, field: "epoch")
        statements += try await observationInsert.run(ordered, on: db) { v, row in
            row.bigint(ids[v.voteAccount]!)
            row.text(jobId)
            row.bigint(epoch)
            row.bigint(nowMillis)
            row.boolean(v.delinquent)
            row.integer(v.commission)
            row.bigint(try SQLValue.int64(v.activatedStake, field: "validator \(v.voteAccount) activatedStake"))
            row.text(v.version)
            row.bigint(nowMillis)
        }

        let delinquent = snapshot.validators.filter(\.delinquent).count
        let run = try await db.insert(into: "fetchRun")
            .columns("jobId", "epoch", "slot", "validatorCount", "delinquentCount", "epochStatCount", "identityChanges", "rpcMs",
                "durationMs", "startedAt", "finishedAt", "createdAt")
            .values(
                jobId, epoch, try SQLValue.int64(snapshot.slot, field: "slot"), total,
                delinquent, snapshot.stats.count, audit.count, snapshot.rpcMillis, nowMillis - startedAtMillis, startedAtMillis,
                nowMillis, nowMillis)
            .returning("id").first(decoding: IDRow.self)
        statements += 1
        audit.append(.init(
            action: "fetch.completed", actorId: jobId,
            metadata: [
                "epoch": "\(snapshot.epoch)", "slot": "\(snapshot.slot)", "validators": "\(total)", "delinquent": "\(delinquent)",
                "epochStats": "\(snapshot.stats.count)", "identityChanges": "\(audit.count)",
                "durationMs": "\(nowMillis - startedAtMillis)",
            ]))
        try await AuditLogWriter.append(audit, nowMillis: nowMillis, on: db)
        statements += 1
        return Result(
            fetchRunId: run!.id, alreadyDone: false, validators: total, epochStats: snapshot.stats.count,
            identityChanges: audit.count - 1, statements: statements)
    }
}
