import Foundation
import SQLKit
import SolStakeStore

/// Worker registrations (`worker` table): each worker heartbeats every `WorkerLiveness.heartbeat`; one not seen for
/// `aliveWindow` is shown as gone, and any process's rescue pass deletes its row after `reapAfter` (a killed worker never
/// unregisters).
public enum WorkerLiveness {
    public static let heartbeat: Duration = .seconds(10)
    /// Three missed heartbeats.
    public static let aliveWindowMillis: Int64 = 30_000
    public static let reapAfterMillis: Int64 = 60_000
}

extension JobQueue {
    /// One registered worker, as the `worker` table has it.
    public struct WorkerStatus: Sendable, Decodable, Equatable {
        public let id: String
        public let hostname: String
        public let pid: Int
        public let concurrency: Int
        public let startedAt: Int64
        public let lastSeenAt: Int64

        /// Seen within the alive window at `now` (database milliseconds).
        public func isAlive(now: Int64) -> Bool { now - lastSeenAt < WorkerLiveness.aliveWindowMillis }
    }

    public func registerWorker(id: String, concurrency: Int) async throws {
        let hostname = ProcessInfo.processInfo.hostName
        let pid = Int(ProcessInfo.processInfo.processIdentifier)
        try await database.transaction { db in
            try await db.raw("""
                INSERT INTO "worker" ("id", "hostname", "pid", "queues", "concurrency", "startedAt", "lastSeenAt")
                VALUES (\(bind: id), \(bind: hostname), \(bind: pid), \(bind: name), \(bind: concurrency), \(now), \(now))
                ON CONFLICT ("id") DO UPDATE SET "lastSeenAt" = excluded."lastSeenAt"
                """).run()
        }
    }

    public func touchWorker(id: String) async throws {
        try await database.transaction { db in
            try await db.raw(#"UPDATE "worker" SET "lastSeenAt" = \#(now) WHERE "id" = \#(bind: id)"#).run()
        }
    }

    public func unregisterWorker(id: String) async throws {
        try await database.transaction { db in
            try await db.raw(#"DELETE FROM "worker" WHERE "id" = \#(bind: id)"#).run()
        }
    }

    /// Deletes the rows of workers not seen for `WorkerLiveness.reapAfterMillis`; returns their ids.
    @discardableResult
    public func reapWorkers() async throws -> [String] {
        struct Row: Decodable { let id: String }
        return try await database.transaction { db in
            try await db.raw("""
                DELETE FROM "worker" WHERE "lastSeenAt" < \(now) - \(bind: WorkerLiveness.reapAfterMillis) RETURNING "id"
                """).all(decoding: Row.self).map(\.id).sorted()
        }
    }

    /// Every registered worker, most recently seen first, with the database's time to judge them by.
    public func workers() async throws -> (now: Int64, workers: [WorkerStatus]) {
        try await database.read { db in try await workers(on: db) }
    }

    /// `workers()` inside the caller's read.
    public func workers(on db: any SQLDatabase) async throws -> (now: Int64, workers: [WorkerStatus]) {
        let now = try await currentMillis(on: db)
        let rows = try await db.raw("""
            SELECT "id", "hostname", "pid", "concurrency", "startedAt", "lastSeenAt" FROM "worker" ORDER BY "lastSeenAt" DESC, "id"
            """).all(decoding: WorkerStatus.self)
        return (now, rows)
    }
}
