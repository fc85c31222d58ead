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
    /// transaction). `nowMillis` stamps `createdAt` on new rows and `updatedAt` on rows that changed.
    public static func upsert(
        validators: [ValidatorSnapshot], stats: [EpochStatSnapshot], nowMillis: Int64, on db: any SQLDatabase
    ) async throws -> Result {
        var statements = 0
        statements += try await validatorUpsert.run(validators, on: db) { v, row in
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

        // Ids for every vote account we were given or that the stats refer to.
        let wanted = Array(Set(validators.map(\.voteAccount)).union(stats.map(\.voteAccount)))
        let ids = try await VoteAccountLookup.fetch(wanted, on: db).mapValues(\.id)
        statements += 1

        statements += try await epochStatUpsert.run(stats, on: db) { s, row in
            guard let validatorId = ids[s.voteAccount] else {
                throw ValidatorWriteError.unknownVoteAccount(s.voteAccount, epoch: s.epoch)
            }
            row.bigint(validatorId)
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
        return Result(ids: ids, statements: statements)
    }
}

public enum ValidatorWriteError: Error, CustomStringConvertible {
    case unknownVoteAccount(String, epoch: UInt64)

    public var description: String {
        switch self {
        case .unknownVoteAccount(let vote, let epoch):
            return "epoch stat for \(vote) (epoch \(epoch)) refers to a validator that is neither stored nor in this write"
        }
    }
}
