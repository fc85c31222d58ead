import Testing
import TestSupport

@Suite("Job queue on SQLite")
struct SQLiteQueueTests {
    @Test func enqueueClaimComplete() async throws { try await TestDatabases.with(.sqliteFile) { try await QueueContract.enqueueClaimComplete($0) } }
    @Test func dedupeKeepsOneLiveJob() async throws { try await TestDatabases.with(.sqliteFile) { try await QueueContract.dedupeKeepsOneLiveJob($0) } }
    @Test func staleAttemptsCannotFinishOrRenew() async throws { try await TestDatabases.with(.sqliteFile) { try await QueueContract.staleAttemptsCannotFinishOrRenew($0) } }
    @Test func rescueRacingCompletion() async throws { try await TestDatabases.with(.sqliteFile) { try await QueueContract.rescueRacingCompletionKeepsItCompleted($0) } }
    @Test func backoffAndMaxAttempts() async throws { try await TestDatabases.with(.sqliteFile) { try await QueueContract.backoffAndMaxAttempts($0) } }
    @Test func tooManyStallsFail() async throws { try await TestDatabases.with(.sqliteFile) { try await QueueContract.tooManyStallsFail($0) } }
    @Test func racingSchedulers() async throws { try await TestDatabases.with(.sqliteFile) { try await QueueContract.racingSchedulersEnqueueOncePerSlot($0) } }
    @Test func retention() async throws { try await TestDatabases.with(.sqliteFile) { try await QueueContract.retentionNeverDeletesLiveJobs($0) } }
    @Test func cancel() async throws { try await TestDatabases.with(.sqliteFile) { try await QueueContract.cancellingARunningJobRevokesItsLease($0) } }
    @Test func transactionalEnqueue() async throws { try await TestDatabases.with(.sqliteFile) { try await QueueContract.transactionalEnqueueRollsBack($0) } }
    @Test func deadWorkersAreReaped() async throws { try await TestDatabases.with(.sqliteFile) { try await QueueContract.deadWorkersAreShownGoneThenReaped($0) } }
}

@Suite("Job queue on PostgreSQL", .enabled(if: TestDatabases.hasPostgres, "set SOLSTAKE_TEST_POSTGRES_URL"))
struct PostgresQueueTests {
    @Test func enqueueClaimComplete() async throws { try await TestDatabases.with(.postgres) { try await QueueContract.enqueueClaimComplete($0) } }
    @Test func dedupeKeepsOneLiveJob() async throws { try await TestDatabases.with(.postgres) { try await QueueContract.dedupeKeepsOneLiveJob($0) } }
    @Test func staleAttemptsCannotFinishOrRenew() async throws { try await TestDatabases.with(.postgres) { try await QueueContract.staleAttemptsCannotFinishOrRenew($0) } }
    @Test func rescueRacingCompletion() async throws { try await TestDatabases.with(.postgres) { try await QueueContract.rescueRacingCompletionKeepsItCompleted($0) } }
    @Test func backoffAndMaxAttempts() async throws { try await TestDatabases.with(.postgres) { try await QueueContract.backoffAndMaxAttempts($0) } }
    @Test func tooManyStallsFail() async throws { try await TestDatabases.with(.postgres) { try await QueueContract.tooManyStallsFail($0) } }
    @Test func racingSchedulers() async throws { try await TestDatabases.with(.postgres) { try await QueueContract.racingSchedulersEnqueueOncePerSlot($0) } }
    @Test func retention() async throws { try await TestDatabases.with(.postgres) { try await QueueContract.retentionNeverDeletesLiveJobs($0) } }
    @Test func cancel() async throws { try await TestDatabases.with(.postgres) { try await QueueContract.cancellingARunningJobRevokesItsLease($0) } }
    @Test func transactionalEnqueue() async throws { try await TestDatabases.with(.postgres) { try await QueueContract.transactionalEnqueueRollsBack($0) } }
    @Test func deadWorkersAreReaped() async throws { try await TestDatabases.with(.postgres) { try await QueueContract.deadWorkersAreShownGoneThenReaped($0) } }
}
