import Foundation
import SQLKit
import SolStakeCore

/// Tracked wallets (`"user"` rows): track, untrack, list. Every change is audit-logged with its actor.
public enum StakerStore {
    public struct Wallet: Sendable, Equatable, Decodable {
        public var id: Int64
        public var walletPubkey: String
        public var label: String?
        public var lastSyncedAt: Int64?
        public var createdAt: Int64
    }

    public struct Tracked: Sendable, Equatable {
        public var wallet: Wallet
        /// False when the wallet was already tracked (tracking is idempotent).
        public var created: Bool
    }

    /// Tracks `wallet` (idempotent) and audit-logs a new one, on the caller's transaction.
    public static func track(
        _ wallet: WalletKey, label: String? = nil, actor: String?, nowMillis: Int64, on db: any SQLDatabase
    ) async throws -> Tracked {
        if let existing = try await self.wallet(wallet.text, on: db) {
            return Tracked(wallet: existing, created: false)
        }
        try await db.insert(into: "user").columns("walletPubkey", "label", "createdAt", "updatedAt")
            .values(wallet.text, label, nowMillis, nowMillis)
            .ignoringConflicts(with: ["walletPubkey"]).run()
        guard let stored = try await self.wallet(wallet.text, on: db) else {
            throw StakerStoreError.vanished(wallet.text)
        }
        let created = stored.createdAt == nowMillis
        if created {
            try await AuditLogWriter.append(
                [.init(action: "wallet.tracked", actorId: actor, metadata: ["walletPubkey": wallet.text])], nowMillis: nowMillis, on: db)
        }
        return Tracked(wallet: stored, created: created)
    }

    /// Stops tracking `wallet`: its row and its stake accounts are deleted (they were only known because it was
    /// tracked). Returns false when it was not tracked.
    public static func untrack(_ wallet: WalletKey, actor: String?, nowMillis: Int64, on db: any SQLDatabase) async throws -> Bool {
        guard let existing = try await self.wallet(wallet.text, on: db) else { return false }
        try await db.delete(from: "stakeAccount").where("userId", .equal, existing.id).run()
        try await db.delete(from: "user").where("id", .equal, existing.id).run()
        try await AuditLogWriter.append(
            [.init(action: "wallet.untracked", actorId: actor, metadata: ["walletPubkey": wallet.text])], nowMillis: nowMillis, on: db)
        return true
    }

    public static func wallet(_ pubkey: String, on db: any SQLDatabase) async throws -> Wallet? {
        try await db.select().columns("id", "walletPubkey", "label", "lastSyncedAt", "createdAt").from("user")
            .where("walletPubkey", .equal, pubkey).first(decoding: Wallet.self)
    }

    /// Every tracked wallet, oldest first.
    public static func wallets(on db: any SQLDatabase) async throws -> [Wallet] {
        try await db.select().columns("id", "walletPubkey", "label", "lastSyncedAt", "createdAt").from("user")
            .orderBy("id").all(decoding: Wallet.self)
    }
}

public enum StakerStoreError: Error, CustomStringConvertible {
    case vanished(String)

    public var description: String {
        switch self {
        case .vanished(let key): return "wallet \(key) was deleted while it was being tracked"
        }
    }
}

extension StakerStore {
    /// A tracked wallet with its open stake accounts counted and summed (`wallet list`).
    public struct WalletSummary: Sendable, Decodable, Equatable {
        public var id: Int64
        public var walletPubkey: String
        public var label: String?
        public var lastSyncedAt: Int64?
        public var accounts: Int64
        public var stake: Int64?
    }

    public static func walletSummaries(_ database: any DatabaseClient) async throws -> [WalletSummary] {
        try await database.read { db in
            try await db.raw("""
                SELECT u."id", u."walletPubkey", u."label", u."lastSyncedAt",
                       COUNT(s."id") AS "accounts", CAST(SUM(s."stakedAmount") AS BIGINT) AS "stake"
                FROM "user" u LEFT JOIN "stakeAccount" s ON s."userId" = u."id" AND s."closedAt" IS NULL
                GROUP BY u."id", u."walletPubkey", u."label", u."lastSyncedAt"
                ORDER BY u."id"
                """).all(decoding: WalletSummary.self)
        }
    }
}
