import Foundation
import SQLKit
import SolStakeCore
import SolStakeStore

/// `solstake wallet list`: each tracked wallet with its open stake accounts and stake.
public enum WalletListing {
    public struct Row: Sendable, Decodable, Equatable {
        public var walletPubkey: String
        public var label: String?
        public var lastSyncedAt: Int64?
        public var accounts: Int64
        public var stake: Int64?
    }

    public static func load(_ database: any DatabaseClient) async throws -> [Row] {
        try await database.read { db in
            try await db.raw("""
                SELECT u."walletPubkey", u."label", u."lastSyncedAt",
                       COUNT(s."id") AS "accounts", CAST(SUM(s."stakedAmount") AS BIGINT) AS "stake"
                FROM "user" u LEFT JOIN "stakeAccount" s ON s."userId" = u."id" AND s."closedAt" IS NULL
                GROUP BY u."id", u."walletPubkey", u."label", u."lastSyncedAt"
                ORDER BY u."id"
                """).all(decoding: Row.self)
        }
    }

    public static func render(_ rows: [Row]) -> String {
        guard !rows.isEmpty else { return "no tracked wallets\n" }
        var out = ""
        for row in rows {
            let sol = Double(row.stake ?? 0) / Double(Lamports.perSOL)
            let synced = row.lastSyncedAt.map { Date(timeIntervalSince1970: Double($0) / 1000).formatted(.iso8601) } ?? "never"
            out += "\(row.walletPubkey)  \(row.accounts) accounts  \(String(format: "%.9f", sol)) SOL  synced \(synced)"
            if let label = row.label { out += "  (\(label))" }
            out += "\n"
        }
        return out
    }
}
