import Testing
import TestSupport

@Suite("Real history replayed through fetch and score", .enabled(if: Fixtures.available, "set SOLSTAKE_MAINNET_FIXTURES"))
struct HistoryReplayTests {
    @Test func onSQLite() async throws {
        try await TestDatabases.with(.sqliteFile) { try await HistoryReplayContract.replayMatchesTheFile($0) }
    }

    @Test(.enabled(if: TestDatabases.hasPostgres, "set SOLSTAKE_TEST_POSTGRES_URL"))
    func onPostgres() async throws {
        try await TestDatabases.with(.postgres) { try await HistoryReplayContract.replayMatchesTheFile($0) }
    }
}
