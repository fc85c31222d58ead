import Foundation
import SolStakeStore
import Testing
import TestSupport

@Suite("Storage on SQLite (memory)")
struct SQLiteMemoryStoreTests {
    @Test(arguments: StoreContract.everywhere) func contract(_ test: ContractCase) async throws { try await test.run(on: .sqliteMemory) }
}

@Suite("Storage on SQLite (file)")
struct SQLiteFileStoreTests {
    @Test(arguments: StoreContract.everywhere + StoreContract.snapshots)
    func contract(_ test: ContractCase) async throws { try await test.run(on: .sqliteFile) }

    @Test func usesWriteAheadLogging() async throws {
        try await TestDatabases.with(.sqliteFile) { database in
            struct Mode: Decodable { let journal_mode: String }
            let mode = try await database.read { db in try await db.raw("PRAGMA journal_mode").first(decoding: Mode.self) }
            #expect(mode?.journal_mode == "wal")
        }
    }

    /// A large commit leaves its pages in the WAL (SQLite's default would have copied them into the database inside the
    /// commit, past 1,000 pages); `idle()` copies them, and a second `idle()` with nothing new leaves the file as it is.
    @Test func checkpointsWhenIdleNotInsideCommits() async throws {
        try await TestDatabases.with(.sqliteFile) { database in
            let path = String(database.location.dropFirst("sqlite://".count))
            func size(_ file: String) -> Int { ((try? FileManager.default.attributesOfItem(atPath: file))?[.size] as? Int) ?? 0 }
            await database.idle()
            let before = size(path)
            // ~24 MB in one commit: past the default threshold (1,000 pages of 16 KiB), below the backstop.
            try await database.transaction { db in
                try await db.raw("""
                    WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3000)
                    INSERT INTO "auditLog" ("action", "metadata", "createdAt") SELECT 'test.filler', hex(randomblob(4000)), i FROM n
                    """).run()
            }
            #expect(size(path) - before < 1 << 20)
            #expect(size(path + "-wal") > 20 << 20)
            await database.idle()
            let after = size(path)
            #expect(after - before > 20 << 20)
            await database.idle()
            #expect(size(path) == after)
            struct Count: Decodable { let n: Int }
            let rows = try await database.read { db in
                try await db.raw(#"SELECT COUNT(*) AS "n" FROM "auditLog" WHERE "action" = 'test.filler'"#).first(decoding: Count.self)
            }
            #expect(rows?.n == 3_000)
        }
    }
}

@Suite("Storage on PostgreSQL", .enabled(if: TestDatabases.hasPostgres, "set SOLSTAKE_TEST_POSTGRES_URL"))
struct PostgresStoreTests {
    @Test(arguments: StoreContract.everywhere + StoreContract.snapshots)
    func contract(_ test: ContractCase) async throws { try await test.run(on: .postgres) }

    @Test func rewrittenTablesLeaveRoomForInPlaceUpdates() async throws {
        try await TestDatabases.with(.postgres) { database in
            struct Options: Decodable { let relname: String; let options: String? }
            let rows = try await database.read { db in
                try await db.raw(#"SELECT relname, reloptions::text AS "options" FROM pg_class WHERE relname IN ('validator', 'validatorEpochStat') ORDER BY relname"#)
                    .all(decoding: Options.self)
            }
            #expect(rows.map(\.relname) == ["validator", "validatorEpochStat"])
            #expect(rows.map(\.options) == ["{fillfactor=50}", "{fillfactor=90}"])
        }
    }

    @Test func identifiersCompareByteByByte() async throws {
        try await TestDatabases.with(.postgres) { database in
            struct Column: Decodable { let table_name: String; let column_name: String; let collation_name: String? }
            let columns = try await database.read { db in
                try await db.raw("""
                    SELECT table_name, column_name, collation_name FROM information_schema.columns
                    WHERE table_schema = current_schema() AND column_name IN ('voteAccount', 'validatorPubkey', 'fetchId', 'jobId', 'walletPubkey', 'pubkey', 'name')
                    ORDER BY table_name, column_name
                    """).all(decoding: Column.self)
            }
            let byName = Dictionary(uniqueKeysWithValues: columns.map { ("\($0.table_name).\($0.column_name)", $0.collation_name) })
            for key in ["validator.voteAccount", "validator.validatorPubkey", "validatorObservation.fetchId", "fetchRun.jobId",
                "scoringRun.jobId", "user.walletPubkey", "stakeAccount.pubkey", "stakeAccount.voteAccount"] {
                #expect(byName[key] == .some("C"), "\(key)")
            }
            #expect(byName["validator.name"] == .some(nil))  // names keep the server's collation
        }
    }

    @Test func concurrentMigratesTakeTurns() async throws {
        try await TestDatabases.withFreshPostgres { url in
            let applied = try await withThrowingTaskGroup(of: [String].self) { group in
                for _ in 0..<4 {
                    group.addTask {
                        try await DatabaseFactory.withDatabase(url, logger: TestDatabases.logger) {
                            try await Migrator(database: $0, logger: TestDatabases.logger).migrate()
                        }
                    }
                }
                return try await group.reduce(into: []) { $0 += $1 }
            }
            #expect(applied.sorted() == Schema.migrations.map(\.id).sorted())
        }
    }
}

@Suite("Largest real stake round-trips", .enabled(if: Fixtures.available, "set SOLSTAKE_MAINNET_FIXTURES"))
struct LargestStakeTests {
    /// The largest `activatedStake` in the epoch-752 vote accounts, read from the JSON text (not through a decoder).
    static func largestStake() throws -> UInt64 {
        let text = String(decoding: try Fixtures.mainnet!.data("getVoteAccounts_mainnet_epoch752_slot325058116_2025-03-07.json.gz"), as: UTF8.self)
        let regex = try Regex(#""activatedStake":\s*(\d+)"#)
        let values = text.matches(of: regex).compactMap { UInt64(String($0.output[1].substring!)) }
        #expect(values.count == 1_351)
        return values.max()!
    }

    @Test(arguments: [TestDatabases.Kind.sqliteMemory, .sqliteFile])
    func onSQLite(_ kind: TestDatabases.Kind) async throws {
        let stake = try Self.largestStake()
        #expect(stake > 1 << 53, "the largest stake exceeds a Double's exact range, as the brief says")
        try await TestDatabases.with(kind) { try await StoreContract.largeStakeRoundTripsExactly($0, stake: stake) }
    }

    @Test(.enabled(if: TestDatabases.hasPostgres, "set SOLSTAKE_TEST_POSTGRES_URL"))
    func onPostgres() async throws {
        let stake = try Self.largestStake()
        try await TestDatabases.with(.postgres) { try await StoreContract.largeStakeRoundTripsExactly($0, stake: stake) }
    }
}
