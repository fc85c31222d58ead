import SQLKit
import SolStakeStore

/// What operators look at (`GET /queue`, `queue monitor`, health and metrics): read-only views of the queue. Each takes
/// the caller's connection so a report reads them all in one pass.
extension JobQueue {
    public struct RunningJob: Sendable, Decodable, Equatable {
        public let id: Int64
        public let kind: String
        public let leaseOwner: String?
        public let progress: String?
        public let attempt: Int
        public let startedAt: Int64?
        public let leaseExpiresAt: Int64?
    }

    public struct FailedJob: Sendable, Decodable, Equatable {
        public let id: Int64
        public let kind: String
        public let attempt: Int
        public let lastError: String?
        public let finishedAt: Int64?
    }

    public struct FinishedJob: Sendable, Decodable, Equatable {
        public let kind: String
        public let state: String
        public let startedAt: Int64?
        public let finishedAt: Int64?
    }

    private struct Now: Decodable { let now: Int64 }

    /// The queue's clock, read on `db`.
    public func currentMillis(on db: any SQLDatabase) async throws -> Int64 {
        try await db.raw(#"SELECT \#(now) AS "now""#).first(decoding: Now.self)?.now ?? 0
    }

    /// Running jobs, longest running first.
    public func runningJobs(limit: Int, on db: any SQLDatabase) async throws -> [RunningJob] {
        try await db.raw("""
            SELECT "id", "kind", "leaseOwner", "progress", "attempt", "startedAt", "leaseExpiresAt" FROM "job"
            WHERE "queue" = \(bind: name) AND "state" = 'running' ORDER BY "startedAt", "id" LIMIT \(bind: limit)
            """).all(decoding: RunningJob.self)
    }

    /// The latest failures, newest first.
    public func recentFailures(limit: Int, on db: any SQLDatabase) async throws -> [FailedJob] {
        try await db.raw("""
            SELECT "id", "kind", "attempt", "lastError", "finishedAt" FROM "job"
            WHERE "queue" = \(bind: name) AND "state" = 'failed' ORDER BY "finishedAt" DESC, "id" DESC LIMIT \(bind: limit)
            """).all(decoding: FailedJob.self)
    }

    /// Jobs that completed or failed at or after `since` (milliseconds).
    public func finishedJobs(since: Int64, on db: any SQLDatabase) async throws -> [FinishedJob] {
        try await db.raw("""
            SELECT "kind", "state", "startedAt", "finishedAt" FROM "job"
            WHERE "queue" = \(bind: name) AND "finishedAt" >= \(bind: since) AND "state" IN ('completed', 'failed')
            """).all(decoding: FinishedJob.self)
    }

    private struct OldestRow: Decodable { let oldest: Int64? }

    /// When the longest-waiting job that is due now became due.
    public func oldestDueAt(now: Int64, on db: any SQLDatabase) async throws -> Int64? {
        try await db.raw("""
            SELECT MIN("runAt") AS "oldest" FROM "job" WHERE "queue" = \(bind: name) AND "state" = 'available' AND "runAt" <= \(bind: now)
            """).first(decoding: OldestRow.self)?.oldest
    }

    private struct CountRow: Decodable { let state: String; let kind: String; let n: Int64 }

    /// Counts by state, then kind.
    public func counts(on db: any SQLDatabase) async throws -> [String: [String: Int]] {
        let rows = try await db.raw(#"SELECT "state", "kind", COUNT(*) AS "n" FROM "job" WHERE "queue" = \#(bind: name) GROUP BY "state", "kind""#)
            .all(decoding: CountRow.self)
        var counts: [String: [String: Int]] = [:]
        for row in rows { counts[row.state, default: [:]][row.kind] = Int(row.n) }
        return counts
    }

    /// Counts by state and kind in a read of their own.
    public func counts() async throws -> [String: [String: Int]] {
        try await database.read { db in try await counts(on: db) }
    }
}
