import Foundation
import Logging
import SQLKit
import SolStakeCore
import SolStakeJobs
import SolStakeStore
import Testing
import TestSupport

/// The queue's guarantees, run unchanged against every database.
enum QueueContract {
    /// Every case, run on each database by `QueueContractTests`.
    static let cases: [ContractCase] = [
        ContractCase("enqueueClaimComplete") { try await enqueueClaimComplete($0) },
        ContractCase("dedupeKeepsOneLiveJob") { try await dedupeKeepsOneLiveJob($0) },
        ContractCase("staleAttemptsCannotFinishOrRenew") { try await staleAttemptsCannotFinishOrRenew($0) },
        ContractCase("rescueRacingCompletionKeepsItCompleted") { try await rescueRacingCompletionKeepsItCompleted($0) },
        ContractCase("backoffAndMaxAttempts") { try await backoffAndMaxAttempts($0) },
        ContractCase("tooManyStallsFail") { try await tooManyStallsFail($0) },
        ContractCase("racingSchedulersEnqueueOncePerSlot") { try await racingSchedulersEnqueueOncePerSlot($0) },
        ContractCase("retentionNeverDeletesLiveJobs") { try await retentionNeverDeletesLiveJobs($0) },
        ContractCase("cancellingARunningJobRevokesItsLease") { try await cancellingARunningJobRevokesItsLease($0) },
        ContractCase("transactionalEnqueueRollsBack") { try await transactionalEnqueueRollsBack($0) },
        ContractCase("deadWorkersAreShownGoneThenReaped") { try await deadWorkersAreShownGoneThenReaped($0) },
    ]

    static let start: Int64 = 1_800_000_000_000
    static let noBackoff = Backoff(base: .seconds(10), cap: .seconds(600), jitter: 0)

    static func enqueueClaimComplete(_ database: any DatabaseClient) async throws {
        let time = ManualTime(millis: start)
        let queue = JobQueue(database: database, clock: .manual(time))
        let low = try await queue.enqueue(JobRequest(kind: "noop", priority: 5))
        let high = try await queue.enqueue(JobRequest(kind: "noop", priority: 1))
        let later = try await queue.enqueue(JobRequest(kind: "noop", delay: .seconds(60), priority: 0))
        let claimed = try await queue.claim(owner: "w1", limit: 5, lease: .seconds(30))
        #expect(claimed.map(\.id) == [high.id, low.id], "priority order; the delayed job is not due")
        #expect(Set(claimed.compactMap(\.leaseToken)).count == 2)
        #expect(claimed.allSatisfy { $0.state == "running" && $0.attempt == 1 && $0.leaseExpiresAt == start + 30_000 && $0.leaseOwner == "w1" })
        #expect(try await queue.claim(owner: "w2", limit: 5, lease: .seconds(30)).isEmpty)
        time.advance(by: .seconds(61))
        #expect(try await queue.claim(owner: "w2", limit: 5, lease: .seconds(30)).map(\.id) == [later.id])

        let lease = try #require(claimed[0].lease)
        #expect(try await queue.reportProgress(lease, "650/1102"))
        #expect(try await queue.complete(lease))
        #expect(try await !queue.complete(lease), "a second completion with the same token writes nothing")
        #expect(try await !queue.heartbeat(lease, extendBy: .seconds(30)))
        let done = try #require(try await queue.job(high.id))
        #expect(done.state == "completed" && done.progress == "650/1102" && done.leaseToken == nil && done.finishedAt == start + 61_000)
    }

    static func dedupeKeepsOneLiveJob(_ database: any DatabaseClient) async throws {
        let queue = JobQueue(database: database)
        let results = try await withThrowingTaskGroup(of: JobQueue.Enqueued.self) { group in
            for _ in 0..<20 { group.addTask { try await queue.enqueue(JobRequest(kind: "fetch", dedupeKey: "fetch")) } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(Set(results.map(\.id)).count == 1)
        #expect(results.filter(\.created).count == 1)
        // Running still counts as live; once finished, a new one may be enqueued.
        let claimed = try await queue.claim(owner: "w", limit: 1, lease: .seconds(30))
        #expect(try await !queue.enqueue(JobRequest(kind: "fetch", dedupeKey: "fetch")).created)
        #expect(try await queue.complete(claimed[0].lease!))
        #expect(try await queue.enqueue(JobRequest(kind: "fetch", dedupeKey: "fetch")).created)
    }

    static func staleAttemptsCannotFinishOrRenew(_ database: any DatabaseClient) async throws {
        let time = ManualTime(millis: start)
        let queue = JobQueue(database: database, clock: .manual(time))
        let job = try await queue.enqueue(JobRequest(kind: "noop"))
        let first = try await queue.claim(owner: "dead", limit: 1, lease: .seconds(2))[0].lease!
        time.advance(by: .seconds(3))
        let rescued = try await queue.rescue(maxStalled: 2, backoff: noBackoff)
        #expect(rescued.retried == [job.id])
        var row = try #require(try await queue.job(job.id))
        #expect(row.state == "available" && row.stallCount == 1 && row.runAt == time.millis + 10_000)
        #expect(row.attemptErrors.map(\.kind) == ["stalled"])
        time.advance(by: .seconds(10))
        let second = try await queue.claim(owner: "alive", limit: 1, lease: .seconds(30))[0].lease!
        #expect(second.token != first.token && second.attempt == 2)
        // The killed attempt's late heartbeat, progress, failure and completion all touch 0 rows.
        #expect(try await !queue.heartbeat(first, extendBy: .seconds(30)))
        #expect(try await !queue.reportProgress(first, "late"))
        #expect(try await queue.fail(first, error: "late", backoff: noBackoff) == nil)
        #expect(try await !queue.complete(first))
        #expect(try await queue.complete(second))
        row = try #require(try await queue.job(job.id))
        #expect(row.state == "completed" && row.attempt == 2)
    }

    static func rescueRacingCompletionKeepsItCompleted(_ database: any DatabaseClient) async throws {
        let time = ManualTime(millis: start)
        let queue = JobQueue(database: database, clock: .manual(time))
        let job = try await queue.enqueue(JobRequest(kind: "noop"))
        let lease = try await queue.claim(owner: "w", limit: 1, lease: .seconds(1))[0].lease!
        time.advance(by: .seconds(5))
        // Both race; whichever wins, the job ends completed or rescued, never both, and a completion after a rescue is rejected.
        async let completed = queue.complete(lease)
        async let rescued = queue.rescue(maxStalled: 2, backoff: noBackoff)
        let (didComplete, rescue) = try await (completed, rescued)
        let row = try #require(try await queue.job(job.id))
        if didComplete {
            #expect(row.state == "completed" && rescue.retried.isEmpty)
        } else {
            #expect(row.state == "available" && rescue.retried == [job.id])
        }
        // Completed first, then rescue: stays completed.
        let other = try await queue.enqueue(JobRequest(kind: "noop"))
        let otherLease = try await queue.claim(owner: "w", limit: 1, lease: .seconds(1))[0].lease!
        #expect(try await queue.complete(otherLease))
        time.advance(by: .seconds(5))
        #expect(try await queue.rescue(maxStalled: 2, backoff: noBackoff).retried.isEmpty)
        #expect(try await queue.job(other.id)?.state == "completed")
    }

    static func backoffAndMaxAttempts(_ database: any DatabaseClient) async throws {
        let time = ManualTime(millis: start)
        let queue = JobQueue(database: database, clock: .manual(time))
        let job = try await queue.enqueue(JobRequest(kind: "noop", maxAttempts: 3))
        var delays: [Int64] = []
        for attempt in 1...3 {
            let claimed = try await queue.claim(owner: "w", limit: 1, lease: .seconds(30))
            #expect(claimed.count == 1 && claimed[0].attempt == attempt)
            let state = try await queue.fail(claimed[0].lease!, error: "boom \(attempt)", backoff: noBackoff)
            #expect(state == (attempt < 3 ? .available : .failed))
            let row = try #require(try await queue.job(job.id))
            delays.append(row.runAt - time.millis)
            if attempt < 3 {
                #expect(try await queue.claim(owner: "w", limit: 1, lease: .seconds(30)).isEmpty, "not before its backoff")
                time.set(row.runAt)
            }
        }
        #expect(delays.prefix(2) == [10_000, 20_000], "exponential: base x 2^(attempt-1)")
        let failed = try #require(try await queue.job(job.id))
        #expect(failed.state == "failed" && failed.lastError == "boom 3" && failed.finishedAt != nil)
        #expect(failed.attemptErrors.map(\.message) == ["boom 1", "boom 2", "boom 3"])
        // Retried by hand, it runs again from attempt 1.
        try await queue.retry(job.id)
        #expect(try await queue.claim(owner: "w", limit: 1, lease: .seconds(30)).first?.attempt == 1)
    }

    static func tooManyStallsFail(_ database: any DatabaseClient) async throws {
        let time = ManualTime(millis: start)
        let queue = JobQueue(database: database, clock: .manual(time))
        let job = try await queue.enqueue(JobRequest(kind: "noop", maxAttempts: 10))
        for stall in 1...3 {
            _ = try await queue.claim(owner: "w", limit: 1, lease: .seconds(1))
            time.advance(by: .seconds(2))
            let rescued = try await queue.rescue(maxStalled: 2, backoff: noBackoff)
            #expect(stall <= 2 ? rescued.retried == [job.id] : rescued.failed == [job.id])
            time.advance(by: .seconds(60))
        }
        #expect(try await queue.job(job.id)?.state == "failed")
    }

    static func racingSchedulersEnqueueOncePerSlot(_ database: any DatabaseClient) async throws {
        let time = ManualTime(millis: start)
        let queue = JobQueue(database: database, clock: .manual(time))
        let profile = ScheduleProfile(name: "six-hours", entries: [.init(name: "fetch", kind: "noop", everySeconds: 21_600)], keepCompletedSeconds: 3_600, keepFailedSeconds: 3_600)
        try await ScheduleStore(queue: queue).install(profile, replace: false)
        // 8 schedulers race on the same due slot.
        let created = try await withThrowingTaskGroup(of: [Int64].self) { group in
            for _ in 0..<8 { group.addTask { try await ScheduleStore(queue: queue).enqueueDue() } }
            return try await group.reduce(into: []) { $0 += $1 }
        }
        #expect(created.count == 1)
        // A process that restarts every 4 hours (a new scheduler each time; state only in the database) over 48 hours:
        // the 6-hour schedule still fires at every slot. Each run is finished before the next slot.
        for _ in 0..<12 {
            time.advance(by: .seconds(4 * 3_600))
            let store = ScheduleStore(queue: queue)
            _ = try await store.enqueueDue()
            for claimed in try await queue.claim(owner: "w", limit: 10, lease: .seconds(30)) { _ = try await queue.complete(claimed.lease!) }
        }
        struct Row: Decodable { let scheduleSlot: Int64 }
        let slots = try await database.read { db in
            try await db.raw(#"SELECT "scheduleSlot" FROM "job" WHERE "scheduleName" = 'fetch' ORDER BY "scheduleSlot""#).all(decoding: Row.self)
        }.map(\.scheduleSlot)
        #expect(slots == (0...8).map { start + Int64($0) * 21_600_000 }, "48 h / 6 h + the first slot, each once")
        // Downtime of 30 hours: the missed slots collapse into one run.
        time.advance(by: .seconds(30 * 3_600))
        #expect(try await ScheduleStore(queue: queue).enqueueDue().count == 1)
        #expect(try await ScheduleStore(queue: queue).enqueueDue().isEmpty)
    }

    /// A killed worker never unregisters: it shows as gone after three missed heartbeats and its row is deleted after
    /// the reap window; a worker that keeps heartbeating stays.
    static func deadWorkersAreShownGoneThenReaped(_ database: any DatabaseClient) async throws {
        let time = ManualTime(millis: start)
        let queue = JobQueue(database: database, clock: .manual(time))
        try await queue.registerWorker(id: "killed", concurrency: 3)
        try await queue.registerWorker(id: "healthy", concurrency: 2)
        func states() async throws -> [String: Bool] {
            let (now, workers) = try await queue.workers()
            return Dictionary(uniqueKeysWithValues: workers.map { ($0.id, $0.isAlive(now: now)) })
        }
        #expect(try await states() == ["killed": true, "healthy": true])
        time.advance(by: .milliseconds(WorkerLiveness.aliveWindowMillis))
        try await queue.touchWorker(id: "healthy")
        #expect(try await states() == ["killed": false, "healthy": true], "three missed heartbeats: gone, not alive")
        #expect(try await queue.reapWorkers().isEmpty, "not yet past the reap window")
        time.advance(by: .milliseconds(WorkerLiveness.reapAfterMillis - WorkerLiveness.aliveWindowMillis + 1))
        try await queue.touchWorker(id: "healthy")
        #expect(try await queue.reapWorkers() == ["killed"])
        #expect(try await states() == ["healthy": true])
    }

    static func retentionNeverDeletesLiveJobs(_ database: any DatabaseClient) async throws {
        let time = ManualTime(millis: start)
        let queue = JobQueue(database: database, clock: .manual(time))
        let available = try await queue.enqueue(JobRequest(kind: "noop"))
        let running = try await queue.enqueue(JobRequest(kind: "noop", priority: -1))
        let toComplete = try await queue.enqueue(JobRequest(kind: "noop", priority: -3))
        let toFail = try await queue.enqueue(JobRequest(kind: "noop", priority: -2, maxAttempts: 1))
        let claimed = try await queue.claim(owner: "w", limit: 3, lease: .seconds(3_600))
        #expect(claimed.map(\.id) == [toComplete.id, toFail.id, running.id])
        #expect(try await queue.complete(claimed[0].lease!))
        #expect(try await queue.fail(claimed[1].lease!, error: "x", backoff: noBackoff) == .failed)
        time.advance(by: .seconds(2 * 86_400))
        let cleaned = try await queue.clean(keepCompleted: [:], keepFailed: [:], defaultCompleted: .seconds(3_600), defaultFailed: .seconds(3 * 86_400), batch: 1)
        #expect(cleaned == .init(completed: 1, failed: 0))
        time.advance(by: .seconds(2 * 86_400))
        #expect(try await queue.clean(keepCompleted: [:], keepFailed: [:], defaultCompleted: .seconds(3_600), defaultFailed: .seconds(3 * 86_400), batch: 1) == .init(completed: 0, failed: 1))
        #expect(try await queue.job(available.id)?.state == "available")
        #expect(try await queue.job(running.id)?.state == "running")
        #expect(try await queue.job(toComplete.id) == nil)
    }

    static func cancellingARunningJobRevokesItsLease(_ database: any DatabaseClient) async throws {
        let queue = JobQueue(database: database)
        let job = try await queue.enqueue(JobRequest(kind: "noop"))
        let lease = try await queue.claim(owner: "w", limit: 1, lease: .seconds(30))[0].lease!
        try await queue.cancel(job.id)
        #expect(try await !queue.heartbeat(lease, extendBy: .seconds(30)))
        #expect(try await !queue.complete(lease))
        await #expect(throws: QueueError.self) { try await queue.cancel(job.id) }
        try await queue.retry(job.id)
        #expect(try await queue.job(job.id)?.state == "available")
    }

    static func transactionalEnqueueRollsBack(_ database: any DatabaseClient) async throws {
        let queue = JobQueue(database: database)
        struct Boom: Error {}
        await #expect(throws: Boom.self) {
            try await database.transaction { db in
                _ = try await queue.enqueue(JobRequest(kind: "noop"), on: db)
                throw Boom()
            }
        }
        #expect(try await queue.counts().isEmpty)
    }
}
