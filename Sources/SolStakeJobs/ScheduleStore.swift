import Foundation
import SQLKit
import SolStakeCore
import SolStakeStore

/// Repeatable schedules, kept in the database so restarts lose nothing and any number of processes can schedule:
/// each due slot is claimed by a compare-and-swap on `nextRunAt` (rows locked `FOR UPDATE SKIP LOCKED` on PostgreSQL),
/// and the unique index on `(scheduleName, scheduleSlot)` holds even if everything else goes wrong.
public struct ScheduleStore: Sendable {
    public let queue: JobQueue

    public init(queue: JobQueue) { self.queue = queue }

    public struct Schedule: Sendable, Decodable, Equatable {
        public var name: String
        public var kind: String
        public var payload: String
        public var everySeconds: Int64
        public var nextRunAt: Int64
        public var profile: String
        public var keepCompletedSeconds: Int64
        public var keepFailedSeconds: Int64
    }

    /// Installs a profile's schedules. `replace` switches existing schedules to it (the next run comes no later than one
    /// new interval from now); otherwise only missing schedules are added.
    public func install(_ profile: ScheduleProfile, replace: Bool) async throws {
        try await queue.database.transaction { db in
            let now = try await queue.currentMillis(on: db)
            for entry in profile.entries {
                let conflict = replace
                    ? """
                    DO UPDATE SET "kind" = excluded."kind", "everySeconds" = excluded."everySeconds", "profile" = excluded."profile",
                        "keepCompletedSeconds" = excluded."keepCompletedSeconds", "keepFailedSeconds" = excluded."keepFailedSeconds",
                        "nextRunAt" = CASE WHEN "jobSchedule"."nextRunAt" < excluded."nextRunAt" THEN "jobSchedule"."nextRunAt" ELSE excluded."nextRunAt" END,
                        "updatedAt" = excluded."updatedAt"
                    """
                    : "DO NOTHING"
                try await db.raw("""
                    INSERT INTO "jobSchedule" ("name", "kind", "payload", "everySeconds", "nextRunAt", "profile", "keepCompletedSeconds",
                                               "keepFailedSeconds", "updatedAt")
                    VALUES (\(bind: entry.name), \(bind: entry.kind), '{}', \(bind: entry.everySeconds), \(bind: replace ? now + entry.everySeconds * 1000 : now),
                            \(bind: profile.name), \(bind: profile.keepCompletedSeconds), \(bind: profile.keepFailedSeconds), \(bind: now))
                    ON CONFLICT ("name") \(unsafeRaw: conflict)
                    """).run()
            }
        }
    }

    public func list() async throws -> [Schedule] {
        try await queue.database.read { db in try await list(on: db) }
    }

    /// `list()` on the caller's connection.
    public func list(on db: any SQLDatabase) async throws -> [Schedule] {
        try await db.raw(#"SELECT * FROM "jobSchedule" ORDER BY "name""#).all(decoding: Schedule.self)
    }

    /// Enqueues one job for every schedule that is due, moving each schedule to its next slot; returns the job ids created.
    @discardableResult
    public func enqueueDue() async throws -> [Int64] {
        try await queue.database.transaction { db in
            let now = try await queue.currentMillis(on: db)
            let lock = queue.database.flavor == .postgres ? " FOR UPDATE SKIP LOCKED" : ""
            let due = try await db.raw("""
                SELECT * FROM "jobSchedule" WHERE "nextRunAt" <= \(bind: now) ORDER BY "name"\(unsafeRaw: lock)
                """).all(decoding: Schedule.self)
            var created: [Int64] = []
            for schedule in due {
                let next = ScheduleMath.nextSlot(due: schedule.nextRunAt, now: now, everyMillis: schedule.everySeconds * 1000)
                // Compare-and-swap: only the process that moves the schedule from this slot enqueues it.
                let moved = try await db.raw("""
                    UPDATE "jobSchedule" SET "nextRunAt" = \(bind: next), "updatedAt" = \(bind: now)
                    WHERE "name" = \(bind: schedule.name) AND "nextRunAt" = \(bind: schedule.nextRunAt)
                    RETURNING "name"
                    """).all().count
                guard moved == 1 else { continue }
                let job = try await queue.enqueue(
                    JobRequest(kind: schedule.kind, payload: schedule.payload, dedupeKey: schedule.kind, scheduleName: schedule.name,
                               scheduleSlot: schedule.nextRunAt), on: db)
                if job.created { created.append(job.id) }
            }
            return created
        }
    }

    /// Deletes finished jobs past the ages of the schedules' profile (per kind), and of `fallback` for other kinds.
    @discardableResult
    public func applyRetention(fallback: ScheduleProfile) async throws -> JobQueue.Cleaned {
        let schedules = try await list()
        var keepCompleted: [String: Duration] = [:]
        var keepFailed: [String: Duration] = [:]
        for schedule in schedules {
            keepCompleted[schedule.kind] = .seconds(schedule.keepCompletedSeconds)
            keepFailed[schedule.kind] = .seconds(schedule.keepFailedSeconds)
        }
        return try await queue.clean(
            keepCompleted: keepCompleted, keepFailed: keepFailed, defaultCompleted: .seconds(fallback.keepCompletedSeconds),
            defaultFailed: .seconds(fallback.keepFailedSeconds))
    }
}
