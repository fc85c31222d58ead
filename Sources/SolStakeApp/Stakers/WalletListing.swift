import Foundation
import SolStakeCore
import SolStakeStore

/// `solstake wallet list`: each tracked wallet with its open stake accounts and stake.
public enum WalletListing {
    public typealias Row = StakerStore.WalletSummary

    public static func load(_ database: any DatabaseClient) async throws -> [Row] {
        try await StakerStore.walletSummaries(database)
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
