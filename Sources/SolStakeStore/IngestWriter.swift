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
    }

    /// Validators per upsert chunk: at least 1,000, at most 10 chunks (each statement after the first re-dirties index
    /// pages, which SQLite copies to its statement journal, so fewer larger chunks cost less).
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
        if let existing = try await db.select().column("id").from("fetchRun").where("jobId", .equal, jobId)
            .first(decoding: IDRow.self)
        {
            return Result(fetchRunId: existing.id, alreadyDone: true, validators: 0, epochStats: 0, identityChanges: 0)
        }

        // Vote-account order: the voteAccount index (and, for new validators, the ids and every index keyed by
        // validatorId) grows at its right edge instead of at random pages.
        let validators = zip(snapshot.validators, snapshot.validators.dropFirst()).allSatisfy({ $0.voteAccount <= $1.voteAccount })
            ? snapshot.validators : snapshot.validators.sorted { $0.voteAccount < $1.voteAccount }

        // Identity changes: compare with what is stored.
        let stored = try await VoteAccountLookup.find(validators.map(\.voteAccount), identities: true, on: db)
        var audit: [AuditLogWriter.Entry] = []
        for (v, old) in zip(validators, stored.identities) {
            // An empty stored identity is a validator `import history` created: its first fetch names it.
            if let old, !old.isEmpty, old != v.identity {
                audit.append(.init(
                    action: "validator.identityChanged", actorId: jobId,
                    metadata: ["voteAccount": v.voteAccount, "from": old, "to": v.identity, "epoch": "\(snapshot.epoch)"]))
                logger.notice("Validator identity changed", metadata: ["voteAccount": "\(v.voteAccount)", "from": "\(old)", "to": "\(v.identity)"])
            }
        }

        // Validators chunk by chunk (each chunk logged with the progress), then every stat with the ids they got (stats of
        // stored validators outside this snapshot are looked up).
        let total = validators.count
        let chunkSize = Self.chunkSize(validators: total)
        var ids: [String: Int64] = [:]
        for start in stride(from: 0, to: total, by: chunkSize) {
            let chunk = Array(validators[start..<min(start + chunkSize, total)])
            let written = try await ValidatorWriter.upsert(validators: chunk, stats: [], nowMillis: nowMillis, on: db)
            ids.merge(written.ids) { first, _ in first }
            logger.info(
                "Stored \(start + chunk.count)/\(total) validators",
                metadata: ["jobType": "fetch", "phase": "validator-upsert", "progress": "\(start + chunk.count)/\(total)"])
        }
        ids = try await ValidatorWriter.upsert(validators: [], stats: snapshot.stats, knownIds: ids, nowMillis: nowMillis, on: db).ids

        if let economics = snapshot.economics { try await EpochEconomicsStore.upsert(economics, nowMillis: nowMillis, on: db) }

        // Stake accounts synced before their validator was known now link to it.
        try await StakeAccountWriter.linkUnknownValidators(nowMillis: nowMillis, on: db)

        // One observation per validator.
        let epoch = try SQLValue.int64(snapshot.epoch, field: "epoch")
        try await observationInsert.run(validators, on: db) { v, row in
            row.bigint(ids[v.voteAccount])
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
        guard let run else { throw DatabaseError.corruptValue(table: "fetchRun", column: "id", detail: "the insert returned no id") }
        audit.append(.init(
            action: "fetch.completed", actorId: jobId,
            metadata: [
                "epoch": "\(snapshot.epoch)", "slot": "\(snapshot.slot)", "validators": "\(total)", "delinquent": "\(delinquent)",
                "epochStats": "\(snapshot.stats.count)", "identityChanges": "\(audit.count)",
                "durationMs": "\(nowMillis - startedAtMillis)",
            ]))
        try await AuditLogWriter.append(audit, nowMillis: nowMillis, on: db)
        return Result(
            fetchRunId: run.id, alreadyDone: false, validators: total, epochStats: snapshot.stats.count, identityChanges: audit.count - 1)
    }
}
