import SQLKit
import SolStakeCore

/// Writes imported per-epoch history (`solstake import history`), on the caller's transaction. Imported values only fill
/// what is not stored yet: a fetched value always wins, and importing the same rows again changes nothing. Validators the
/// database does not know are created with an empty identity (the history has vote accounts only); their first fetch
/// names it.
public enum HistoryImportWriter {
    public struct Result: Sendable, Equatable {
        public var validatorsCreated: Int
        public var statsWritten: Int
    }

    static let validatorInsert = BulkInsert(
        table: "validator",
        columns: [
            .text("voteAccount"), .text("validatorPubkey"), .integer("commission"), .bigint("activatedStake"), .text("version"),
            .integer("mevCommissionBps"), .boolean("runsJito"), .bigint("firstSeenEpoch"), .bigint("createdAt"), .bigint("updatedAt"),
        ],
        onConflict: .update(.init(
            conflictColumns: ["voteAccount"],
            comparedColumns: ["commission", "activatedStake", "version", "mevCommissionBps", "runsJito", "firstSeenEpoch"],
            keepExisting: [],
            touchColumns: ["updatedAt"],
            keepFirst: [],
            keepLeast: ["firstSeenEpoch"],
            // Current values come from the latest import only while no fetch has seen the validator.
            onlyWhere: Dictionary(
                uniqueKeysWithValues: ["commission", "activatedStake", "version", "mevCommissionBps", "runsJito"].map {
                    ($0, #""validator"."validatorPubkey" = ''"#)
                }))))

    static let importedColumns = ["credits", "commission", "activatedStake", "mevCommissionBps", "runsJito", "version", "importedAt"]

    static let statInsert = BulkInsert(
        table: "validatorEpochStat",
        columns: [
            .bigint("validatorId"), .bigint("epoch"), .bigint("credits"), .integer("commission"), .bigint("activatedStake"),
            .integer("mevCommissionBps"), .boolean("runsJito"), .text("version"), .bigint("importedAt"), .bigint("createdAt"),
            .bigint("updatedAt"),
        ],
        onConflict: .update(.init(
            conflictColumns: ["validatorId", "epoch"],
            comparedColumns: importedColumns,
            keepExisting: [],
            touchColumns: ["updatedAt"],
            keepFirst: Set(importedColumns))))

    /// Writes `stats` (any epochs, any order). The validator rows take each vote account's latest stat.
    public static func write(_ stats: [EpochStatSnapshot], nowMillis: Int64, on db: any SQLDatabase) async throws -> Result {
        guard !stats.isEmpty else { return Result(validatorsCreated: 0, statsWritten: 0) }
        var latest: [String: EpochStatSnapshot] = [:]
        var first: [String: UInt64] = [:]
        for stat in stats {
            if let known = latest[stat.voteAccount], known.epoch >= stat.epoch {} else { latest[stat.voteAccount] = stat }
            first[stat.voteAccount] = min(first[stat.voteAccount] ?? stat.epoch, stat.epoch)
        }
        let voteAccounts = latest.keys.sorted()
        let before = try await VoteAccountLookup.find(voteAccounts, identities: false, on: db)
        try await validatorInsert.run(voteAccounts, on: db) { vote, row in
            let stat = latest[vote]!
            row.text(vote)
            row.text("")
            row.integer(stat.commission)
            row.bigint(try SQLValue.int64(stat.activatedStake ?? 0, field: "history \(vote)@\(stat.epoch) activatedStake"))
            row.text(stat.version)
            row.integer(stat.mevCommissionBps)
            row.boolean(stat.runsJito)
            row.bigint(try SQLValue.int64(first[vote], field: "history \(vote) firstSeenEpoch"))
            row.bigint(nowMillis)
            row.bigint(nowMillis)
        }
        let found = try await VoteAccountLookup.find(voteAccounts, identities: false, on: db)
        var ids: [String: Int64] = [:]
        for (vote, id) in zip(voteAccounts, found.ids) {
            guard let id else { throw ValidatorWriteError.missingAfterUpsert(vote) }
            ids[vote] = id
        }
        try await statInsert.run(stats, on: db) { s, row in
            let field = "history \(s.voteAccount)@\(s.epoch)"
            row.bigint(ids[s.voteAccount])
            row.bigint(try SQLValue.int64(s.epoch, field: "\(field) epoch"))
            row.bigint(try SQLValue.int64(s.credits, field: "\(field) credits"))
            row.integer(s.commission)
            row.bigint(try SQLValue.int64(s.activatedStake, field: "\(field) activatedStake"))
            row.integer(s.mevCommissionBps)
            row.boolean(s.runsJito)
            row.text(s.version)
            row.bigint(nowMillis)
            row.bigint(nowMillis)
            row.bigint(nowMillis)
        }
        return Result(validatorsCreated: before.ids.filter { $0 == nil }.count, statsWritten: stats.count)
    }
}
