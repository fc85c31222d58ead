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

    static let validatorUpsert = BulkUpsert(
        table: "validator",
        columns: [
            "voteAccount", "validatorPubkey", "name", "website", "details", "iconUrl", "keybaseUsername", "commission",
            "activatedStake", "lastVote", "rootSlot", "delinquent", "version", "gossipIp", "skipRate", "firstSeenEpoch",
            "createdAt", "updatedAt",
        ],
        conflictColumns: ["voteAccount"],
        comparedColumns: [
            "validatorPubkey", "name", "website", "details", "iconUrl", "keybaseUsername", "commission", "activatedStake",
            "lastVote", "rootSlot", "delinquent", "version", "gossipIp", "skipRate", "firstSeenEpoch",
        ],
        keepExisting: [],
        touchColumns: ["updatedAt"],
        keepFirst: ["firstSeenEpoch"])

    static let epochStatUpsert = BulkUpsert(
        table: "validatorEpochStat",
        columns: [
            "validatorId", "epoch", "credits", "creditCeiling", "commission", "activatedStake", "leaderSlots",
            "blocksProduced", "createdAt", "updatedAt",
        ],
        conflictColumns: ["validatorId", "epoch"],
        comparedColumns: ["credits", "creditCeiling", "commission", "activatedStake", "leaderSlots", "blocksProduced"],
        keepExisting: ["credits", "creditCeiling", "commission", "activatedStake", "leaderSlots", "blocksProduced"],
        touchColumns: ["updatedAt"],
        keepFirst: [])

    /// Upserts validators (by vote account) and their epoch stats, on the caller's connection (call it inside a
    /// transaction). `nowMillis` stamps `createdAt` on new rows and `updatedAt` on rows that changed.
    public static func upsert(
        validators: [ValidatorSnapshot], stats: [EpochStatSnapshot], nowMillis: Int64, on db: any SQLDatabase
    ) async throws -> Result {
        var statements = 0
        let validatorRows: [[any Encodable & Sendable]] = try validators.map { v in
            [
                v.voteAccount, v.identity, v.name, v.website, v.details, v.iconUrl, v.keybaseUsername, v.commission,
                try SQLValue.int64(v.activatedStake, field: "validator \(v.voteAccount) activatedStake"),
                try SQLValue.int64(v.lastVote, field: "validator \(v.voteAccount) lastVote"),
                try SQLValue.int64(v.rootSlot, field: "validator \(v.voteAccount) rootSlot"),
                v.delinquent, v.version, v.gossipIp, v.skipRate,
                try SQLValue.int64(v.firstSeenEpoch, field: "validator \(v.voteAccount) firstSeenEpoch"),
                nowMillis, nowMillis,
            ]
        }
        statements += try await validatorUpsert.run(validatorRows, on: db)

        // Ids for every vote account we were given or that the stats refer to, in batches.
        let wanted = Array(Set(validators.map(\.voteAccount)).union(stats.map(\.voteAccount))).sorted()
        var ids: [String: Int64] = [:]
        ids.reserveCapacity(wanted.count)
        struct IDRow: Decodable { let id: Int64; let voteAccount: String }
        let idBatch = 10_000
        var start = 0
        while start < wanted.count {
            let end = min(start + idBatch, wanted.count)
            let rows = try await db.select().columns("id", "voteAccount").from("validator")
                .where("voteAccount", .in, Array(wanted[start..<end]))
                .all(decoding: IDRow.self)
            statements += 1
            for row in rows { ids[row.voteAccount] = row.id }
            start = end
        }

        let statRows: [[any Encodable & Sendable]] = try stats.map { s in
            guard let validatorId = ids[s.voteAccount] else {
                throw ValidatorWriteError.unknownVoteAccount(s.voteAccount, epoch: s.epoch)
            }
            return [
                validatorId, try SQLValue.int64(s.epoch, field: "epoch stat \(s.voteAccount)@\(s.epoch) epoch"),
                try SQLValue.int64(s.credits, field: "epoch stat \(s.voteAccount)@\(s.epoch) credits"),
                try SQLValue.int64(s.creditCeiling, field: "epoch stat \(s.voteAccount)@\(s.epoch) creditCeiling"), s.commission,
                try SQLValue.int64(s.activatedStake, field: "epoch stat \(s.voteAccount)@\(s.epoch) activatedStake"),
                try SQLValue.int64(s.leaderSlots, field: "epoch stat \(s.voteAccount)@\(s.epoch) leaderSlots"),
                try SQLValue.int64(s.blocksProduced, field: "epoch stat \(s.voteAccount)@\(s.epoch) blocksProduced"),
                nowMillis, nowMillis,
            ]
        }
        statements += try await epochStatUpsert.run(statRows, on: db)
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
