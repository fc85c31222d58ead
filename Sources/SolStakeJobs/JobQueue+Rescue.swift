import Foundation
import SQLKit
import SolStakeCore
import SolStakeStore

extension JobQueue {
    public struct Rescued: Sendable, Equatable {
        /// Jobs put back to `available` (with backoff).
        public var retried: [Int64]
        /// Jobs failed for good (stalled more than `maxStalled` times, or out of attempts).
        public var failed: [Int64]
    }

    struct ExpiredRow: Decodable {
        let id: Int64
        let attempt: Int
        let maxAttempts: Int
        let stallCount: Int
        let errors: String
        let leaseOwner: String?
    }

    /// Finds running jobs whose lease expired (their worker died or stopped heartbeating) and puts them back to
    /// `available` with backoff, or fails them after `maxStalled` stalls or when attempts are exhausted. Any process may
    /// call it at any time: rows are locked (`FOR UPDATE SKIP LOCKED` on PostgreSQL, `BEGIN IMMEDIATE` on SQLite) and
    /// every update re-checks the expiry, so a completion that wins the race stays completed.
    public func rescue(maxStalled: Int, backoff: Backoff, limit: Int = 1_000) async throws -> Rescued {
        try await database.transaction { db in
            let lock = database.flavor == .postgres ? " FOR UPDATE SKIP LOCKED" : ""
            let expired = try await db.raw("""
                SELECT "id", "attempt", "maxAttempts", "stallCount", "errors", "leaseOwner" FROM "job"
                WHERE "state" = 'running' AND "leaseExpiresAt" < \(now) ORDER BY "leaseExpiresAt" LIMIT \(bind: limit)\(unsafeRaw: lock)
                """).all(decoding: ExpiredRow.self)
            var rescued = Rescued(retried: [], failed: [])
            for row in expired {
                let stalls = row.stallCount + 1
                let dead = stalls > maxStalled || row.attempt >= row.maxAttempts
                let delay = backoff.delay(attempt: max(1, row.attempt)).millis
                let message = "lease expired (worker \(row.leaseOwner ?? "?") stopped heartbeating); stall \(stalls) of at most \(maxStalled)"
                let errors = try Self.appending(AttemptError(attempt: row.attempt, kind: "stalled", message: message, at: 0), to: row.errors)
                let updated = try await db.raw("""
                    UPDATE "job" SET "state" = \(bind: dead ? "failed" : "available"), "stallCount" = \(bind: stalls),
                        "runAt" = \(now) + \(bind: delay), "finishedAt" = \(dead ? now : SQLLiteral.null as any SQLExpression),
                        "lastError" = \(bind: message), "errors" = \(bind: errors),
                        "leaseToken" = NULL, "leaseOwner" = NULL, "leaseExpiresAt" = NULL
                    WHERE "id" = \(bind: row.id) AND "state" = 'running' AND "leaseExpiresAt" < \(now)
                    RETURNING "id"
                    """).all(decoding: Touched.self)
                guard updated.count == 1 else { continue }
                if dead { rescued.failed.append(row.id) } else { rescued.retried.append(row.id) }
            }
            return rescued
        }
    }
}
