import Foundation
import Logging
import SQLKit
import SolStakeCore
import SolStakeStore
import SolanaRPC

/// Syncs tracked wallets' stake accounts from Solana RPC: for each wallet, `getProgramAccounts` on the Stake program
/// filtered by staker (offset 12) and by withdrawer (offset 44), merged and deduplicated, then written in one
/// transaction per wallet. A wallet whose RPC calls fail keeps its previous data; the others are still synced.
public enum StakeSync {
    public struct Report: Sendable, Equatable {
        public var wallets: Int = 0
        public var synced: Int = 0
        public var failed: [String: String] = [:]
        public var accounts: Int = 0
        public var closed: Int = 0
        public var epoch: UInt64 = 0
    }

    /// Wallets per logged batch.
    public static let batchSize = 10

    /// The wallet's stake accounts as rows to store, in pubkey order. Pure over the two RPC answers.
    public static func rows(staker: [StakeAccount], withdrawer: [StakeAccount], currentEpoch: UInt64) -> [StakeAccountWriter.Row] {
        var byPubkey: [String: StakeAccount] = [:]
        for account in staker + withdrawer { byPubkey[account.pubkey] = account }
        return byPubkey.values.sorted { $0.pubkey < $1.pubkey }.map { row($0, currentEpoch: currentEpoch) }
    }

    static func row(_ account: StakeAccount, currentEpoch: UInt64) -> StakeAccountWriter.Row {
        let delegated = account.type == "delegated" && account.voter != nil
        let state = StakeState.of(
            delegated: delegated, activationEpoch: account.activationEpoch, deactivationEpoch: account.deactivationEpoch,
            currentEpoch: currentEpoch)
        func epoch(_ value: UInt64?) -> UInt64? { value == StakeState.never ? nil : value }
        return StakeAccountWriter.Row(
            pubkey: account.pubkey, voteAccount: delegated ? account.voter : nil, stakedAmount: delegated ? (account.stake ?? 0) : 0,
            state: state, activationEpoch: delegated ? epoch(account.activationEpoch) : nil,
            deactivationEpoch: delegated ? epoch(account.deactivationEpoch) : nil, staker: account.staker,
            withdrawer: account.withdrawer)
    }

    /// Fetches one wallet's accounts (two RPC calls).
    public static func fetch(_ wallet: String, client: any SolanaRPCClient, currentEpoch: UInt64) async throws -> [StakeAccountWriter.Row] {
        async let staker = client.getStakeAccounts(.staker(wallet))
        async let withdrawer = client.getStakeAccounts(.withdrawer(wallet))
        return rows(staker: try await staker, withdrawer: try await withdrawer, currentEpoch: currentEpoch)
    }

    /// Syncs `wallets` (all tracked wallets when nil). `finalize` runs inside the last wallet's transaction when every
    /// wallet succeeded (the queue completes its job there); `progress` gets "done/total" after each batch.
    public static func run(
        wallets requested: [String]? = nil, client: any SolanaRPCClient, database: any DatabaseClient, logger: Logger,
        finalize: (@Sendable (any SQLDatabase) async throws -> Void)? = nil,
        progress: (@Sendable (String) async -> Void)? = nil
    ) async throws -> Report {
        var logger = logger
        logger[metadataKey: "jobType"] = "stake-sync"
        var report = Report()
        let all = try await database.read { db in try await StakerStore.wallets(on: db) }
        let wallets = requested.map { keys in all.filter { keys.contains($0.walletPubkey) } } ?? all
        report.wallets = wallets.count
        guard !wallets.isEmpty else {
            if let finalize { try await database.transaction { db in try await finalize(db) } }
            return report
        }
        let epoch = try await client.getEpochInfo().epoch
        report.epoch = epoch
        let totalBatches = (wallets.count + batchSize - 1) / batchSize
        var finalized = false
        for (batchIndex, start) in stride(from: 0, to: wallets.count, by: batchSize).enumerated() {
            let batch = wallets[start..<min(start + batchSize, wallets.count)]
            for wallet in batch {
                let rows: [StakeAccountWriter.Row]
                do {
                    rows = try await fetch(wallet.walletPubkey, client: client, currentEpoch: epoch)
                } catch {
                    report.failed[wallet.walletPubkey] = "\(error)"
                    logger.warning("Stake sync failed for a wallet; its stored accounts are kept", metadata: [
                        "wallet": "\(wallet.walletPubkey)", "error": "\(error)",
                    ])
                    continue
                }
                let isLast = wallet.id == wallets.last!.id && report.failed.isEmpty
                let now = Int64(Date().timeIntervalSince1970 * 1000)
                let result = try await database.transaction { db in
                    let result = try await StakeAccountWriter.sync(userId: wallet.id, accounts: rows, nowMillis: now, on: db)
                    if isLast, let finalize { try await finalize(db) }
                    return result
                }
                finalized = finalized || isLast
                report.synced += 1
                report.accounts += result.upserted
                report.closed += result.closed
            }
            let done = min(start + batchSize, wallets.count)
            let rate = Double(report.synced) / Double(done) * 100
            logger.info("✅ Synced \(done)/\(wallets.count) wallets", metadata: [
                "phase": "stake-sync", "batchNumber": "\(batchIndex + 1)", "totalBatches": "\(totalBatches)",
                "progress": "\(done)/\(wallets.count)", "successRate": "\(String(format: "%.1f", rate))%",
            ])
            await progress?("\(done)/\(wallets.count)")
        }
        if !report.failed.isEmpty {
            throw StakeSyncError(failed: report.failed, synced: report.synced)
        }
        if !finalized, let finalize { try await database.transaction { db in try await finalize(db) } }
        return report
    }
}

/// Some wallets could not be synced: the job fails (and is retried); the synced ones are stored, the others keep their
/// previous data.
public struct StakeSyncError: Error, CustomStringConvertible {
    public let failed: [String: String]
    public let synced: Int

    public var description: String {
        let first = failed.sorted { $0.key < $1.key }.prefix(3).map { "\($0.key): \($0.value)" }.joined(separator: "; ")
        return "stake sync failed for \(failed.count) wallet(s) (\(synced) synced): \(first)"
    }
}
