import SQLKit

extension ReadModel {
    /// Tracked wallets in the order they were first tracked.
    public func users(limit: Int, offset: Int) async throws -> [UserRecord] {
        try await database.read { db in
            try await db.select().columns(UserRecord.columns.map { SQLColumn($0) }).from("user").orderBy("id").limit(limit).offset(offset)
                .all(decoding: UserRecord.self)
        }
    }

    public func user(walletPubkey: String) async throws -> UserRecord? {
        try await database.read { db in
            try await db.select().columns(UserRecord.columns.map { SQLColumn($0) }).from("user").where("walletPubkey", .equal, walletPubkey)
                .first(decoding: UserRecord.self)
        }
    }

    /// Each wallet's stake accounts by pubkey; closed ones only when asked for.
    public func stakeAccounts(userIds: [Int64], includeClosed: Bool) async throws -> [Int64: [StakeAccountRecord]] {
        var out: [Int64: [StakeAccountRecord]] = [:]
        for part in userIds.chunked(Self.chunk) {
            let rows = try await database.read { db in
                var query = db.select().columns(StakeAccountRecord.columns.map { SQLColumn($0) }).from("stakeAccount").where("userId", .in, part)
                if !includeClosed { query = query.where("closedAt", .is, SQLLiteral.null) }
                return try await query.orderBy("userId").orderBy("pubkey").all(decoding: StakeAccountRecord.self)
            }
            for row in rows { out[row.userId ?? 0, default: []].append(row) }
        }
        return out
    }

    /// Stored rewards of stake accounts from `fromEpoch` on, by stake account, oldest first.
    public func stakeRewards(stakeAccountIds: [Int64], fromEpoch: UInt64) async throws -> [Int64: [RewardStore.StoredReward]] {
        var out: [Int64: [RewardStore.StoredReward]] = [:]
        for part in stakeAccountIds.chunked(Self.chunk) {
            let rows = try await database.read { db in try await RewardStore.rewards(stakeAccountIds: part, fromEpoch: fromEpoch, on: db) }
            for row in rows { out[row.stakeAccountId, default: []].append(row) }
        }
        return out
    }
}

extension ReadModel {
    /// A keyset page of tracked wallets by id.
    public func users(afterId: Int64, limit: Int) async throws -> [UserRecord] {
        try await database.read { db in
            try await db.select().columns(UserRecord.columns.map { SQLColumn($0) }).from("user").where("id", .greaterThan, afterId)
                .orderBy("id").limit(limit).all(decoding: UserRecord.self)
        }
    }

    public func userCount() async throws -> Int {
        try await database.read { db in
            try await db.raw(#"SELECT COUNT(*) AS "n" FROM "user""#).first(decoding: RowCount.self).map { Int($0.n) } ?? 0
        }
    }
}

struct RowCount: Decodable { let n: Int64 }
