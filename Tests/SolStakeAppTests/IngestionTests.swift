import Testing
import TestSupport

@Suite("Ingestion and scoring on SQLite")
struct SQLiteIngestionTests {
    @Test(.enabled(if: Fixtures.available, "set SOLSTAKE_MAINNET_FIXTURES"))
    func realEpoch752Snapshot() async throws {
        try await TestDatabases.with(.sqliteFile) { try await IngestionContract.realSnapshot($0) }
    }

    @Test func retriedJobsWriteOnce() async throws {
        try await TestDatabases.with(.sqliteMemory) { try await IngestionContract.retriedJobsWriteOnce($0) }
    }

    @Test func failedFetchWritesNothing() async throws {
        try await TestDatabases.with(.sqliteMemory) { try await IngestionContract.failedFetchWritesNothing($0) }
    }

    @Test func historyAcrossEpochs() async throws {
        try await TestDatabases.with(.sqliteMemory) { try await IngestionContract.historyAcrossEpochs($0) }
    }
}

@Suite("Ingestion and scoring on PostgreSQL", .enabled(if: TestDatabases.hasPostgres, "set SOLSTAKE_TEST_POSTGRES_URL"))
struct PostgresIngestionTests {
    @Test(.enabled(if: Fixtures.available, "set SOLSTAKE_MAINNET_FIXTURES"))
    func realEpoch752Snapshot() async throws {
        try await TestDatabases.with(.postgres) { try await IngestionContract.realSnapshot($0) }
    }

    @Test func retriedJobsWriteOnce() async throws {
        try await TestDatabases.with(.postgres) { try await IngestionContract.retriedJobsWriteOnce($0) }
    }

    @Test func failedFetchWritesNothing() async throws {
        try await TestDatabases.with(.postgres) { try await IngestionContract.failedFetchWritesNothing($0) }
    }

    @Test func historyAcrossEpochs() async throws {
        try await TestDatabases.with(.postgres) { try await IngestionContract.historyAcrossEpochs($0) }
    }
}
