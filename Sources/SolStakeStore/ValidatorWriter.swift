import SQLKit
import SolStakeCore

/// Bulk writes of validators and their per-epoch stats.
public enum ValidatorWriter {
    /// What an upsert did.
    public struct Result: Sendable, Equatable {
        /// The row id of every validator written, by vote account.
        public var ids: [String: Int64]
        /// Statements sent (bounded by the batch count, not the row count).
        public var statements: Int
    }

    static let validatorUpsert = BulkInsert(
        table: "validator",
        columns: [
            .text("voteAccount"), .text("validatorPubkey"), .text("name"), .text("website"), .text("details"), .text("iconUrl"),
            .text("keybaseUsername"), .integer("commission"), .bigint("activatedStake"), .bigint("lastVote"), .bigint("rootSlot"),
            .boolean("delinquent"), .text("version"), .text("gossipIp"), .double("skipRate"), .bigint("firstSeenEpoch"),
            .bigint("createdAt"), .bigint("updatedAt"),
        ],
        onConflict: .update(.init(
            conflictColumns: ["voteAccount"],
            comparedColumns: [
                "validatorPubkey", "name", "website", "details", "iconUrl", "keybaseUsername", "commission", "activatedStake",
                "lastVote", "rootSlot", "delinquent", "version", "gossipIp", "skipRate", "firstSeenEpoch",
            ],
            keepExisting: [],
            touchColumns: ["updatedAt"],
            keepFirst: ["firstSeenEpoch"])))

    static let epochStatUpsert = BulkInsert(
        table: "validatorEpochStat",
        columns: [
            .bigint("validatorId"), .bigint("epoch"), .bigint("credits"), .bigint("creditCeiling"), .integer("commission"),
            .bigint("activatedStake"), .bigint("leaderSlots"), .bigint("blocksProduced"), .bigint("createdAt"), .bigint("updatedAt"),
        ],
        onConflict: .update(.init(
            conflictColumns: ["validatorId", "epoch"],
            comparedColumns: ["credits", "creditCeiling", "commission", "activatedStake", "leaderSlots", "blocksProduced"],
            keepExisting: ["credits", "creditCeiling", "commission", "activatedStake", "leaderSlots", "blocksProduced"],
            touchColumns: ["updatedAt"],
            keepFirst: [])))

    /// Upserts validators (by vote account) and their epoch stats, on the caller's connection (call it inside a
    /// transaction). `nowMillis` stamps `createdAt` on new rows and `updatedAt` on rows that changed. Stats may also refer
    /// to validators stored earlier and not in `validators`; a stat for a vote account that is neither is an error.
    public static func upsert(
        validators: [ValidatorSnapshot], stats: [EpochStatSnapshot], nowMillis: Int64, on db: any SQLDatabase
    ) async throws -> Result {
        let order = IngestWriteOrder(validators: validators, stats: stats)
        let written = try await upsert(order.validators[...], of: validators, stats: stats, order: order, nowMillis: nowMillis, on: db)
        var ids: [String: Int64] = [:]
        for (position, id) in zip(order.validators, written.ids) { ids[validators[position].voteAccount] = id }
        let orphans = try await upsertStats(order.orphanStats, of: stats, nowMillis: nowMillis, on: db)
        for (voteAccount, id) in orphans.ids { ids[voteAccount] = id }
        return Result(ids: ids, statements: written.statements + orphans.statements)
    }

    /// What a positional upsert wrote: the id of each validator, in the order of the positions given.
    struct Written {
        var ids: [Int64]
        var statements: Int
    }

    /// Upserts the validators at `positions` (in that order) and their stats as `order` groups them.
    static func upsert(
        _ positions: ArraySlice<Int>, of validators: [ValidatorSnapshot], stats: [EpochStatSnapshot], order: IngestWriteOrder,
        nowMillis: Int64, on db: any SQLDatabase
    ) async throws -> Written {
        var statements = try await validatorUpsert.run(positions, on: db) { position, row in
            let v = validators[position]
            row.text(v.voteAccount)
            row.text(v.identity)
            row.text(v.name)
            row.text(v.website)
            row.text(v.details)
            row.text(v.iconUrl)
            row.text(v.keybaseUsername)
            row.integer(v.commission)
            row.bigint(try SQLValue.int64(v.activatedStake, field: "validator \(v.voteAccount) activatedStake"))
            row.bigint(try SQLValue.int64(v.lastVote, field: "validator \(v.voteAccount) lastVote"))
            row.bigint(try SQLValue.int64(v.rootSlot, field: "validator \(v.voteAccount) rootSlot"))
            row.boolean(v.delinquent)
            row.text(v.version)
            row.text(v.gossipIp)
            try row.double(v.skipRate)
            row.bigint(try SQLValue.int64(v.firstSeenEpoch, field: "validator \(v.voteAccount) firstSeenEpoch"))
            row.bigint(nowMillis)
            row.bigint(nowMillis)
        }

        let found = try await VoteAccountLookup.find(positions.lazy.map { validators[$0].voteAccount }, identities: false, on: db)
        statements += 1
        var ids: [Int64] = []
        ids.reserveCapacity(positions.count)
        var statRows: [(stat: Int, validatorId: Int64)] = []
        for (position, id) in zip(positions, found.ids) {
            guard let id else { throw ValidatorWriteError.missingAfterUpsert(validators[position].voteAccount) }
            ids.append(id)
            for stat in order.stats(ofValidatorAt: position) { statRows.append((stat, id)) }
        }
        statements += try await writeStats(statRows, of: stats, nowMillis: nowMillis, on: db)
        return Written(ids: ids, statements: statements)
    }

    /// Upserts the stats at `positions` for validators stored earlier, found by vote account.
    static func upsertStats(
        _ positions: [Int], of stats: [EpochStatSnapshot], nowMillis: Int64, on db: any SQLDatabase
    ) async throws -> (ids: [String: Int64], statements: Int) {
        guard !positions.isEmpty else { return ([:], 0) }
        let found = try await VoteAccountLookup.find(positions.lazy.map { stats[$0].voteAccount }, identities: false, on: db)
        var ids: [String: Int64] = [:]
        var statRows: [(stat: Int, validatorId: Int64)] = []
        for (position, id) in zip(positions, found.ids) {
            let stat = stats[position]
            guard let id else { throw ValidatorWriteError.unknownVoteAccount(stat.voteAccount, epoch: stat.epoch) }
            ids[stat.voteAccount] = id
            statRows.append((position, id))
        }
        return (ids, 1 + (try await writeStats(statRows, of: stats, nowMillis: nowMillis, on: db)))
    }

    /// The epoch-stat upsert of `rows` (a stat's position and its validator's id); returns the statements sent.
    private static func writeStats(
        _ rows: [(stat: Int, validatorId: Int64)], of stats: [EpochStatSnapshot], nowMillis: Int64, on db: any SQLDatabase
    ) async throws -> Int {
        try await epochStatUpsert.run(rows, on: db) { entry, row in
            let s = stats[entry.stat]
            row.bigint(entry.validatorId)
            row.bigint(try SQLValue.int64(s.epoch, field: "epoch stat \(s.voteAccount)@\(s.epoch) epoch"))
            row.bigint(try SQLValue.int64(s.credits, field: "epoch stat \(s.voteAccount)@\(s.epoch) credits"))
            row.bigint(try SQLValue.int64(s.creditCeiling, field: "epoch stat \(s.voteAccount)@\(s.epoch) creditCeiling"))
            row.integer(s.commission)
            row.bigint(try SQLValue.int64(s.activatedStake, field: "epoch stat \(s.voteAccount)@\(s.epoch) activatedStake"))
            row.bigint(try SQLValue.int64(s.leaderSlots, field: "epoch stat \(s.voteAccount)@\(s.epoch) leaderSlots"))
            row.bigint(try SQLValue.int64(s.blocksProduced, field: "epoch stat \(s.voteAccount)@\(s.epoch) blocksProduced"))
            row.bigint(nowMillis)
            row.bigint(nowMillis)
        }
    }
}

public enum ValidatorWriteError: Error, CustomStringConvertible {
    case unknownVoteAccount(String, epoch: UInt64)
    /// The validator was upserted in this transaction and is not there when its id is read back.
    case missingAfterUpsert(String)

    public var description: String {
        switch self {
        case .unknownVoteAccount(let vote, let epoch):
            return "epoch stat for \(vote) (epoch \(epoch)) refers to a validator that is neither stored nor in this write"
        case .missingAfterUpsert(let vote):
            return "validator \(vote) was written in this transaction but its row is not there"
        }
    }
}
