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

        // Validators in vote-account order, each with its stats (see `IngestWriteOrder`).
        let validators = snapshot.validators
        let order = IngestWriteOrder(validators: validators, stats: snapshot.stats)

        // Identity changes: compare with what is stored.
        let stored = try await VoteAccountLookup.find(order.validators.lazy.map { validators[$0].voteAccount }, identities: true, on: db)
        statements += 1
        var audit: [AuditLogWriter.Entry] = []
        for (position, old) in zip(order.validators, stored.identities) {
            let v = validators[position]
            if let old, old != v.identity {
                audit.append(.init(
                    action: "validator.identityChanged", actorId: jobId,
                    metadata: ["voteAccount": v.voteAccount, "from": old, "to": v.identity, "epoch": "\(snapshot.epoch)"]))
                logger.notice("Validator identity changed", metadata: ["voteAccount": "\(v.voteAccount)", "from": "\(old)", "to": "\(v.identity)"])
            }
        }

        // Validators and their stats, chunk by chunk, in vote-account order: the unique index on voteAccount (and, for
        // new validators, the ids and every index keyed by validatorId) then grows at its right edge instead of at random
        // pages, which keeps large fetches from paying ever more page misses per row.
        let total = validators.count
        let chunkSize = Self.chunkSize(validators: total)
        let totalBatches = max(1, (total + chunkSize - 1) / chunkSize)
        var idOf = [Int64](repeating: 0, count: total)
        for (batchIndex, start) in stride(from: 0, to: total, by: chunkSize).enumerated() {
            let positions = order.validators[start..<min(start + chunkSize, total)]
            let written = try await ValidatorWriter.upsert(
                positions, of: validators, stats: snapshot.stats, order: order, nowMillis: nowMillis, on: db)
            statements += written.statements
            for (position, id) in zip(positions, written.ids) { idOf[position] = id }
            let done = start + positions.count
            logger.info(
                "✅ Processed \(done)/\(total) validators",
                metadata: [
                    "jobType": "fetch", "phase": "validator-upsert", "batchNumber": "\(batchIndex + 1)",
                    "totalBatches": "\(totalBatches)", "progress": "\(done)/\(total)", "successRate": "100.0%",
                ])
        }
        // Stats of validators that are not in this snapshot but stored (none come out of the snapshot builder).
        statements += try await ValidatorWriter.upsertStats(order.orphanStats, of: snapshot.stats, nowMillis: nowMillis, on: db).statements

        // Stake accounts synced before their validator was known now link to it.
        try await StakeAccountWriter.linkUnknownValidators(nowMillis: nowMillis, on: db)
        statements += 1

        // One observation per validator.
        let epoch = try SQLValue.int64(snapshot.epoch, field: "epoch")
        statements += try await observationInsert.run(order.validators, on: db) { position, row in
            let v = validators[position]
            row.bigint(idOf[position])
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
