import Foundation
import SQLKit
import SolStakeCore

/// Writes one wallet's stake accounts, on the caller's transaction: upsert by account pubkey (linked to the validator
/// when its vote account is known), accounts of the wallet that are no longer on chain are marked closed (not deleted),
/// and the wallet's `lastSyncedAt` is set.
public enum StakeAccountWriter {
    /// One stake account as synced: plain values (u64 epochs already mapped; `nil` means "never").
    public struct Row: Sendable, Equatable {
        public var pubkey: String
        public var voteAccount: String?
        public var stakedAmount: UInt64
        public var state: StakeState
        public var activationEpoch: UInt64?
        public var deactivationEpoch: UInt64?
        public var staker: String?
        public var withdrawer: String?

        public init(
            pubkey: String, voteAccount: String?, stakedAmount: UInt64, state: StakeState, activationEpoch: UInt64?,
            deactivationEpoch: UInt64?, staker: String?, withdrawer: String?
        ) {
            self.pubkey = pubkey
            self.voteAccount = voteAccount
            self.stakedAmount = stakedAmount
            self.state = state
            self.activationEpoch = activationEpoch
            self.deactivationEpoch = deactivationEpoch
            self.staker = staker
            self.withdrawer = withdrawer
        }
    }

    public struct Result: Sendable, Equatable {
        public var upserted: Int
        public var closed: Int
        public var linked: Int
    }

    private struct IDRow: Decodable { let id: Int64; let voteAccount: String }

    static let upsert = BulkInsert(
        table: "stakeAccount",
        columns: [
            .text("pubkey"), .bigint("userId"), .bigint("validatorId"), .text("voteAccount"), .bigint("stakedAmount"), .text("state"),
            .bigint("activationEpoch"), .bigint("deactivationEpoch"), .text("staker"), .text("withdrawer"), .bigint("closedAt"),
            .bigint("createdAt"), .bigint("updatedAt"),
        ],
        onConflict: .update(.init(
            conflictColumns: ["pubkey"],
            comparedColumns: [
                "userId", "validatorId", "voteAccount", "stakedAmount", "state", "activationEpoch", "deactivationEpoch", "staker",
                "withdrawer", "closedAt",
            ],
            keepExisting: [], touchColumns: ["updatedAt"], keepFirst: [])))
    private struct CountRow: Decodable { let count: Int }

    public static func sync(userId: Int64, accounts: [Row], nowMillis: Int64, on db: any SQLDatabase) async throws -> Result {
        let votes = Array(Set(accounts.compactMap(\.voteAccount)))
        var validatorIds: [String: Int64] = [:]
        for start in stride(from: 0, to: votes.count, by: 10_000) {
            let rows = try await db.select().columns("id", "voteAccount").from("validator")
                .where("voteAccount", .in, Array(votes[start..<min(start + 10_000, votes.count)])).all(decoding: IDRow.self)
            for row in rows { validatorIds[row.voteAccount] = row.id }
        }
        try await upsert.run(accounts, on: db) { account, row in
            row.text(account.pubkey)
            row.bigint(userId)
            row.bigint(account.voteAccount.flatMap { validatorIds[$0] })
            row.text(account.voteAccount)
            row.bigint(try SQLValue.int64(account.stakedAmount, field: "stake account \(account.pubkey) stake"))
            row.text(account.state.rawValue)
            row.bigint(try SQLValue.int64(account.activationEpoch, field: "stake account \(account.pubkey) activationEpoch"))
            row.bigint(try SQLValue.int64(account.deactivationEpoch, field: "stake account \(account.pubkey) deactivationEpoch"))
            row.text(account.staker)
            row.text(account.withdrawer)
            row.bigint(Int64?.none)
            row.bigint(nowMillis)
            row.bigint(nowMillis)
        }

        // Accounts of this wallet that the chain no longer returns: withdrawn or merged.
        let live = accounts.map(\.pubkey)
        var close = db.update("stakeAccount").set("closedAt", to: nowMillis).set("updatedAt", to: nowMillis)
            .where("userId", .equal, userId).where("closedAt", .is, SQLLiteral.null)
        if !live.isEmpty { close = close.where("pubkey", .notIn, live) }
        let closedRows = try await close.returning("id").all()
        try await db.update("user").set("lastSyncedAt", to: nowMillis).set("updatedAt", to: nowMillis)
            .where("id", .equal, userId).run()
        return Result(upserted: accounts.count, closed: closedRows.count, linked: accounts.filter { $0.voteAccount.flatMap { validatorIds[$0] } != nil }.count)
    }

    /// Links stake accounts whose validator was unknown at sync time to the validator that now has their vote account.
    /// One statement; the fetch calls it in its transaction.
    public static func linkUnknownValidators(nowMillis: Int64, on db: any SQLDatabase) async throws {
        try await db.raw("""
            UPDATE "stakeAccount" SET "validatorId" = (SELECT "validator"."id" FROM "validator" WHERE "validator"."voteAccount" = "stakeAccount"."voteAccount"), "updatedAt" = \(bind: nowMillis)
            WHERE "validatorId" IS NULL AND "voteAccount" IS NOT NULL
              AND EXISTS (SELECT 1 FROM "validator" WHERE "validator"."voteAccount" = "stakeAccount"."voteAccount")
            """).run()
    }
}
