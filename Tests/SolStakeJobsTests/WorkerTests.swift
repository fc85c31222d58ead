import Foundation
import Logging
import SQLKit
import ServiceLifecycle
import SolStakeApp
import SolStakeCore
import SolStakeJobs
import SolStakeStore
import TestJobKinds
import Testing
import TestSupport

enum WorkerHarness {
    static var logger: Logger {
        var logger = Logger(label: "worker-test")
        logger.logLevel = .critical
        return logger
    }

    /// Sleeps a minute on its first attempt only, then records itself: a cancelled first attempt is told from a finished
    /// one by a wide margin on a loaded machine, and the rescuing attempt ends at once.
    static let slowFirstAttempt = "test.slow-first-attempt"
    struct SlowFirstAttemptHandler: JobHandler {
        func run(_ context: JobContext) async throws {
            if context.job.attempt == 1 { try await Task.sleep(for: .seconds(60)) }
            try await NoopJobHandler().run(context)
        }
    }

    static let handlers: [String: any JobHandler] = [
        TestJobKinds.noop: NoopJobHandler(), TestJobKinds.sleep: SleepJobHandler(), slowFirstAttempt: SlowFirstAttemptHandler(),
    ]

    static func configuration(lease: Duration = .seconds(30), stalled: Duration = .seconds(30), poll: Duration = .milliseconds(50), shutdown: Duration = .seconds(30)) -> Worker.Configuration {
        var c = Worker.Configuration()
        c.lease = lease
        c.stalledInterval = stalled
        c.pollInterval = poll
        c.shutdownTimeout = shutdown
        c.retryBackoff = Backoff(base: .milliseconds(100), cap: .seconds(1))
        return c
    }

    /// Runs the workers for the duration of `body`, then shuts them down gracefully.
    static func running<T: Sendable>(_ workers: [Worker], _ body: @Sendable () async throws -> T) async throws -> T {
        try await ServiceGroupRunner(services: workers).run(body)
    }

    static func waitUntil(timeout: Duration = .seconds(60), _ condition: @Sendable () async throws -> Bool) async throws -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if try await condition() { return true }
            try await Task.sleep(for: .milliseconds(50))
        }
        return false
    }

    struct Count: Decodable { let n: Int64 }
    static func count(_ database: any DatabaseClient, _ sql: String) async throws -> Int64 {
        try await database.read { db in try await db.raw(SQLQueryString(sql)).first(decoding: Count.self)!.n }
    }

    /// Each job's execution count, from the audit entries the noop handler writes in its completing transaction.
    static func executionsPerJob(_ database: any DatabaseClient) async throws -> [String: Int] {
        struct Row: Decodable { let metadata: String }
        let rows = try await database.read { db in
            try await db.raw(#"SELECT "metadata" FROM "auditLog" WHERE "action" = 'job.noop'"#).all(decoding: Row.self)
        }
        var counts: [String: Int] = [:]
        for row in rows {
            let metadata = try JSONDecoder().decode([String: String].self, from: Data(row.metadata.utf8))
            counts[metadata["jobId"]!, default: 0] += 1
        }
        return counts
    }
}

@Suite("Workers in process")
struct WorkerTests {
    @Test(arguments: [TestDatabases.Kind.sqliteFile, .postgres])
    func everyJobRunsExactlyOnce(_ kind: TestDatabases.Kind) async throws {
        guard kind != .postgres || TestDatabases.hasPostgres else { return }
        try await TestDatabases.with(kind) { database in
            let queue = JobQueue(database: database)
            for _ in 0..<300 { try await queue.enqueue(JobRequest(kind: TestJobKinds.noop)) }
            let workers = (0..<2).map { _ in Worker(queue: queue, handlers: WorkerHarness.handlers, configuration: WorkerHarness.configuration(), logger: WorkerHarness.logger) }
            let done = try await WorkerHarness.running(workers) {
                try await WorkerHarness.waitUntil { try await queue.counts()["completed"]?[TestJobKinds.noop] == 300 }
            }
            #expect(done)
            let executions = try await WorkerHarness.executionsPerJob(database)
            #expect(executions.count == 300 && executions.values.allSatisfy { $0 == 1 })
            #expect(try await WorkerHarness.count(database, #"SELECT COUNT(*) AS "n" FROM "worker""#) == 0, "workers unregister on shutdown")
        }
    }

    @Test(arguments: [TestDatabases.Kind.sqliteFile, .postgres])
    func pausedHeartbeatsLoseTheJobAndCancelTheHandler(_ kind: TestDatabases.Kind) async throws {
        guard kind != .postgres || TestDatabases.hasPostgres else { return }
        try await TestDatabases.with(kind) { database in
            let queue = JobQueue(database: database)
            // Concurrency 1: while its handler still runs, the slow worker cannot re-claim the rescued job itself.
            var slowConfiguration = WorkerHarness.configuration(lease: .milliseconds(600), stalled: .seconds(3_600))
            slowConfiguration.concurrency = 1
            let slow = Worker(queue: queue, handlers: WorkerHarness.handlers, configuration: slowConfiguration, logger: WorkerHarness.logger, id: "slow")
            // The first attempt sleeps 60 s: the slow worker's copy must end long before that (cancelled), not by finishing.
            let job = try await queue.enqueue(JobRequest(kind: WorkerHarness.slowFirstAttempt))
            try await WorkerHarness.running([slow]) {
                let waited1 = try await WorkerHarness.waitUntil { slow.running == 1 }
                #expect(waited1)
                let handlerStarted = ContinuousClock.now
                slow.pauseHeartbeats(true)
                // Another worker rescues the expired lease and runs the job to completion.
                let rescuer = Worker(queue: queue, handlers: WorkerHarness.handlers, configuration: WorkerHarness.configuration(lease: .seconds(30), stalled: .milliseconds(200)), logger: WorkerHarness.logger, id: "rescuer")
                try await WorkerHarness.running([rescuer]) {
                    // Rescued: its second attempt, which (sleeping 0 s) may already have completed and given up its lease.
                    let waited2 = try await WorkerHarness.waitUntil { try await (queue.job(job.id)?.attempt ?? 0) >= 2 }
                    #expect(waited2)
                    // The first worker's next heartbeat (every 200 ms) finds the lease gone and cancels its handler.
                    slow.pauseHeartbeats(false)
                    let waited3 = try await WorkerHarness.waitUntil(timeout: .seconds(30)) { slow.running == 0 }
                    #expect(waited3)
                    // Stopped long before its 60 s sleep could have ended by itself: cancelled.
                    #expect(ContinuousClock.now - handlerStarted < .seconds(45))
                    let waited4 = try await WorkerHarness.waitUntil { try await queue.job(job.id)?.state == "completed" }
                    #expect(waited4)
                }
            }
            let row = try #require(try await queue.job(job.id))
            #expect(row.attempt == 2 && row.stallCount == 1)
            #expect(try await WorkerHarness.executionsPerJob(database)["\(job.id)"] == 1)
        }
    }

    @Test func gracefulShutdownDrainsRunningJobs() async throws {
        try await TestDatabases.with(.sqliteFile) { database in
            let queue = JobQueue(database: database)
            let job = try await queue.enqueue(JobRequest(kind: TestJobKinds.sleep, payload: #"{"ms": 700}"#))
            let worker = Worker(queue: queue, handlers: WorkerHarness.handlers, configuration: WorkerHarness.configuration(), logger: WorkerHarness.logger)
            try await WorkerHarness.running([worker]) {
                let waited5 = try await WorkerHarness.waitUntil { worker.running == 1 }
                #expect(waited5)
            }
            // Shutdown began while the job ran: it finished, and nothing new was claimed.
            #expect(try await queue.job(job.id)?.state == "completed")
        }
    }

    @Test func shutdownTimeoutReleasesUnfinishedJobs() async throws {
        try await TestDatabases.with(.sqliteFile) { database in
            let queue = JobQueue(database: database)
            let job = try await queue.enqueue(JobRequest(kind: TestJobKinds.sleep, payload: #"{"ms": 60000}"#))
            let records = LogRecords()
            let worker = Worker(queue: queue, handlers: WorkerHarness.handlers, configuration: WorkerHarness.configuration(shutdown: .milliseconds(300)), logger: records.logger(level: .info))
            try await WorkerHarness.running([worker]) {
                let waited6 = try await WorkerHarness.waitUntil { worker.running == 1 }
                #expect(waited6)
            }
            let row = try #require(try await queue.job(job.id))
            #expect(row.state == "available" && row.attempt == 0 && row.leaseToken == nil)
            #expect(row.lastError == nil, "an interrupted job has not failed")
            // What the operator reads: what stops, what is waited for and how long, and no warning or error.
            let log = records.all
            #expect(log.contains { $0.message.hasPrefix("Stopping") && $0.metadata["jobs"] == "sleep \(job.id)" && $0.metadata["waitSeconds"] != nil })
            #expect(log.contains { $0.level == .notice && $0.message.hasPrefix("Shutdown timeout") })
            #expect(log.contains { $0.message.hasPrefix("Job interrupted by shutdown") })
            let loud = log.filter { $0.level >= .warning }
            #expect(loud.isEmpty, "\(loud.map { "\($0.level) \($0.message) \($0.metadata)" })")
        }
    }

    /// A score before the first fetch waits for it: back in the queue later, its attempt not counted, no error.
    @Test func aScoreBeforeTheFirstFetchIsDeferredNotFailed() async throws {
        try await TestDatabases.with(.sqliteFile) { database in
            let queue = JobQueue(database: database)
            let job = try await queue.enqueue(JobRequest(kind: JobKinds.score))
            let before = try await database.read { db in try await queue.currentMillis(on: db) }
            let records = LogRecords()
            let handlers: [String: any JobHandler] = [JobKinds.score: ScoreJobHandler()]
            let worker = Worker(queue: queue, handlers: handlers, configuration: WorkerHarness.configuration(), logger: records.logger(level: .info))
            try await WorkerHarness.running([worker]) {
                let deferred = try await WorkerHarness.waitUntil { records.all.contains { $0.message == "Job deferred" } }
                #expect(deferred)
            }
            let row = try #require(try await queue.job(job.id))
            #expect(row.state == "available" && row.attempt == 0 && row.lastError == nil, "\(row)")
            // Released at some moment after `before`, due the wait after it.
            #expect(row.runAt >= before + Int64(ScoreJobHandler.firstFetchWait.seconds * 1000), "it waits before looking again")
            #expect(records.all.filter { $0.level >= .warning }.isEmpty)
            #expect(records.all.first { $0.message == "Job deferred" }?.metadata["reason"] == "no fetch has completed yet")
        }
    }

    @Test(.enabled(if: TestDatabases.hasPostgres, "set SOLSTAKE_TEST_POSTGRES_URL"))
    func notifyWakesAnIdleWorkerOnPostgres() async throws {
        try await TestDatabases.with(.postgres) { database in
            let queue = JobQueue(database: database)
            // A poll interval far longer than the test: only the NOTIFY sent by enqueue can wake the worker in time.
            let worker = Worker(queue: queue, handlers: WorkerHarness.handlers, configuration: WorkerHarness.configuration(poll: .seconds(120)), logger: WorkerHarness.logger)
            try await WorkerHarness.running([worker]) {
                // The worker's first (empty) claim and its LISTEN: 500 ms was once too short under the full suite's load.
                try await Task.sleep(for: .seconds(3))
                let job = try await queue.enqueue(JobRequest(kind: TestJobKinds.noop))
                let woke = try await WorkerHarness.waitUntil(timeout: .seconds(30)) { try await queue.job(job.id)?.state == "completed" }
                #expect(woke)
            }
        }
    }

    @Test func failingHandlersRetryWithBackoffThenFail() async throws {
        struct Failing: JobHandler {
            func run(_ context: JobContext) async throws { throw CocoaError(.featureUnsupported) }
        }
        try await TestDatabases.with(.sqliteMemory) { database in
            let queue = JobQueue(database: database)
            let job = try await queue.enqueue(JobRequest(kind: "failing", maxAttempts: 3))
            let worker = Worker(queue: queue, handlers: ["failing": Failing()], configuration: WorkerHarness.configuration(), logger: WorkerHarness.logger)
            try await WorkerHarness.running([worker]) {
                let waited7 = try await WorkerHarness.waitUntil { try await queue.job(job.id)?.state == "failed" }
                #expect(waited7)
            }
            let row = try #require(try await queue.job(job.id))
            #expect(row.attempt == 3 && row.attemptErrors.count == 3 && row.attemptErrors.allSatisfy { $0.kind == "error" })
        }
    }
}
