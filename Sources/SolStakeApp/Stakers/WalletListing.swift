import Foundation
import SolStakeCore
import SolStakeStore

/// `solstake wallet list`: each tracked wallet with its open stake accounts, its stake, what it earned in the latest
/// completed epoch and its realized APY over the last `windowEpochs` completed epochs.
public enum WalletListing {
    public static let windowEpochs: UInt64 = 10

    public struct Row: Sendable, Equatable {
        public var summary: StakerStore.WalletSummary
        /// The latest completed epoch and the lamports the wallet earned in it; nil without a stored answer for it.
        public var lastEpoch: Int64?
        public var lastEpochLamports: UInt64?
        public var realizedApy: Double?
    }

    public static func load(_ database: any DatabaseClient) async throws -> [Row] {
        let summaries = try await StakerStore.walletSummaries(database)
        let (economics, rewards) = try await database.read { db -> (EpochEconomicsStore.Row?, [RewardStore.WalletReward]) in
            guard let economics = try await EpochEconomicsStore.latest(on: db), economics.epoch > 0 else { return (nil, []) }
            let last = UInt64(economics.epoch - 1)
            let from = last + 1 > windowEpochs ? last + 1 - windowEpochs : 0
            return (economics, try await RewardStore.walletRewards(fromEpoch: from, toEpoch: last, on: db))
        }
        let byWallet = Dictionary(grouping: rewards, by: \.userId)
        return summaries.map { summary in
            let entries = (byWallet[summary.id] ?? []).map {
                RealizedYield.Entry(epoch: $0.epoch, amount: $0.amount.map { UInt64(max(0, $0)) },
                                    postBalance: $0.postBalance.map { UInt64(max(0, $0)) }, stake: UInt64(max(0, $0.stakedAmount ?? 0)))
            }
            let latest = economics.map { $0.epoch - 1 }
            let lastReward = RealizedYield.totals(entries).first { $0.epoch == latest }
            return Row(summary: summary, lastEpoch: lastReward?.epoch, lastEpochLamports: lastReward?.lamports, realizedApy: economics.flatMap { RealizedYield.apy(entries, epochsPerYear: $0.epochsPerYear) })
        }
    }

    public static func render(_ rows: [Row]) -> String {
        guard !rows.isEmpty else { return "no tracked wallets\n" }
        var out = ""
        for row in rows {
            let summary = row.summary
            let synced = summary.lastSyncedAt.map { Date(timeIntervalSince1970: Double($0) / 1000).formatted(.iso8601) } ?? "never"
            out += "\(summary.walletPubkey)  \(summary.accounts) accounts  \(sol(summary.stake ?? 0)) SOL  synced \(synced)"
            if let epoch = row.lastEpoch, let lamports = row.lastEpochLamports {
                out += "  epoch \(epoch) reward \(sol(Int64(clamping: lamports))) SOL"
            } else {
                out += "  no reward stored for the last epoch"
            }
            out += row.realizedApy.map { String(format: "  realized APY %.2f%% (last %d epochs)", $0 * 100, Int(windowEpochs)) } ?? ""
            if let label = summary.label { out += "  (\(label))" }
            out += "\n"
        }
        return out
    }

    private static func sol(_ lamports: Int64) -> String { String(format: "%.9f", Double(lamports) / Double(Lamports.perSOL)) }
}
