import SQLKit
import SolStakeCore

/// Bulk writes of validators and their per-epoch stats.
public enum ValidatorWriter {
    /// What an upsert did.
    public struct Result: Sendable, Equatable {
        /// The row id of every validator written, and of every stored validator a stat was written for, by vote account.
        public var ids: [String: Int64]
    }

    static let validatorUpsert = BulkInsert(
        table: "validator",
        columns: [
            .text("voteAccount"), .text("validatorPubkey"), .text("name"), .text("website"), .text("details"), .text("iconUrl"),
            .text("keybaseUsername"), .integer("commission"), .bigint("activatedStake"), .bigint("lastVote"), .bigint("rootSlot"),
            .boolean("delinquent"), .text("version"), .text("gossipIp"), .double("skipRate"), .bigint("firstSeenEpoch"),
            .integer("mevCommissionBps"), .boolean("runsJito"), .double("apyInflation"), .double("apyMev"), .double("apyTotal"),
            .bigint("apyEpoch"), .bigint("createdAt"), .bigint("updatedAt"),
        ],
        onConflict: .update(.init(
            conflictColumns: ["voteAccount"],
            comparedColumns: [
                "validatorPubkey", "name", "website", "details", "iconUrl", "keybaseUsername", "commission", "activatedStake",
                "lastVote", "rootSlot", "delinquent", "version", "gossipIp", "skipRate", "firstSeenEpoch", "mevCommissionBps",
                "runsJito", "apyInflation", "apyMev", "apyTotal", "apyEpoch",
            ],
            keepExisting: [],
            touchColumns: ["updatedAt"],
            keepFirst: [],
            // An imported history may reach further back than the first fetch.
            keepLeast: ["firstSeenEpoch"])))

    static let epochStatUpsert = BulkInsert(
        table: "validatorEpochStat",
        columns: [
            .bigint("validatorId"), .bigint("epoch"), .bigint("credits"), .bigint("creditCeiling"), .integer("commission"),
            .bigint("activatedStake"), .bigint("leaderSlots"), .bigint("blocksProduced"), .integer("mevCommissionBps"),
            .boolean("runsJito"), .text("version"), .bigint("createdAt"), .bigint("updatedAt"),
        ],
        onConflict: .update(.init(
            conflictColumns: ["validatorId", "epoch"],
            comparedColumns: statColumns,
            keepExisting: Set(statColumns),
            touchColumns: ["updatedAt"],
            keepFirst: [])))

    static let statColumns = [
        "credits", "creditCeiling", "commission", "activatedStake", "leaderSlots", "blocksProduced", "mevCommissionBps",
        "runsJito", "version",
    ]

    /// Upserts validators (by vote account) and their epoch stats, on the caller's connection (call it inside a
    /// transaction). `nowMillis` stamps `createdAt` on new rows and `updatedAt` on rows that changed. Stats may also refer
    /// to validators stored earlier and not in `validators` (`knownIds` may name some of them); a stat for a vote account
    /// that is neither is an error.
    public static func upsert(
        validators: [ValidatorSnapshot], stats: [EpochStatSnapshot], knownIds: [String: Int64] = [:], nowMillis: Int64,
        on db: any SQLDatabase
    ) async throws -> Result {
        try await validatorUpsert.run(validators, on: db) { v, row in
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
            row.integer(v.mevCommissionBps)
            row.boolean(v.runsJito)
            try row.double(v.apy?.inflation)
            try row.double(v.apy?.mev)
            try row.double(v.apy?.total)
            row.bigint(try SQLValue.int64(v.apy?.asOfEpoch, field: "validator \(v.voteAccount) apyEpoch"))
            row.bigint(nowMillis)
            row.bigint(nowMillis)
        }
        var ids = knownIds
        if !validators.isEmpty {
            let written = try await VoteAccountLookup.find(validators.map(\.voteAccount), identities: false, on: db)
            for (validator, id) in zip(validators, written.ids) {
                guard let id else { throw ValidatorWriteError.missingAfterUpsert(validator.voteAccount) }
                ids[validator.voteAccount] = id
            }
        }
        var statRows: [(stat: EpochStatSnapshot, validatorId: Int64)] = []
        statRows.reserveCapacity(stats.count)
        var unnamed: [EpochStatSnapshot] = []
        for stat in stats {
            if let id = ids[stat.voteAccount] { statRows.append((stat, id)) } else { unnamed.append(stat) }
        }
        // Stats of validators stored earlier and not named: one more lookup.
        if !unnamed.isEmpty {
            let keys = Array(Set(unnamed.map(\.voteAccount)))
            for (voteAccount, id) in zip(keys, try await VoteAccountLookup.find(keys, identities: false, on: db).ids) {
                if let id { ids[voteAccount] = id }
            }
            for stat in unnamed {
                guard let id = ids[stat.voteAccount] else { throw ValidatorWriteError.unknownVoteAccount(stat.voteAccount, epoch: stat.epoch) }
                statRows.append((stat, id))
            }
        }
        try await epochStatUpsert.run(statRows, on: db) { entry, row in
            let s = entry.stat
            row.bigint(entry.validatorId)
            row.bigint(try SQLValue.int64(s.epoch, field: "epoch stat \(s.voteAccount)@\(s.epoch) epoch"))
            row.bigint(try SQLValue.int64(s.credits, field: "epoch stat \(s.voteAccount)@\(s.epoch) credits"))
            row.bigint(try SQLValue.int64(s.creditCeiling, field: "epoch stat \(s.voteAccount)@\(s.epoch) creditCeiling"))
            row.integer(s.commission)
            row.bigint(try SQLValue.int64(s.activatedStake, field: "epoch stat \(s.voteAccount)@\(s.epoch) activatedStake"))
            row.bigint(try SQLValue.int64(s.leaderSlots, field: "epoch stat \(s.voteAccount)@\(s.epoch) leaderSlots"))
            row.bigint(try SQLValue.int64(s.blocksProduced, field: "epoch stat \(s.voteAccount)@\(s.epoch) blocksProduced"))
            row.integer(s.mevCommissionBps)
            row.boolean(s.runsJito)
            row.text(s.version)
            row.bigint(nowMillis)
            row.bigint(nowMillis)
        }
        return Result(ids: ids)
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
