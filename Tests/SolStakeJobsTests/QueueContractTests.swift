import Testing
import TestSupport

@Suite("Job queue on SQLite")
struct SQLiteQueueTests {
    @Test(arguments: QueueContract.cases) func contract(_ test: ContractCase) async throws { try await test.run(on: .sqliteFile) }
}

@Suite("Job queue on PostgreSQL", .enabled(if: TestDatabases.hasPostgres, "set SOLSTAKE_TEST_POSTGRES_URL"))
struct PostgresQueueTests {
    @Test(arguments: QueueContract.cases) func contract(_ test: ContractCase) async throws { try await test.run(on: .postgres) }
}
