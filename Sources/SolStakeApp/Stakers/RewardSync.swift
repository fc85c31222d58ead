import Foundation
import Logging
import SQLKit
import SolStakeCore
import SolStakeStore
import SolanaRPC

/// Fetches tracked stake accounts' inflation rewards (`getInflationReward`, 32 addresses a call, sent as batches) for
/// the last `backfillEpochs` completed epochs, each account and epoch once; one transaction per epoch. The latest
/// completed epoch's "no reward" answers are asked again (its rewards may still be being paid). An epoch the node
/// cannot answer (pruned, or not available yet: -32004 and kin) is recorded with the node's reason and skipped; a later
/// run asks again, and nothing is duplicated.
public enum RewardSync {
    public static let defaultBackfillEpochs: UInt64 = 10

    public struct Report: Sendable, Equatable {
        public var epochs: [UInt64] = []
        public var asked = 0
        public var rewarded = 0
        public var noReward = 0
        public var unavailable: [UInt64: String] = [:]
        public var rpcBatches = 0
    }

    public static func run(
        client: any SolanaRPCClient, database: any DatabaseClient, logger: Logger, backfillEpochs: UInt64 = defaultBackfillEpochs,
        finalize: (@Sendable (any SQLDatabase) async throws -> Void)? = nil
    ) async throws -> Report {
        var logger = logger
        logger[metadataKey: "jobType"] = "reward-sync"
        var report = Report()
        let current = try await client.getEpochInfo().epoch
        let first = current > backfillEpochs ? current - backfillEpochs : 0
        report.epochs = Array(first..<current)
        for epoch in report.epochs {
            let pending = try await database.read { db in
                try await RewardStore.pending(epoch: epoch, reaskNulls: epoch + 1 == current, on: db)
            }
            guard !pending.isEmpty else { continue }
            let answers: [InflationReward?]
            do {
                answers = try await client.getInflationReward(addresses: pending.map(\.pubkey), epoch: epoch)
                report.rpcBatches += 1
            } catch let error as SolanaRPCError {
                guard case .node(_, _, let code, let message) = error.underlying, JSONRPCErrorObject.historyUnavailable.contains(code) else {
                    throw error
                }
                let reason = "node error \(code): \(message)"
                report.unavailable[epoch] = reason
                let now = Int64(Date().timeIntervalSince1970 * 1000)
                try await database.transaction { db in try await RewardStore.markUnavailable(epoch: epoch, reason: reason, nowMillis: now, on: db) }
                logger.warning("Rewards of an epoch are not available from the node; skipped, a later run asks again", metadata: [
                    "epoch": "\(epoch)", "reason": "\(reason)",
                ])
                continue
            }
            guard answers.count == pending.count else {
                throw RewardSyncError("getInflationReward answered \(answers.count) entries for \(pending.count) addresses (epoch \(epoch))")
            }
            var rows: [RewardStore.Answer] = []
            for (index, (account, answer)) in zip(pending, answers).enumerated() {
                if let answer {
                    // Refused here, naming the field, rather than stored truncated or as a negative BIGINT.
                    _ = try Lamports.storable(answer.amount, field: "getInflationReward result[\(index)].amount (stake account \(account.pubkey), epoch \(epoch))")
                    _ = try Lamports.storable(answer.postBalance, field: "getInflationReward result[\(index)].postBalance (stake account \(account.pubkey), epoch \(epoch))")
                    guard answer.epoch == epoch else {
                        throw RewardSyncError("getInflationReward result[\(index)] is for epoch \(answer.epoch), asked \(epoch) (stake account \(account.pubkey))")
                    }
                }
                let amount = answer.flatMap { $0.amount > 0 ? $0.amount : nil }
                if amount == nil { report.noReward += 1 } else { report.rewarded += 1 }
                rows.append(RewardStore.Answer(
                    stakeAccountId: account.id, epoch: epoch, amount: amount, postBalance: answer?.postBalance,
                    commission: answer?.commission, effectiveSlot: answer?.effectiveSlot))
            }
            report.asked += pending.count
            let now = Int64(Date().timeIntervalSince1970 * 1000)
            try await database.transaction { db in try await RewardStore.write(rows, nowMillis: now, on: db) }
            logger.info("Stored rewards of an epoch", metadata: [
                "epoch": "\(epoch)", "accounts": "\(rows.count)", "rewarded": "\(rows.filter { $0.amount != nil }.count)",
            ])
        }
        if let finalize { try await database.transaction { db in try await finalize(db) } }
        return report
    }

    /// One line for the CLI: what was asked and stored, and the epochs the node could not answer.
    public static func describe(_ report: Report) -> String {
        let range = report.epochs.first.map { first in "epochs \(first)-\(report.epochs.last ?? first)" } ?? "no completed epoch"
        var text = "rewards for \(range): \(report.asked) asked in \(report.rpcBatches) batches, \(report.rewarded) rewarded, \(report.noReward) without reward"
        if !report.unavailable.isEmpty {
            text += "; not available from the node: " + report.unavailable.sorted { $0.key < $1.key }.map { "\($0.key) (\($0.value))" }.joined(separator: ", ")
        }
        return text
    }
}

public struct RewardSyncError: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
