import Foundation
import Logging
import SQLKit
import SolStakeCore
import SolStakeStore

/// The database-backed job queue (QUEUE.md). Every statement compares times against `clock` (the database's own clock
/// in production); every statement that finishes or extends an attempt is fenced by the attempt's lease token.
public struct JobQueue: Sendable {
    public let database: any DatabaseClient
    public let name: String
    public let clock: QueueClock

    public init(database: any DatabaseClient, name: String = "default", clock: QueueClock = .database) {
        self.database = database
        self.name = name
        self.clock = clock
    }

    var now: any SQLExpression { clock.now(database.flavor) }

    /// What `enqueue` did.
    public struct Enqueued: Sendable, Equatable {
        public var id: Int64
        /// False when a live job with the same dedupe key (or the same schedule slot) already existed and was returned.
        public var created: Bool
    }

    struct IDRow: Decodable { let id: Int64 }

    /// Enqueues in a transaction of its own.
    @discardableResult
    public func enqueue(_ request: JobRequest) async throws -> Enqueued {
        try await database.transaction { db in try await enqueue(request, on: db) }
    }

    /// Enqueues inside the caller's transaction (transactional enqueue: the job exists if and only if the caller commits).
    /// On PostgreSQL a `NOTIFY solstake_jobs` wakes listening workers when the transaction commits.
    public func enqueue(_ request: JobRequest, on db: any SQLDatabase) async throws -> Enqueued {
        let delayMillis = request.delay.millis
        let inserted = try await db.raw("""
            INSERT INTO "job" ("queue", "kind", "payload", "state", "priority", "runAt", "maxAttempts", "dedupeKey", "scheduleName",
                               "scheduleSlot", "createdAt")
            VALUES (\(bind: name), \(bind: request.kind), \(bind: request.payload), 'available', \(bind: request.priority),
                    \(now) + \(bind: delayMillis), \(bind: request.maxAttempts), \(bind: request.dedupeKey), \(bind: request.scheduleName),
                    \(bind: request.scheduleSlot), \(now))
            ON CONFLICT DO NOTHING
            RETURNING "id"
            """).first(decoding: IDRow.self)
        if let inserted {
            if database.flavor == .postgres {
                try await db.raw("SELECT pg_notify('solstake_jobs', \(bind: name))").run()
            }
            return Enqueued(id: inserted.id, created: true)
        }
        // A conflict: the live job with this dedupe key, or the job of this schedule slot.
        if let key = request.dedupeKey,
            let existing = try await db.raw("""
                SELECT "id" FROM "job" WHERE "queue" = \(bind: name) AND "dedupeKey" = \(bind: key) AND "state" IN ('available', 'running')
                """).first(decoding: IDRow.self)
        {
            return Enqueued(id: existing.id, created: false)
        }
        if let schedule = request.scheduleName, let slot = request.scheduleSlot,
            let existing = try await db.raw("""
                SELECT "id" FROM "job" WHERE "scheduleName" = \(bind: schedule) AND "scheduleSlot" = \(bind: slot)
                """).first(decoding: IDRow.self)
        {
            return Enqueued(id: existing.id, created: false)
        }
        throw QueueError.enqueueConflict(kind: request.kind)
    }

    /// One job by id.
    public func job(_ id: Int64) async throws -> JobRecord? {
        try await database.read { db in
            try await db.raw(#"SELECT * FROM "job" WHERE "id" = \#(bind: id)"#).first(decoding: JobRecord.self)
        }
    }
}

public enum QueueError: Error, CustomStringConvertible {
    case enqueueConflict(kind: String)
    case notFound(Int64)
    case invalidTransition(id: Int64, state: String, action: String)
    case unknownKind(String)

    public var description: String {
        switch self {
        case .enqueueConflict(let kind): return "could not enqueue a \(kind) job: it conflicts with an existing job"
        case .notFound(let id): return "job \(id) does not exist"
        case .invalidTransition(let id, let state, let action): return "job \(id) is \(state): cannot \(action) it"
        case .unknownKind(let kind): return "unknown job kind \"\(kind)\" (known: fetch, score, noop, sleep)"
        }
    }
}
