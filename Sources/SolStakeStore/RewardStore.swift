import SQLKit
import SolStakeCore

/// Realized inflation rewards of tracked stake accounts (`stakeReward`) and the epochs the node could not answer
/// (`rewardEpoch`).
public enum RewardStore {
    /// A stake account that still needs its reward for an epoch.
    public struct Pending: Decodable, Sendable, Equatable {
        public let id: Int64
        public let pubkey: String
    }

    /// One answer to store: `amount` nil means the node reported no reward.
    public struct Answer: Sendable, Equatable {
        public var stakeAccountId: Int64
        public var epoch: UInt64
        public var amount: UInt64?
        public var postBalance: UInt64?
        public var commission: UInt8?
        public var effectiveSlot: UInt64?

        public init(stakeAccountId: Int64, epoch: UInt64, amount: UInt64?, postBalance: UInt64?, commission: UInt8?, effectiveSlot: UInt64?) {
            self.stakeAccountId = stakeAccountId
            self.epoch = epoch
            self.amount = amount
            self.postBalance = postBalance
            self.commission = commission
            self.effectiveSlot = effectiveSlot
        }
    }

    public struct StoredReward: Decodable, Sendable, Equatable {
        public let stakeAccountId: Int64
        public let epoch: Int64
        public let amount: Int64?
        public let postBalance: Int64?
        public let commission: Int?
        public let effectiveSlot: Int64?
    }

    /// Open, delegated stake accounts of tracked wallets that were active in `epoch` (activated before it, not
    /// deactivated before it) and have no stored answer for it; with `reaskNulls`, a stored "no reward" is asked again
    /// (the latest epoch's rewards may still be being paid).
    public static func pending(epoch: UInt64, reaskNulls: Bool, on db: any SQLDatabase) async throws -> [Pending] {
        let e = try Lamports.storable(epoch, field: "reward epoch")
        let stored: SQLQueryString = reaskNulls
            ? #"r."stakeAccountId" = sa."id" AND r."epoch" = \#(bind: e) AND r."amount" IS NOT NULL"#
            : #"r."stakeAccountId" = sa."id" AND r."epoch" = \#(bind: e)"#
        let query: SQLQueryString = #"""
            SELECT sa."id", sa."pubkey" FROM "stakeAccount" sa
            WHERE sa."userId" IS NOT NULL AND sa."closedAt" IS NULL AND sa."voteAccount" IS NOT NULL
              AND (sa."activationEpoch" IS NULL OR sa."activationEpoch" < \#(bind: e))
              AND (sa."deactivationEpoch" IS NULL OR sa."deactivationEpoch" >= \#(bind: e))
              AND NOT EXISTS (SELECT 1 FROM "stakeReward" r WHERE \#(stored))
            ORDER BY sa."pubkey"
            """#
        return try await db.raw(query).all(decoding: Pending.self)
    }

    static let upsert = BulkInsert(
        table: "stakeReward",
        columns: [
            .bigint("stakeAccountId"), .bigint("epoch"), .bigint("amount"), .bigint("postBalance"), .integer("commission"),
            .bigint("effectiveSlot"), .bigint("checkedAt"),
        ],
        onConflict: .update(.init(
            conflictColumns: ["stakeAccountId", "epoch"], comparedColumns: ["amount", "postBalance", "commission", "effectiveSlot"],
            keepExisting: [], touchColumns: ["checkedAt"], keepFirst: [])))

    /// Stores answers (one row per stake account and epoch: a repeated answer updates it) and clears the epochs'
    /// "unavailable" marks, on the caller's transaction. A value past `Int64.max` is refused, naming it.
    public static func write(_ answers: [Answer], nowMillis: Int64, on db: any SQLDatabase) async throws {
        guard !answers.isEmpty else { return }
        try await upsert.run(answers, on: db) { answer, row in
            row.bigint(answer.stakeAccountId)
            row.bigint(try SQLValue.int64(answer.epoch, field: "reward epoch"))
            row.bigint(try SQLValue.int64(answer.amount, field: "stake account \(answer.stakeAccountId) epoch \(answer.epoch) reward amount"))
            row.bigint(try SQLValue.int64(answer.postBalance, field: "stake account \(answer.stakeAccountId) epoch \(answer.epoch) postBalance"))
            row.integer(answer.commission.map(Int.init))
            row.bigint(try SQLValue.int64(answer.effectiveSlot, field: "stake account \(answer.stakeAccountId) epoch \(answer.epoch) effectiveSlot"))
            row.bigint(nowMillis)
        }
        for epoch in Set(answers.map(\.epoch)) {
            try await db.raw(#"DELETE FROM "rewardEpoch" WHERE "epoch" = \#(bind: try Lamports.storable(epoch, field: "reward epoch"))"#).run()
        }
    }

    /// Records that the node could not answer `epoch` (pruned, or not available yet), with its reason.
    public static func markUnavailable(epoch: UInt64, reason: String, nowMillis: Int64, on db: any SQLDatabase) async throws {
        let e = try Lamports.storable(epoch, field: "reward epoch")
        try await db.raw(#"""
            INSERT INTO "rewardEpoch" ("epoch", "status", "reason", "checkedAt") VALUES (\#(bind: e), 'unavailable', \#(bind: reason), \#(bind: nowMillis))
            ON CONFLICT ("epoch") DO UPDATE SET "reason" = excluded."reason", "checkedAt" = excluded."checkedAt"
            """#).run()
    }

    public struct UnavailableEpoch: Decodable, Sendable, Equatable {
        public let epoch: Int64
        public let reason: String
    }

    public static func unavailableEpochs(on db: any SQLDatabase) async throws -> [UnavailableEpoch] {
        try await db.raw(#"SELECT "epoch", "reason" FROM "rewardEpoch" ORDER BY "epoch""#).all(decoding: UnavailableEpoch.self)
    }

    /// Stored rewards of stake accounts from `fromEpoch` on, oldest first.
    public static func rewards(stakeAccountIds: [Int64], fromEpoch: UInt64, on db: any SQLDatabase) async throws -> [StoredReward] {
        guard !stakeAccountIds.isEmpty else { return [] }
        let e = try Lamports.storable(fromEpoch, field: "reward epoch")
        return try await db.select()
            .columns("stakeAccountId", "epoch", "amount", "postBalance", "commission", "effectiveSlot").from("stakeReward")
            .where("stakeAccountId", .in, stakeAccountIds).where("epoch", .greaterThanOrEqual, e)
            .orderBy("epoch").orderBy("stakeAccountId").all(decoding: StoredReward.self)
    }

    /// A stored reward with the wallet and current stake of its account.
    public struct WalletReward: Decodable, Sendable, Equatable {
        public let userId: Int64
        public let epoch: Int64
        public let amount: Int64?
        public let postBalance: Int64?
        public let stakedAmount: Int64?
    }

    /// Every tracked wallet's stored rewards for epochs `fromEpoch...toEpoch` (closed accounts too), in one statement.
    public static func walletRewards(fromEpoch: UInt64, toEpoch: UInt64, on db: any SQLDatabase) async throws -> [WalletReward] {
        let from = try Lamports.storable(fromEpoch, field: "reward epoch")
        let to = try Lamports.storable(toEpoch, field: "reward epoch")
        return try await db.raw(#"""
            SELECT sa."userId", r."epoch", r."amount", r."postBalance", sa."stakedAmount"
            FROM "stakeReward" r JOIN "stakeAccount" sa ON sa."id" = r."stakeAccountId"
            WHERE sa."userId" IS NOT NULL AND r."epoch" >= \#(bind: from) AND r."epoch" <= \#(bind: to)
            ORDER BY sa."userId", r."epoch", sa."id"
            """#).all(decoding: WalletReward.self)
    }
}
