import Foundation

/// What stake accounts really earned, from their stored per-epoch rewards: the wallet's `realizedApy` and the CLI's
/// `wallet list`.
public enum RealizedYield {
    /// One stake account's answer for one completed epoch. `amount` nil is "no reward": the account's stake counts in
    /// the base but earned nothing.
    public struct Entry: Sendable, Equatable {
        public var epoch: Int64
        public var amount: UInt64?
        public var postBalance: UInt64?
        public var stake: UInt64

        public init(epoch: Int64, amount: UInt64?, postBalance: UInt64?, stake: UInt64) {
            self.epoch = epoch
            self.amount = amount
            self.postBalance = postBalance
            self.stake = stake
        }
    }

    /// Each epoch's rewards over the balances that earned them (post balance minus reward; the account's stake when it
    /// earned nothing), chained and compounded to a year at `epochsPerYear`. Nil without an epoch to judge.
    public static func apy(_ entries: [Entry], epochsPerYear: Double) -> Double? {
        var byEpoch: [Int64: (earned: Double, base: Double)] = [:]
        for entry in entries {
            var sums = byEpoch[entry.epoch] ?? (0, 0)
            if let amount = entry.amount, let post = entry.postBalance, post >= amount {
                sums.earned += Double(amount)
                sums.base += Double(post - amount)
            } else {
                sums.base += Double(entry.stake)
            }
            byEpoch[entry.epoch] = sums
        }
        let returns = byEpoch.values.filter { $0.base > 0 }.map { $0.earned / $0.base }
        guard !returns.isEmpty, epochsPerYear > 0, epochsPerYear.isFinite else { return nil }
        let growth = returns.reduce(1.0) { $0 * (1 + $1) }
        let apy = pow(growth, epochsPerYear / Double(returns.count)) - 1
        return apy.isFinite ? apy : nil
    }

    /// Lamports earned per epoch, newest first.
    public static func totals(_ entries: [Entry]) -> [(epoch: Int64, lamports: UInt64)] {
        var byEpoch: [Int64: UInt64] = [:]
        for entry in entries { byEpoch[entry.epoch, default: 0] += entry.amount ?? 0 }
        return byEpoch.sorted { $0.key > $1.key }.map { ($0.key, $0.value) }
    }
}
