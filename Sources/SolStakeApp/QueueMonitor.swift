import Foundation
import SQLKit
import SolStakeJobs
import SolStakeStore

/// The text of `solstake queue monitor`: counts by state and kind, running jobs with owner, progress and age, the next
/// schedule runs, workers, and recent failures with their errors.
public enum QueueMonitor {
    struct Running: Decodable { let id: Int64; let kind: String; let leaseOwner: String?; let progress: String?; let attempt: Int; let startedAt: Int64?; let leaseExpiresAt: Int64? }
    struct Failure: Decodable { let id: Int64; let kind: String; let attempt: Int; let lastError: String?; let finishedAt: Int64? }
    struct Now: Decodable { let now: Int64 }

    public static func snapshot(queue: JobQueue) async throws -> String {
        let counts = try await queue.counts()
        let schedules = try await ScheduleStore(queue: queue).list()
        let flavor = queue.database.flavor
        let registered = try await queue.workers()
        let (now, running, failures) = try await queue.database.read { db in
            let now = try await db.raw(#"SELECT \#(unsafeRaw: flavor.nowMillisSQL) AS "now""#).first(decoding: Now.self)!.now
            let running = try await db.raw(#"SELECT "id", "kind", "leaseOwner", "progress", "attempt", "startedAt", "leaseExpiresAt" FROM "job" WHERE "state" = 'running' ORDER BY "startedAt" LIMIT 20"#).all(decoding: Running.self)
            let failures = try await db.raw(#"SELECT "id", "kind", "attempt", "lastError", "finishedAt" FROM "job" WHERE "state" = 'failed' ORDER BY "finishedAt" DESC LIMIT 5"#).all(decoding: Failure.self)
            return (now, running, failures)
        }
        func age(_ millis: Int64?) -> String {
            guard let millis else { return "-" }
            let seconds = max(0, now - millis) / 1000
            return seconds < 120 ? "\(seconds)s" : seconds < 7_200 ? "\(seconds / 60)m" : "\(seconds / 3_600)h"
        }
        func time(_ millis: Int64) -> String { Date(timeIntervalSince1970: Double(millis) / 1000).formatted(.iso8601) }
        var lines = ["solstake queue \(queue.name) at \(time(now))", ""]
        let kinds = Set(counts.values.flatMap(\.keys)).sorted()
        let states = JobState.allCases.map(\.rawValue)
        lines.append("kind".padding(toLength: 10, withPad: " ", startingAt: 0) + states.map { $0.padding(toLength: 11, withPad: " ", startingAt: 0) }.joined())
        for kind in kinds {
            lines.append(kind.padding(toLength: 10, withPad: " ", startingAt: 0)
                + states.map { String(counts[$0]?[kind] ?? 0).padding(toLength: 11, withPad: " ", startingAt: 0) }.joined())
        }
        if kinds.isEmpty { lines.append("(no jobs)") }
        lines.append("")
        lines.append("running (\(running.count)):")
        for job in running {
            lines.append("  #\(job.id) \(job.kind) attempt \(job.attempt) on \(job.leaseOwner ?? "?") progress \(job.progress ?? "-") age \(age(job.startedAt))")
        }
        lines.append("")
        lines.append("schedules:")
        for s in schedules {
            let inSeconds = (s.nextRunAt - now) / 1000
            lines.append("  \(s.name) (\(s.kind)) every \(s.everySeconds)s, profile \(s.profile), next \(time(s.nextRunAt)) (in \(max(0, inSeconds))s)")
        }
        if schedules.isEmpty { lines.append("  (none: `solstake queue scheduler test|production`)") }
        lines.append("")
        lines.append("workers:")
        for w in registered.workers.prefix(20) {
            let state = w.isAlive(now: now) ? "alive" : "gone (no heartbeat; removed after \(WorkerLiveness.reapAfterMillis / 1000)s)"
            lines.append("  \(w.id) concurrency \(w.concurrency), seen \(age(w.lastSeenAt)) ago, \(state)")
        }
        if registered.workers.isEmpty { lines.append("  (none)") }
        lines.append("")
        lines.append("recent failures:")
        for f in failures {
            lines.append("  #\(f.id) \(f.kind) after \(f.attempt) attempt(s), \(age(f.finishedAt)) ago: \(String((f.lastError ?? "").prefix(160)))")
        }
        if failures.isEmpty { lines.append("  (none)") }
        return lines.joined(separator: "\n") + "\n"
    }
}
