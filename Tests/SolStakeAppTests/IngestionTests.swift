import Testing
import TestSupport

@Suite("Ingestion and scoring on SQLite")
struct SQLiteIngestionTests {
    static let cases: [ContractCase] = [
        ContractCase("retriedJobsWriteOnce") { try await IngestionContract.retriedJobsWriteOnce($0) },
        ContractCase("failedFetchWritesNothing") { try await IngestionContract.failedFetchWritesNothing($0) },
        ContractCase("historyAcrossEpochs") { try await IngestionContract.historyAcrossEpochs($0) },
    ]

    @Test(arguments: cases) func contract(_ test: ContractCase) async throws { try await test.run(on: .sqliteMemory) }

    @Test(.enabled(if: Fixtures.available, "set SOLSTAKE_MAINNET_FIXTURES"))
    func realEpoch752Snapshot() async throws {
        try await TestDatabases.with(.sqliteFile) { try await IngestionContract.realSnapshot($0) }
    }
}

@Suite("Ingestion and scoring on PostgreSQL", .enabled(if: TestDatabases.hasPostgres, "set SOLSTAKE_TEST_POSTGRES_URL"))
struct PostgresIngestionTests {
    @Test(arguments: SQLiteIngestionTests.cases) func contract(_ test: ContractCase) async throws { try await test.run(on: .postgres) }

    @Test(.enabled(if: Fixtures.available, "set SOLSTAKE_MAINNET_FIXTURES"))
    func realEpoch752Snapshot() async throws {
        try await TestDatabases.with(.postgres) { try await IngestionContract.realSnapshot($0) }
    }
}
