import Foundation
import Logging
import SolStakeJobs
import SolStakeStore
import Testing
import TestJobKinds
import TestSupport

/// Real worker processes sharing one database: `solstake-test worker`, solstake's worker with the test job kinds.
enum WorkerProcesses {
    /// The `solstake-test` executable built beside the test bundle.
    static var executable: URL? { SolStakeBinary.withTestJobs }

    static func start(database: String, arguments: [String] = []) throws -> ChildProcess {
        try SolStakeBinary.start(["worker", "--database-url", database, "--log-level", "warning", "--log-format", "text",
                                  "--poll-ms", "50", "--solana-rpc-url", "http://127.0.0.1:1"] + arguments, testJobs: true)
    }

    /// SIGTERM to each, then waits (SIGKILL past the grace): a worker that does not drain fails the test, never hangs it.
    static func stop(_ processes: [ChildProcess]) async {
        for p in processes { p.kill(SIGTERM) }
        for p in processes {
            let status = await p.stop(grace: .seconds(30))
            #expect(status != nil, "`\(p.command)` did not exit after SIGTERM and SIGKILL")
        }
    }

    /// Runs `body`, then stops the processes whether it returned or threw.
    static func running<T>(_ processes: [ChildProcess], _ body: () async throws -> T) async throws -> T {
        do {
            let result = try await body()
            await stop(processes)
            return result
        } catch {
            await stop(processes)
            throw error
        }
    }

    enum HarnessError: Error { case missingExecutable }

    static func url(_ database: any DatabaseClient, sqlitePath: String?) -> String {
        if let sqlitePath { return "sqlite://\(sqlitePath)" }
        return TestDatabases.commandLineURL(database.location)
    }

    static func manyWorkersRunEveryJobOnce(_ database: any DatabaseClient, url: String) async throws {
        let queue = JobQueue(database: database)
        try await database.transaction { db in
            for _ in 0..<5_000 { _ = try await queue.enqueue(JobRequest(kind: TestJobKinds.noop), on: db) }
        }
        let workers = try (0..<4).map { _ in try start(database: url, arguments: ["--no-scheduler"]) }
        let finished = try await running(workers) {
            try await WorkerHarness.waitUntil(timeout: .seconds(300)) { try await queue.counts()["completed"]?[TestJobKinds.noop] == 5_000 }
        }
        #expect(finished)
        let executions = try await WorkerHarness.executionsPerJob(database)
        #expect(executions.count == 5_000, "none lost")
        #expect(executions.values.allSatisfy { $0 == 1 }, "none ran twice")
        struct Owner: Decodable { let actorId: String? }
        let owners = try await database.read { db in
            try await db.raw(#"SELECT DISTINCT "actorId" FROM "auditLog" WHERE "action" = 'job.noop'"#).all(decoding: Owner.self)
        }
        #expect(owners.count == 4, "all four processes took part")
    }

    static func killedWorkerIsRescued(_ database: any DatabaseClient, url: String) async throws {
        let queue = JobQueue(database: database)
        let job = try await queue.enqueue(JobRequest(kind: TestJobKinds.sleep, payload: #"{"ms": 3000}"#))
        let victim = try start(database: url, arguments: ["--lease-seconds", "2", "--stalled-interval-seconds", "1", "--no-scheduler"])
        let firstLease = try await running([victim]) {
            let claimed = try await WorkerHarness.waitUntil { try await queue.job(job.id)?.state == "running" }
            #expect(claimed)
            let lease = try #require(try await queue.job(job.id)?.lease)
            victim.kill(SIGKILL)
            return lease
        }
        #expect(await victim.exited(within: .seconds(30)) != nil, "SIGKILL ends the worker")
        let survivor = try start(database: url, arguments: ["--lease-seconds", "2", "--stalled-interval-seconds", "1", "--no-scheduler"])
        let completed = try await running([survivor]) {
            try await WorkerHarness.waitUntil(timeout: .seconds(60)) { try await queue.job(job.id)?.state == "completed" }
        }
        #expect(completed)
        let row = try #require(try await queue.job(job.id))
        #expect(row.attempt == 2 && row.stallCount == 1)
        #expect(try await WorkerHarness.executionsPerJob(database)["\(job.id)"] == 1, "completed once")
        // The killed attempt's late completion and heartbeat are rejected: 0 rows.
        #expect(try await !queue.complete(firstLease))
        #expect(try await !queue.heartbeat(firstLease, extendBy: .seconds(30)))
    }

    static func sigtermDrains(_ database: any DatabaseClient, url: String) async throws {
        let queue = JobQueue(database: database)
        let job = try await queue.enqueue(JobRequest(kind: TestJobKinds.sleep, payload: #"{"ms": 1500}"#))
        let worker = try start(database: url, arguments: ["--no-scheduler"])
        let claimed: Bool
        do { claimed = try await WorkerHarness.waitUntil { try await queue.job(job.id)?.state == "running" } } catch {
            await stop([worker])
            throw error
        }
        #expect(claimed)
        #expect(await worker.stop(grace: .seconds(30)) == 0, "SIGTERM drains and exits 0")
        #expect(try await queue.job(job.id)?.state == "completed", "the running job finished before the process exited")
    }
}

@Suite("Worker processes on SQLite", .serialized)
struct SQLiteWorkerProcessTests {
    func withFile(_ body: @Sendable (any DatabaseClient, String) async throws -> Void) async throws {
        try await TestDatabases.withTemporaryDirectory { dir in
            let path = dir.appendingPathComponent("queue.sqlite").path
            try await DatabaseFactory.withDatabase(.sqliteFile(path: path), logger: WorkerHarness.logger) { database in
                try await Migrator(database: database, logger: WorkerHarness.logger).migrate()
                try await body(database, "sqlite://\(path)")
            }
        }
    }

    @Test func fourProcessesRun5000JobsEachOnce() async throws {
        try await withFile { try await WorkerProcesses.manyWorkersRunEveryJobOnce($0, url: $1) }
    }

    @Test func sigkilledWorkerIsRescued() async throws {
        try await withFile { try await WorkerProcesses.killedWorkerIsRescued($0, url: $1) }
    }

    @Test func sigtermDrains() async throws {
        try await withFile { try await WorkerProcesses.sigtermDrains($0, url: $1) }
    }
}

@Suite("Worker processes on PostgreSQL", .serialized, .enabled(if: TestDatabases.hasPostgres, "set SOLSTAKE_TEST_POSTGRES_URL"))
struct PostgresWorkerProcessTests {
    func withDatabase(_ body: @Sendable (any DatabaseClient, String) async throws -> Void) async throws {
        try await TestDatabases.withFreshPostgres { url in
            guard case .postgres(let location) = url else { return }
            try await DatabaseFactory.withDatabase(url, logger: WorkerHarness.logger) { database in
                try await Migrator(database: database, logger: WorkerHarness.logger).migrate()
                let text = "postgres://\(location.username)\(location.password.map { ":\($0)" } ?? "")@\(location.host):\(location.port)/\(location.database)"
                try await body(database, text)
            }
        }
    }

    @Test func fourProcessesRun5000JobsEachOnce() async throws {
        try await withDatabase { try await WorkerProcesses.manyWorkersRunEveryJobOnce($0, url: $1) }
    }

    @Test func sigkilledWorkerIsRescued() async throws {
        try await withDatabase { try await WorkerProcesses.killedWorkerIsRescued($0, url: $1) }
    }

    @Test func sigtermDrains() async throws {
        try await withDatabase { try await WorkerProcesses.sigtermDrains($0, url: $1) }
    }
}

@Suite("metrics CLI exit codes")
struct MetricsCLITests {
    func run(_ arguments: [String]) async throws -> (status: Int32, output: String) {
        let run = try await SolStakeBinary.run(arguments + ["--log-level", "critical"], timeout: .seconds(120))
        return (run.status, run.out)
    }

    @Test func healthExitsZeroOneOrTwo() async throws {
        try await TestDatabases.withTemporaryDirectory { dir in
            let path = dir.appendingPathComponent("m.sqlite").path
            // A migrated database with nothing fetched and no worker: degraded, exit 1.
            let migrate = try await run(["migrate", "--database-url", "sqlite://\(path)"])
            #expect(migrate.status == 0)
            let degraded = try await run(["metrics", "health", "--database-url", "sqlite://\(path)"])
            #expect(degraded.status == 1 && degraded.output.contains("status: degraded"))
            // A database that does not answer: unhealthy, exit 2.
            let down = try await run(["metrics", "health", "--database-url", "postgres://nobody@127.0.0.1:1/none"])
            #expect(down.status == 2 && down.output.contains("status: unhealthy"))
            // The exposition and the summary work without a server.
            let exposition = try await run(["metrics", "prometheus", "--database-url", "sqlite://\(path)"])
            #expect(exposition.status == 0 && exposition.output.contains("solstake_database_up 1"))
            let summary = try await run(["metrics", "summary", "--database-url", "sqlite://\(path)"])
            #expect(summary.status == 0 && summary.output.contains("business"))
        }
    }
}
