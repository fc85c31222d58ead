import Foundation
import SQLKit
import SolStakeCore
import SolStakeStore

extension JobQueue {
    struct Touched: Decodable { let id: Int64 }
    struct StateRow: Decodable { let id: Int64; let state: String }

    /// Extends the lease. False when the attempt no longer holds the job (rescued, cancelled, or finished elsewhere):
    /// the worker must stop the handler and write nothing more.
    public func heartbeat(_ lease: JobLease, extendBy duration: Duration) async throws -> Bool {
        try await database.transaction { db in
            try await db.raw("""
                UPDATE "job" SET "leaseExpiresAt" = \(now) + \(bind: duration.millis)
                WHERE "id" = \(bind: lease.jobId) AND "state" = 'running' AND "leaseToken" = \(bind: lease.token)
                RETURNING "id"
                """).all(decoding: Touched.self).count == 1
        }
    }

    /// Records progress (`"650/1102"`), fenced by the lease.
    @discardableResult
    public func reportProgress(_ lease: JobLease, _ progress: String) async throws -> Bool {
        try await database.transaction { db in
            try await db.raw("""
                UPDATE "job" SET "progress" = \(bind: progress)
                WHERE "id" = \(bind: lease.jobId) AND "state" = 'running' AND "leaseToken" = \(bind: lease.token)
                RETURNING "id"
                """).all(decoding: Touched.self).count == 1
        }
    }

    /// Completes the attempt on the caller's connection (inside the handler's own transaction when it writes to the
    /// database, so its effect and the completion commit together). False when the lease was lost: the caller must roll
    /// back.
    public func complete(_ lease: JobLease, on db: any SQLDatabase) async throws -> Bool {
        try await db.raw("""
            UPDATE "job" SET "state" = 'completed', "finishedAt" = \(now), "leaseToken" = NULL, "leaseOwner" = NULL,
                "leaseExpiresAt" = NULL
            WHERE "id" = \(bind: lease.jobId) AND "state" = 'running' AND "leaseToken" = \(bind: lease.token)
            RETURNING "id"
            """).all(decoding: Touched.self).count == 1
    }

    /// Completes the attempt in a transaction of its own.
    public func complete(_ lease: JobLease) async throws -> Bool {
        try await database.transaction { db in try await complete(lease, on: db) }
    }

    /// Records a failed attempt: back to `available` after `backoff` while attempts remain, else `failed`. Returns the new
    /// state, or nil when the lease was lost.
    public func fail(_ lease: JobLease, error: String, backoff: Backoff, unit: Double = Double.random(in: 0..<1)) async throws -> JobState? {
        let exhausted = lease.attempt >= lease.maxAttempts
        let delay = backoff.delay(attempt: lease.attempt, unit: unit).millis
        let errors = try Self.appending(
            AttemptError(attempt: lease.attempt, kind: "error", message: String(error.prefix(2_000)), at: 0), to: lease.errors)
        let state: JobState = exhausted ? .failed : .available
        return try await database.transaction { db in
            let rows = try await db.raw("""
                UPDATE "job" SET "state" = \(bind: state.rawValue), "runAt" = \(now) + \(bind: delay),
                    "finishedAt" = \(exhausted ? now : SQLLiteral.null), "lastError" = \(bind: String(error.prefix(2_000))),
                    "errors" = \(bind: errors), "leaseToken" = NULL, "leaseOwner" = NULL, "leaseExpiresAt" = NULL
                WHERE "id" = \(bind: lease.jobId) AND "state" = 'running' AND "leaseToken" = \(bind: lease.token)
                RETURNING "id", "state"
                """).all(decoding: StateRow.self)
            return rows.first.flatMap { JobState(rawValue: $0.state) }
        }
    }

    /// Gives the job back untouched (graceful shutdown before the handler finished, or a handler that must wait):
    /// available again after `delay`, the attempt not counted.
    @discardableResult
    public func release(_ lease: JobLease, after delay: Duration = .zero) async throws -> Bool {
        let delayMillis = Int64(delay.seconds * 1000)
        return try await database.transaction { db in
            try await db.raw("""
                UPDATE "job" SET "state" = 'available', "attempt" = "attempt" - 1, "runAt" = \(now) + \(bind: delayMillis), "leaseToken" = NULL,
                    "leaseOwner" = NULL, "leaseExpiresAt" = NULL
                WHERE "id" = \(bind: lease.jobId) AND "state" = 'running' AND "leaseToken" = \(bind: lease.token)
                RETURNING "id"
                """).all(decoding: Touched.self).count == 1
        }
    }

    static func appending(_ error: AttemptError, to json: String) throws -> String {
        var list = (try? JSONDecoder().decode([AttemptError].self, from: Data(json.utf8))) ?? []
        var error = error
        if error.at == 0 { error.at = Int64(Date().timeIntervalSince1970 * 1000) }
        list.append(error)
        return String(decoding: try JSONEncoder().encode(list), as: UTF8.self)
    }
}
