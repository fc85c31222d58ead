import Foundation
import SQLKit
import SolStakeCore
import SolStakeStore

extension JobQueue {
    /// Puts a failed or cancelled job back to `available` now, with its attempts reset.
    public func retry(_ id: Int64) async throws {
        try await database.transaction { db in
            try await requireJob(id, in: ["failed", "cancelled"], toAllow: "retry", on: db)
            try await db.raw("""
                UPDATE "job" SET "state" = 'available', "attempt" = 0, "stallCount" = 0, "runAt" = \(now), "finishedAt" = NULL
                WHERE "id" = \(bind: id) AND "state" IN ('failed', 'cancelled')
                """).run()
        }
    }

    /// Cancels a live job. A running job's lease is revoked: its worker's next heartbeat fails and the handler stops.
    public func cancel(_ id: Int64) async throws {
        try await database.transaction { db in
            try await requireJob(id, in: ["available", "running"], toAllow: "cancel", on: db)
            try await db.raw("""
                UPDATE "job" SET "state" = 'cancelled', "finishedAt" = \(now), "leaseToken" = NULL, "leaseOwner" = NULL,
                    "leaseExpiresAt" = NULL
                WHERE "id" = \(bind: id) AND "state" IN ('available', 'running')
                """).run()
        }
    }

    /// Throws `notFound`, or `invalidTransition` unless the job is in one of `states`.
    private func requireJob(_ id: Int64, in states: Set<String>, toAllow action: String, on db: any SQLDatabase) async throws {
        guard let job = try await db.raw(#"SELECT * FROM "job" WHERE "id" = \#(bind: id)"#).first(decoding: JobRecord.self) else {
            throw QueueError.notFound(id)
        }
        guard states.contains(job.state) else { throw QueueError.invalidTransition(id: id, state: job.state, action: action) }
    }

    public struct Cleaned: Sendable, Equatable {
        public var completed: Int
        public var failed: Int

        public init(completed: Int, failed: Int) {
            self.completed = completed
            self.failed = failed
        }
    }

    /// Deletes finished jobs past their ages, in batches of `batch` rows per statement; never touches live jobs.
    /// `keepCompleted` applies to completed and cancelled jobs, `keepFailed` to failed ones; per kind when given.
    public func clean(keepCompleted: [String: Duration], keepFailed: [String: Duration], defaultCompleted: Duration, defaultFailed: Duration, batch: Int = 10_000) async throws -> Cleaned {
        var cleaned = Cleaned(completed: 0, failed: 0)
        let kinds = Set(keepCompleted.keys).union(keepFailed.keys)
        func sweep(states: String, kindFilter: String, age: Duration) async throws -> Int {
            var total = 0
            while true {
                let deleted = try await database.transaction { db in
                    try await db.raw("""
                        DELETE FROM "job" WHERE "id" IN (
                            SELECT "id" FROM "job" WHERE "queue" = \(bind: name) AND "state" IN (\(unsafeRaw: states))
                            AND "finishedAt" < \(now) - \(bind: age.millis) \(unsafeRaw: kindFilter) LIMIT \(bind: batch))
                        RETURNING "id"
                        """).all(decoding: Touched.self).count
                }
                total += deleted
                if deleted < batch { return total }
            }
        }
        let quotedKinds = kinds.sorted().map { "'\($0.replacingOccurrences(of: "'", with: "''"))'" }.joined(separator: ", ")
        for kind in kinds.sorted() {
            let filter = #"AND "kind" = '\#(kind.replacingOccurrences(of: "'", with: "''"))'"#
            cleaned.completed += try await sweep(states: "'completed', 'cancelled'", kindFilter: filter, age: keepCompleted[kind] ?? defaultCompleted)
            cleaned.failed += try await sweep(states: "'failed'", kindFilter: filter, age: keepFailed[kind] ?? defaultFailed)
        }
        let others = kinds.isEmpty ? "" : #"AND "kind" NOT IN (\#(quotedKinds))"#
        cleaned.completed += try await sweep(states: "'completed', 'cancelled'", kindFilter: others, age: defaultCompleted)
        cleaned.failed += try await sweep(states: "'failed'", kindFilter: others, age: defaultFailed)
        return cleaned
    }
}
