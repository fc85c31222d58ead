import SQLKit
import SolStakeCore
import SolStakeStore

extension JobQueue {
    /// Claims up to `limit` available jobs whose time has come, in priority order, for `owner`, each with a fresh lease
    /// token valid for `lease`.
    ///
    /// PostgreSQL: a MATERIALIZED CTE with `FOR UPDATE SKIP LOCKED` (without MATERIALIZED the planner may update more rows
    /// than the LIMIT). SQLite: one `UPDATE … RETURNING` inside `BEGIN IMMEDIATE`, so claimers in every process take turns.
    public func claim(owner: String, limit: Int, lease: Duration) async throws -> [JobRecord] {
        guard limit > 0 else { return [] }
        let leaseMillis = lease.millis
        return try await database.transaction { db in
            switch database.flavor {
            case .postgres:
                return try await db.raw("""
                    WITH next AS MATERIALIZED (
                        SELECT "id" FROM "job"
                        WHERE "state" = 'available' AND "queue" = \(bind: name) AND "runAt" <= \(now)
                        ORDER BY "priority", "runAt", "id" LIMIT \(bind: limit) FOR UPDATE SKIP LOCKED)
                    UPDATE "job" j SET "state" = 'running', "attempt" = j."attempt" + 1, "leaseOwner" = \(bind: owner),
                        "leaseToken" = gen_random_uuid()::text, "leaseExpiresAt" = \(now) + \(bind: leaseMillis), "startedAt" = \(now)
                    FROM next WHERE j."id" = next."id"
                    RETURNING j.*
                    """).all(decoding: JobRecord.self)
            case .sqlite:
                return try await db.raw("""
                    UPDATE "job" SET "state" = 'running', "attempt" = "attempt" + 1, "leaseOwner" = \(bind: owner),
                        "leaseToken" = lower(hex(randomblob(16))), "leaseExpiresAt" = \(now) + \(bind: leaseMillis), "startedAt" = \(now)
                    WHERE "id" IN (
                        SELECT "id" FROM "job" WHERE "state" = 'available' AND "queue" = \(bind: name) AND "runAt" <= \(now)
                        ORDER BY "priority", "runAt", "id" LIMIT \(bind: limit))
                    AND "state" = 'available'
                    RETURNING *
                    """).all(decoding: JobRecord.self)
            }
        }.sorted { ($0.priority, $0.runAt, $0.id) < ($1.priority, $1.runAt, $1.id) }
    }
}
