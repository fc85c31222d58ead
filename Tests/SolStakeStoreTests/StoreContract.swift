import Foundation
import Logging
import SQLKit
import SolStakeCore
import SolStakeStore
import Testing
import TestSupport

/// The storage contract, run unchanged against every database (SQLite in memory, SQLite on disk, PostgreSQL).
enum StoreContract {
    /// The cases every database runs.
    static let everywhere: [ContractCase] = [
        ContractCase("migrationsUpDownUp", migrate: false) { try await migrationsUpDownUp($0) },
        ContractCase("upsertIsIdempotentAndBatched") { try await upsertIsIdempotentAndBatched($0) },
        ContractCase("ingestWritesEveryStatToItsValidator") { try await ingestWritesEveryStatToItsValidator($0) },
        ContractCase("failedTransactionWritesNothing") { try await failedTransactionWritesNothing($0) },
        ContractCase("valuesRoundTripExactly") { try await valuesRoundTripExactly($0) },
        ContractCase("multiStatementWriteFailsWhole") { try await multiStatementWriteFailsWhole($0) },
        ContractCase("foreignKeysAreEnforced") { try await foreignKeysAreEnforced($0) },
    ]

    /// The cases of databases with concurrent readers (not the in-memory SQLite database, which has one connection).
    static let snapshots: [ContractCase] = [
        ContractCase("snapshotReadsDoNotStraddleACommit") { try await snapshotReadsDoNotStraddleACommit($0) },
        ContractCase("concurrentSnapshotReadsDoNotCollide") { try await concurrentSnapshotReadsDoNotCollide($0) },
    ]

    static let allTables = ["validator", "validatorEpochStat", "validatorObservation", "scoringRun", "trustScore", "user", "stakeAccount", "auditLog", "fetchRun", "job", "jobSchedule", "worker"]

    static func tableExists(_ name: String, in database: any DatabaseClient) async throws -> Bool {
        do {
            _ = try await database.read { db in try await db.raw("SELECT COUNT(*) AS n FROM \(ident: name)").all() }
            return true
        } catch {
            return false
        }
    }

    static func migrationsUpDownUp(_ database: any DatabaseClient) async throws {
        let migrator = Migrator(database: database, logger: TestDatabases.logger)
        let before = try await migrator.status()
        #expect(before.applied.isEmpty)
        #expect(before.pending == Schema.migrations.map(\.id))

        let applied = try await migrator.migrate()
        #expect(applied == Schema.migrations.map(\.id))
        for table in allTables { #expect(try await tableExists(table, in: database), "\(table) after migrate") }

        // A second migrate is a no-op.
        #expect(try await migrator.migrate().isEmpty)
        #expect(try await migrator.status().pending.isEmpty)

        // Down, one at a time, to nothing.
        for expected in Schema.migrations.map(\.id).reversed() {
            #expect(try await migrator.revertLast() == expected)
        }
        for table in allTables { #expect(try await !tableExists(table, in: database), "\(table) after revert") }
        await #expect(throws: DatabaseError.self) { try await migrator.revertLast() }

        // And up again.
        #expect(try await migrator.migrate() == Schema.migrations.map(\.id))
        try await migrator.requireUpToDate()
    }

    static func syntheticValidators(_ count: Int, epochs: ClosedRange<UInt64>) -> ([ValidatorSnapshot], [EpochStatSnapshot]) {
        var validators: [ValidatorSnapshot] = []
        var stats: [EpochStatSnapshot] = []
        for i in 0..<count {
            let vote = "Vote\(String(format: "%06d", i))"
            validators.append(ValidatorSnapshot(
                voteAccount: vote, identity: "Node\(i % (count - 1 > 0 ? count - 1 : 1))", name: i % 3 == 0 ? nil : "Validator \(i)",
                website: "https://v\(i).example", commission: [0, 5, 10, 100][i % 4], activatedStake: UInt64(i) * 1_000_000_007,
                lastVote: 325_058_000 + UInt64(i), rootSlot: 325_057_900, delinquent: i % 50 == 0, version: "2.1.\(i % 5)",
                gossipIp: "10.0.\(i / 256 % 256).\(i % 256)", skipRate: Double(i % 7) / 100, firstSeenEpoch: epochs.lowerBound))
            for epoch in epochs {
                stats.append(EpochStatSnapshot(
                    voteAccount: vote, epoch: epoch, credits: 6_800_000 + UInt64(i), creditCeiling: nil,
                    commission: [0, 5, 10, 100][i % 4], activatedStake: UInt64(i) * 1_000_000_007))
            }
        }
        return (validators, stats)
    }

    struct Counts: Decodable, Equatable {
        let validators: Int64
        let stats: Int64
        let maxUpdated: Int64
    }

    static func counts(_ database: any DatabaseClient) async throws -> Counts {
        try await database.read { db in
            try await db.raw("""
                SELECT (SELECT COUNT(*) FROM "validator") AS "validators",
                       (SELECT COUNT(*) FROM "validatorEpochStat") AS "stats",
                       (SELECT COALESCE(MAX("updatedAt"), 0) FROM "validator") + (SELECT COALESCE(MAX("updatedAt"), 0) FROM "validatorEpochStat") AS "maxUpdated"
                """).first(decoding: Counts.self)!
        }
    }

    static func upsertIsIdempotentAndBatched(_ database: any DatabaseClient) async throws {
        let (validators, stats) = syntheticValidators(2_500, epochs: 748...752)
        let first = try await database.statements.measure {
            try await database.transaction { db in
                try await ValidatorWriter.upsert(validators: validators, stats: stats, nowMillis: 1_000, on: db)
            }
        }
        // Up to 10,000 rows per statement (one JSON bind each): 2,500 validators -> 1 statement; 1 id lookup; 12,500 stats
        // -> 2 statements; plus BEGIN and COMMIT.
        #expect(first.statements == 6)
        #expect(first.result.ids.count == 2_500)
        let afterFirst = try await counts(database)
        #expect(afterFirst == Counts(validators: 2_500, stats: 12_500, maxUpdated: 2_000))

        // The same data again, later: no new rows, no changed updatedAt.
        let second = try await database.transaction { db in
            try await ValidatorWriter.upsert(validators: validators, stats: stats, nowMillis: 5_000, on: db)
        }
        #expect(second.ids == first.result.ids)
        #expect(try await counts(database) == afterFirst)

        // One change touches exactly one row.
        var changed = validators
        changed[7].commission = 8
        _ = try await database.transaction { db in
            try await ValidatorWriter.upsert(validators: changed, stats: [], nowMillis: 9_000, on: db)
        }
        struct Touched: Decodable { let voteAccount: String; let commission: Int? }
        let touched = try await database.read { db in
            try await db.raw(#"SELECT "voteAccount", "commission" FROM "validator" WHERE "updatedAt" = 9000"#).all(decoding: Touched.self)
        }
        #expect(touched.map(\.voteAccount) == [validators[7].voteAccount])
        #expect(touched.first?.commission == 8)

        // A later fetch that does not know a stat (null) keeps the stored value; a known one updates it.
        var partial = stats[0]
        partial.credits = nil
        partial.blocksProduced = 321
        _ = try await database.transaction { db in
            try await ValidatorWriter.upsert(validators: [], stats: [partial], nowMillis: 12_000, on: db)
        }
        struct Stat: Decodable { let credits: Int64?; let blocksProduced: Int64?; let updatedAt: Int64 }
        let stored = try await database.read { db in
            try await db.raw(#"SELECT s."credits", s."blocksProduced", s."updatedAt" FROM "validatorEpochStat" s JOIN "validator" v ON v."id" = s."validatorId" WHERE v."voteAccount" = \#(bind: partial.voteAccount) AND s."epoch" = \#(bind: Int64(partial.epoch))"#)
                .first(decoding: Stat.self)!
        }
        #expect(stored.credits == Int64(stats[0].credits!))
        #expect(stored.blocksProduced == 321)
        #expect(stored.updatedAt == 12_000)
    }

    /// A fetch written in any order lands on the right validators; a stat for a validator stored earlier but not in the
    /// snapshot is written to it; one for a vote account that is neither is refused and the fetch writes nothing.
    static func ingestWritesEveryStatToItsValidator(_ database: any DatabaseClient) async throws {
        let (validators, stats) = syntheticValidators(20, epochs: 750...751)
        _ = try await database.transaction { db in
            try await ValidatorWriter.upsert(validators: Array(validators[0..<10]), stats: [], nowMillis: 1, on: db)
        }
        var generator = SystemRandomNumberGenerator()
        var snapshot = IngestSnapshot(
            epoch: 751, slot: 1, validators: Array(validators[10..<20]).shuffled(using: &generator),
            stats: (Array(stats[20..<40]) + [stats[6]]).shuffled(using: &generator))
        let logger = Logger(label: "test")
        let result = try await database.transaction { db in
            try await IngestWriter.write(snapshot, jobId: "job-a", startedAtMillis: 1, nowMillis: 2, on: db, logger: logger)
        }
        #expect(result.validators == 10 && result.epochStats == 21 && !result.alreadyDone)
        struct Row: Decodable, Equatable { let total: Int64; let matching: Int64 }
        func statRows() async throws -> Row? {
            try await database.read { db in
                try await db.raw("""
                    SELECT COUNT(*) AS "total",
                           COALESCE(SUM(CASE WHEN s."credits" = 6800000 + CAST(substr(v."voteAccount", 5) AS INTEGER) THEN 1 ELSE 0 END), 0) AS "matching"
                    FROM "validatorEpochStat" s JOIN "validator" v ON v."id" = s."validatorId"
                    """).first(decoding: Row.self)
            }
        }
        #expect(try await statRows() == Row(total: 21, matching: 21))
        #expect(try await counts(database).validators == 20)

        snapshot.stats.append(EpochStatSnapshot(voteAccount: "VoteUnknown", epoch: 751))
        await #expect(throws: ValidatorWriteError.self) {
            _ = try await database.transaction { db in
                try await IngestWriter.write(snapshot, jobId: "job-b", startedAtMillis: 3, nowMillis: 4, on: db, logger: logger)
            }
        }
        #expect(try await statRows() == Row(total: 21, matching: 21))
        struct Runs: Decodable { let n: Int64 }
        let runs = try await database.read { db in
            try await db.raw(#"SELECT COUNT(*) AS "n" FROM "fetchRun""#).first(decoding: Runs.self)
        }
        #expect(runs?.n == 1)
    }

    /// Statements in `readSnapshot` see one snapshot: a write committed meanwhile (by another connection) is not seen,
    /// where plain `read` sees it. Not for an in-memory SQLite database, whose reads share the single write connection.
    static func snapshotReadsDoNotStraddleACommit(_ database: any DatabaseClient) async throws {
        let (validators, _) = syntheticValidators(3, epochs: 1...1)
        _ = try await database.transaction { db in
            try await ValidatorWriter.upsert(validators: [validators[0]], stats: [], nowMillis: 1, on: db)
        }
        struct Count: Decodable { let n: Int64 }
        func count(_ db: any SQLDatabase) async throws -> Int64 {
            try await db.raw(#"SELECT COUNT(*) AS "n" FROM "validator""#).first(decoding: Count.self)?.n ?? -1
        }
        /// Counts validators on `db`, commits one more from another connection, counts again.
        func countAroundACommit(_ db: any SQLDatabase, adding validator: ValidatorSnapshot) async throws -> (Int64, Int64) {
            let before = try await count(db)
            _ = try await database.transaction { db in
                try await ValidatorWriter.upsert(validators: [validator], stats: [], nowMillis: 2, on: db)
            }
            return (before, try await count(db))
        }
        let inSnapshot = try await database.readSnapshot { db in try await countAroundACommit(db, adding: validators[1]) }
        #expect(inSnapshot == (1, 1))
        let plain = try await database.read { db in try await countAroundACommit(db, adding: validators[2]) }
        #expect(plain == (2, 3))
    }

    /// Snapshot reads running at the same time as each other and as plain reads all succeed and see committed data
    /// (SQLite's pool shares read connections; a transaction begun on a shared one would collide with the next BEGIN).
    static func concurrentSnapshotReadsDoNotCollide(_ database: any DatabaseClient) async throws {
        let (validators, _) = syntheticValidators(4, epochs: 1...1)
        _ = try await database.transaction { db in
            try await ValidatorWriter.upsert(validators: validators, stats: [], nowMillis: 1, on: db)
        }
        struct Count: Decodable { let n: Int64 }
        @Sendable func count(_ db: any SQLDatabase) async throws -> Int64 {
            try await db.raw(#"SELECT COUNT(*) AS "n" FROM "validator""#).first(decoding: Count.self)?.n ?? -1
        }
        let counts = try await withThrowingTaskGroup(of: [Int64].self) { group in
            for task in 0..<12 {
                group.addTask {
                    if task % 3 == 0 { return [try await database.read { db in try await count(db) }] }
                    return try await database.readSnapshot { db in
                        let first = try await count(db)
                        try await Task.sleep(for: .milliseconds(20))
                        return [first, try await count(db)]
                    }
                }
            }
            return try await group.reduce(into: []) { $0 += $1 }
        }
        #expect(counts.count == 20)
        #expect(counts.allSatisfy { $0 == 4 })
    }

    static func largeStakeRoundTripsExactly(_ database: any DatabaseClient, stake: UInt64) async throws {
        let validator = ValidatorSnapshot(voteAccount: "BigStakeVote", identity: "BigStakeNode", activatedStake: stake)
        _ = try await database.transaction { db in
            try await ValidatorWriter.upsert(validators: [validator], stats: [], nowMillis: 1, on: db)
        }
        struct Row: Decodable { let activatedStake: Int64 }
        let row = try await database.read { db in
            try await db.raw(#"SELECT "activatedStake" FROM "validator" WHERE "voteAccount" = 'BigStakeVote'"#).first(decoding: Row.self)!
        }
        #expect(try Lamports.fromStored(row.activatedStake, field: "activatedStake") == stake)

        // Above Int64.max: rejected with an error naming the field, and nothing is written.
        let tooBig = ValidatorSnapshot(voteAccount: "TooBig", identity: "TooBigNode", activatedStake: UInt64(Int64.max) + 1)
        await #expect(throws: LamportsError.exceedsStorableRange(field: "validator TooBig activatedStake", value: UInt64(Int64.max) + 1)) {
            _ = try await database.transaction { db in
                try await ValidatorWriter.upsert(validators: [tooBig], stats: [], nowMillis: 2, on: db)
            }
        }
        #expect(try await counts(database).validators == 1)
    }

    /// Every kind of value a bulk write carries comes back exactly: text that needs JSON escaping or looks like another
    /// type, the Int64 extremes, doubles that print with exponents, booleans and nulls.
    static func valuesRoundTripExactly(_ database: any DatabaseClient) async throws {
        let texts = [
            #"quote " and backslash \ and slash /"#, "line\nbreak\ttab\rreturn", "control \u{01}\u{1F} and del \u{7F}",
            "Ünïcødé ✓ 🚀 漢字", "123", "null", "true", "", " leading and trailing ", String(repeating: "long ", count: 2_000),
        ]
        let doubles: [Double?] = [0, 0.1, 1e-05, 1.0 / 3.0, 100, 2.5e-300, 0.999_999_999_999_999_9, nil, -0.5, 1e16]
        var validators: [ValidatorSnapshot] = []
        for (index, text) in texts.enumerated() {
            validators.append(ValidatorSnapshot(
                voteAccount: "RoundTrip\(index)", identity: text, name: index % 3 == 0 ? nil : text, website: text, details: text,
                commission: index % 4 == 0 ? nil : index * 10, activatedStake: index == 0 ? UInt64(Int64.max) : UInt64(index),
                lastVote: index == 1 ? UInt64(Int64.max) : (index % 2 == 0 ? nil : 0), delinquent: index % 2 == 0,
                skipRate: doubles[index]))
        }
        _ = try await database.transaction { db in
            try await ValidatorWriter.upsert(validators: validators, stats: [], nowMillis: -1, on: db)
        }
        struct Row: Decodable, Equatable {
            let voteAccount: String
            let validatorPubkey: String
            let name: String?
            let website: String?
            let details: String?
            let commission: Int?
            let activatedStake: Int64
            let lastVote: Int64?
            let delinquent: Bool
            let skipRate: Double?
            let createdAt: Int64
        }
        let rows = try await database.read { db in
            try await db.raw(#"SELECT "voteAccount", "validatorPubkey", "name", "website", "details", "commission", "activatedStake", "lastVote", "delinquent", "skipRate", "createdAt" FROM "validator" ORDER BY "id""#)
                .all(decoding: Row.self)
        }
        let expected = validators.map { v in
            Row(
                voteAccount: v.voteAccount, validatorPubkey: v.identity, name: v.name, website: v.website, details: v.details,
                commission: v.commission, activatedStake: Int64(v.activatedStake), lastVote: v.lastVote.map { Int64($0) },
                delinquent: v.delinquent, skipRate: v.skipRate, createdAt: -1)
        }
        #expect(rows == expected)
        // Stored as numbers, not text: numeric order and arithmetic work.
        struct Sum: Decodable { let n: Int64 }
        let sum = try await database.read { db in
            try await db.raw(#"SELECT SUM("commission") AS "n" FROM "validator""#).first(decoding: Sum.self)
        }
        #expect(sum?.n == Int64(validators.compactMap(\.commission).reduce(0, +)))
    }

    static func failedTransactionWritesNothing(_ database: any DatabaseClient) async throws {
        let (validators, stats) = syntheticValidators(10, epochs: 750...751)
        struct Boom: Error {}
        await #expect(throws: Boom.self) {
            try await database.transaction { db in
                _ = try await ValidatorWriter.upsert(validators: validators, stats: stats, nowMillis: 1, on: db)
                throw Boom()
            }
        }
        #expect(try await counts(database) == Counts(validators: 0, stats: 0, maxUpdated: 0))
        // The connection is usable afterwards.
        _ = try await database.transaction { db in
            try await ValidatorWriter.upsert(validators: validators, stats: stats, nowMillis: 1, on: db)
        }
        #expect(try await counts(database).validators == 10)
    }

    /// A bulk write of several statements sends statement k while it encodes statement k+1. Whichever fails (the database,
    /// on the statement in flight, or the encoding of the next one, while a statement is in flight) the error reaches the
    /// caller, the transaction writes nothing, and the connection serves the next transaction.
    static func multiStatementWriteFailsWhole(_ database: any DatabaseClient) async throws {
        // 12,000 validators: two statements (10,000 rows each at most), in vote-account order.
        let (validators, _) = syntheticValidators(12_000, epochs: 750...750)
        func write(_ validators: [ValidatorSnapshot]) async throws -> ValidatorWriter.Result {
            try await database.transaction { db in
                try await ValidatorWriter.upsert(validators: validators, stats: [], nowMillis: 1, on: db)
            }
        }
        // The database refuses a row of the first statement (commission CHECK) while the second is being encoded.
        var refused = validators
        refused[3].commission = 150
        do {
            _ = try await write(refused)
            Issue.record("a commission of 150 was written")
        } catch {
            // The database's own error, not a later symptom (say, rows missing when the ids are read back).
            #expect(!(error is ValidatorWriteError), "\(error)")
        }
        #expect(try await counts(database).validators == 0)

        // The encoding of the second statement fails (JSON has no NaN) while the first is in the database.
        var unencodable = validators
        unencodable[11_500].skipRate = .nan
        do {
            _ = try await write(unencodable)
            Issue.record("a NaN skip rate was written")
        } catch let error as JSONRows.EncodingError {
            guard case .nonFiniteDouble(let column, let value) = error else { throw error }
            #expect(column == 14 && value.isNaN)  // skipRate
        }
        #expect(try await counts(database).validators == 0)

        // Afterwards the same connection pool writes both statements in full.
        let written = try await database.statements.measure { try await write(validators) }
        #expect(written.statements == 5)  // two upserts and the id lookup, BEGIN and COMMIT
        let writtenIds = written.result.ids
        #expect(writtenIds.count == 12_000)
        #expect(try await counts(database).validators == 12_000)
    }

    static func foreignKeysAreEnforced(_ database: any DatabaseClient) async throws {
        await #expect(throws: (any Error).self) {
            try await database.transaction { db in
                try await db.raw(#"INSERT INTO "validatorEpochStat" ("validatorId", "epoch", "createdAt", "updatedAt") VALUES (424242, 1, 0, 0)"#).run()
            }
        }
    }
}
