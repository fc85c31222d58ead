import Foundation
import SolStakeCore
import SolStakeJobs
import SolStakeStore

/// The text of `solstake queue monitor`: counts by state and kind, running jobs with owner, progress and age, the next
/// schedule runs, workers, and recent failures with their errors.
public enum QueueMonitor {
    public static func render(queue: JobQueue) async throws -> String {
        let (counts, schedules, registered, running, failures) = try await queue.database.read { db in
            (
                try await queue.counts(on: db), try await ScheduleStore(queue: queue).list(on: db), try await queue.workers(on: db),
                try await queue.runningJobs(limit: 20, on: db), try await queue.recentFailures(limit: 5, on: db)
            )
        }
        let now = registered.now
        func age(_ millis: Int64?) -> String {
            guard let millis else { return "-" }
            let seconds = max(0, now - millis) / 1000
            return seconds < 120 ? "\(seconds)s" : seconds < 7_200 ? "\(seconds / 60)m" : "\(seconds / 3_600)h"
        }
        func time(_ millis: Int64) -> String { Date(timeIntervalSince1970: Double(millis) / 1000).formatted(.iso8601) }
        var lines = ["solstake queue \(queue.name) at \(time(now))", ""]
        let kinds = Set(counts.values.flatMap(\.keys)).sorted()
        let states = JobState.allCases.map(\.rawValue)
        if kinds.isEmpty {
            lines.append("(no jobs)")
        } else {
            lines += TextTable.render(
                header: ["kind"] + states, rows: kinds.map { kind in [kind] + states.map { String(counts[$0]?[kind] ?? 0) } },
                rightAligned: Set(1...states.count))
        }
        lines.append("")
        lines.append("running (\(running.count)):")
        if !running.isEmpty {
            lines += TextTable.render(
                header: ["id", "kind", "attempt", "owner", "progress", "age"],
                rows: running.map { ["#\($0.id)", $0.kind, "\($0.attempt)", $0.leaseOwner ?? "?", $0.progress ?? "-", age($0.startedAt)] },
                rightAligned: [0, 2, 5]
            ).map { "  " + $0 }
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
