import Foundation
import Logging
import SQLKit
import SolStakeCore
@testable import SolStakeStore
import Testing
import TestSupport

@Suite("Paged large reads")
struct JSONAggregatePagesTests {
    static let kinds: [TestDatabases.Kind] = [.sqliteMemory, .sqliteFile] + (TestDatabases.hasPostgres ? [.postgres] : [])

    static func pages(_ pageSize: Int64) -> JSONAggregatePages {
        JSONAggregatePages(
            columns: [#""validatorId""#, #""epoch""#], keyTable: "validatorEpochStat", keyColumn: "id", keys: [#""id""#],
            from: #"FROM "validatorEpochStat" WHERE +"epoch" >= 0"#, pageSize: pageSize)
    }

    @Test func rangesCoverTheKeysOnceInOrder() {
        let p = Self.pages(50_000)
        #expect(p.ranges(low: 1, high: 0).isEmpty)
        #expect(p.ranges(low: 5, high: 5) == [5...5])
        #expect(p.ranges(low: 1, high: 50_000) == [1...50_000])
        #expect(p.ranges(low: 1, high: 100_000) == [1...50_000, 50_001...100_000])
        #expect(p.ranges(low: 7, high: 100_007) == [7...50_006, 50_007...100_006, 100_007...100_007])
    }

    /// Pages read every row once, across gaps in the keys (rows deleted), and the next page is read while one is decoded;
    /// a decoding error reaches the caller and the connection serves the next read.
    @Test(arguments: kinds) func pagesReadEveryRowOnce(_ kind: TestDatabases.Kind) async throws {
        try await TestDatabases.with(kind) { database in
            let (validators, stats) = StoreContract.syntheticValidators(2_500, epochs: 750...752)
            _ = try await database.transaction { db in
                try await ValidatorWriter.upsert(validators: validators, stats: stats, nowMillis: 1, on: db)
            }
            // Gaps: every seventh stat row goes.
            try await database.transaction { db in
                try await db.raw(#"DELETE FROM "validatorEpochStat" WHERE "id" % 7 = 0"#).run()
            }
            struct Bounds: Decodable { let low: Int64; let high: Int64; let n: Int64 }
            let bounds = try await database.read { db in
                try await db.raw(#"SELECT MIN("id") AS "low", MAX("id") AS "high", COUNT(*) AS "n" FROM "validatorEpochStat""#)
                    .first(decoding: Bounds.self)!
            }
            var seen: [String: Int] = [:]
            var pagesDecoded = 0
            let statements = try await database.readSnapshot { db in
                try await Self.pages(700).forEach(on: db) { rows in
                    pagesDecoded += 1
                    while try rows.nextRow() {
                        let key = "\(try rows.bigint()!)@\(try rows.bigint()!)"
                        seen[key, default: 0] += 1
                    }
                }
            }
            let pageCount = Int((bounds.high - bounds.low) / 700) + 1
            #expect(pageCount > 10)
            #expect(pagesDecoded == pageCount)
            #expect(statements == 1 + pageCount)
            #expect(seen.count == Int(bounds.n))
            #expect(seen.values.allSatisfy { $0 == 1 })

            struct Stop: Error {}
            await #expect(throws: Stop.self) {
                try await database.readSnapshot { db in
                    var page = 0
                    try await Self.pages(700).forEach(on: db) { _ in
                        page += 1
                        if page == 2 { throw Stop() }
                    }
                }
            }
            let again = try await database.readSnapshot { db in try await Self.pages(100_000).forEach(on: db) { _ in } }
            #expect(again == 2)

            // An empty table: the bounds query alone.
            try await database.transaction { db in try await db.raw(#"DELETE FROM "validatorEpochStat""#).run() }
            let empty = try await database.readSnapshot { db in
                try await Self.pages(700).forEach(on: db) { _ in Issue.record("a page of an empty table") }
            }
            #expect(empty == 1)
        }
    }

    /// The score's inputs over more validators than one page holds (10,000): every validator once, with all its epochs.
    @Test(arguments: kinds) func scoringInputsSpanPages(_ kind: TestDatabases.Kind) async throws {
        try await TestDatabases.with(kind) { database in
            let (validators, stats) = StoreContract.syntheticValidators(12_000, epochs: 750...752)
            let snapshot = IngestSnapshot(epoch: 752, slot: 1, validators: validators, stats: stats)
            _ = try await database.transaction { db in
                try await IngestWriter.write(
                    snapshot, jobId: "fetch-1", startedAtMillis: 1, nowMillis: 2, on: db, logger: Logger(label: "test"))
            }
            let inputs = try await database.readSnapshot { db in
                try await ScoringInputReader.read(configuration: ScoringConfiguration(), nowMillis: 3, on: db)
            }
            let cluster = try #require(inputs?.cluster)
            #expect(cluster.validators.count == 12_000)
            #expect(Set(cluster.validators.map(\.voteAccount)).count == 12_000)
            #expect(cluster.validators.allSatisfy { $0.credits.keys.sorted() == [750, 751, 752] })
            let byVote = Dictionary(uniqueKeysWithValues: validators.map { ($0.voteAccount, $0) })
            #expect(cluster.validators.allSatisfy { $0.commission == byVote[$0.voteAccount]?.commission })
            #expect(cluster.validators.allSatisfy { $0.credits[751] == 6_800_000 + UInt64($0.voteAccount.dropFirst(4))! })
        }
    }
}
