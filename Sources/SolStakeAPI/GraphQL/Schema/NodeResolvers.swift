import Foundation
import Graphiti
import SolStakeCore
import SolStakeStore

/// Page sizes of nested lists: the default when no `limit` is given, and the hard maximum.
public enum PageSizes {
    public static let scoreHistory = (default: 10, max: 100)
    public static let epochStats = (default: 10, max: 100)
    public static let runScores = (default: 10_000, max: 10_000)
    public static let validators = (default: 10_000, max: 10_000)
    public static let connection = (default: 50, max: 500)
    public static let scoringRuns = (default: 1_000, max: 1_000)
    public static let users = (default: 10_000, max: 10_000)
    public static let stakeAccounts = (default: 1_000, max: 1_000)

    /// A root list without `limit` returns every row up to its maximum; one row more than that is an error saying to
    /// page, never a silent prefix. `limit` is how many to fetch (one more when the list must be complete).
    static func page(_ requested: Int?, _ size: (default: Int, max: Int), field: String) throws -> (limit: Int, complete: Bool) {
        guard requested != nil else { return (size.max, true) }
        return (try clamp(requested, size, field: field), false)
    }

    /// The rows of a page fetched with `page`: all of them, or an error when a complete list would be cut.
    static func complete<Row>(_ rows: [Row], _ page: (limit: Int, complete: Bool), field: String, paging: String) throws -> [Row] {
        guard page.complete, rows.count > page.limit else { return Array(rows.prefix(page.limit)) }
        throw APIError(.RESULT_TOO_LARGE, "\(field) has more than \(page.limit) rows, the most one answer returns: page with \(paging)")
    }

    static func clamp(_ requested: Int?, _ size: (default: Int, max: Int), field: String) throws -> Int {
        guard let requested else { return size.default }
        guard (0...size.max).contains(requested) else {
            throw APIError.badInput("\(field): limit must be between 0 and \(size.max), got \(requested)")
        }
        return requested
    }
}

extension ValidatorNode {
    public var epochInt: Int? { record.firstSeenEpoch.map(Int.init) }
    public var lastVoteInt: Int? { record.lastVote.map(Int.init) }
    public var rootSlotInt: Int? { record.rootSlot.map(Int.init) }

    public func latestTrustScore(context: GraphQLContext, arguments: NoArguments) async throws -> TrustScoreNode? {
        try await context.latestScore(record.id)
    }

    public func trustScores(context: GraphQLContext, arguments: LimitArguments) async throws -> [TrustScoreNode] {
        try await context.scoreHistory(record.id, limit: PageSizes.clamp(arguments.limit, PageSizes.scoreHistory, field: "trustScores"))
    }

    public func epochStats(context: GraphQLContext, arguments: LimitArguments) async throws -> [EpochStatNode] {
        try await context.epochStats(record.id, limit: PageSizes.clamp(arguments.limit, PageSizes.epochStats, field: "epochStats"))
    }

    public func commissionHistory(context: GraphQLContext, arguments: NoArguments) async throws -> [CommissionChangeNode] {
        try await context.commissionHistory(record.id)
    }
}

extension TrustScoreNode {
    public func validator(context: GraphQLContext, arguments: NoArguments) async throws -> ValidatorNode? {
        try await context.validator(record.validatorId)
    }
}

extension ScoringRunNode {
    public var epochInt: Int? { record.epoch.map(Int.init) }
    public var durationMsInt: Int? { record.durationMs.map(Int.init) }

    public func trustScores(context: GraphQLContext, arguments: LimitArguments) async throws -> [TrustScoreNode] {
        try await context.scores(run: record.id, limit: PageSizes.clamp(arguments.limit, PageSizes.runScores, field: "trustScores"))
    }
}

extension EpochStatNode {
    public var epochInt: Int { Int(record.epoch) }
    public var creditsInt: Int? { record.credits.map(Int.init) }
    public var creditCeilingInt: Int? { record.creditCeiling.map(Int.init) }
    public var leaderSlotsInt: Int? { record.leaderSlots.map(Int.init) }
    public var blocksProducedInt: Int? { record.blocksProduced.map(Int.init) }
    public var imported: Bool { record.importedAtMillis != nil }
}

extension CommissionChangeNode {
    public var epochInt: Int { Int(record.epoch) }
}

extension StakeAccountNode {
    public var activationEpochInt: Int? { record.activationEpoch.map(Int.init) }
    public var deactivationEpochInt: Int? { record.deactivationEpoch.map(Int.init) }

    public func validator(context: GraphQLContext, arguments: NoArguments) async throws -> ValidatorNode? {
        guard let validatorId = record.validatorId else { return nil }
        return try await context.validator(validatorId)
    }

    /// Newest first, over the last `lastEpochs` completed epochs.
    public func rewards(context: GraphQLContext, arguments: RewardWindowArguments) async throws -> [StakeRewardNode] {
        let window = try await RewardWindow.of(arguments.lastEpochs, context: context)
        return try await context.rewards(stakeAccount: record.id, fromEpoch: window.fromEpoch)
            .filter { window.contains($0.epoch) }.reversed().map(StakeRewardNode.init)
    }
}

/// The completed epochs a rewards field covers: the last `lastEpochs` (default 10, at most 100) before the newest fetch's.
struct RewardWindow {
    let fromEpoch: UInt64
    let toEpoch: UInt64?
    let epochsPerYear: Double

    static func of(_ lastEpochs: Int?, context: GraphQLContext) async throws -> RewardWindow {
        let count = lastEpochs ?? 10
        guard (1...100).contains(count) else { throw APIError.badInput("lastEpochs must be between 1 and 100, got \(count)") }
        let economics = try await context.latestEconomics()
        // No fetch has measured the slot time yet: the schedule's nominal one.
        let perYear = economics?.epochsPerYear ?? YieldEstimate.Network.epochsPerYear(secondsPerSlot: nil, slotsInEpoch: 432_000)
        guard let current = economics.map({ UInt64(max(0, $0.epoch)) }), current > 0 else {
            return RewardWindow(fromEpoch: 0, toEpoch: nil, epochsPerYear: perYear)
        }
        return RewardWindow(fromEpoch: current > UInt64(count) ? current - UInt64(count) : 0, toEpoch: current - 1, epochsPerYear: perYear)
    }

    func contains(_ epoch: Int64) -> Bool { epoch >= 0 && UInt64(epoch) >= fromEpoch && toEpoch.map { UInt64(epoch) <= $0 } ?? true }
}

extension UserNode {
    public func stakeAccounts(context: GraphQLContext, arguments: StakeAccountsArguments) async throws -> [StakeAccountNode] {
        try await context.stakeAccounts(user: record.id, includeClosed: arguments.includeClosed ?? false)
    }

    private func open(_ context: GraphQLContext) async throws -> [StakeAccountNode] {
        try await context.stakeAccounts(user: record.id, includeClosed: false)
    }

    public func totalStake(context: GraphQLContext, arguments: NoArguments) async throws -> LamportAmount {
        LamportAmount(try await open(context).reduce(UInt64(0)) { $0 + $1.stakedAmount.value })
    }

    public func activeStake(context: GraphQLContext, arguments: NoArguments) async throws -> LamportAmount {
        LamportAmount(try await open(context).filter { $0.state == StakeState.active.rawValue }.reduce(UInt64(0)) { $0 + $1.stakedAmount.value })
    }

    /// The stake-weighted average of the latest trust scores of the validators this wallet delegates to (accounts
    /// with stake on a scored validator), or null when none is scored.
    public func weightedTrustScore(context: GraphQLContext, arguments: NoArguments) async throws -> Double? {
        var weighted = 0.0
        var stake = 0.0
        for account in try await open(context) where account.stakedAmount.value > 0 {
            guard let validatorId = account.validatorId, let score = try await context.latestScore(validatorId) else { continue }
            weighted += score.score * Double(account.stakedAmount.value)
            stake += Double(account.stakedAmount.value)
        }
        return stake > 0 ? (weighted / stake * 1_000_000).rounded() / 1_000_000 : nil
    }

    /// Every stored reward of the wallet's stake accounts (closed ones too) in the window, with its account.
    private func rewardsInWindow(_ window: RewardWindow, context: GraphQLContext) async throws -> [(account: StakeAccountNode, reward: RewardStore.StoredReward)] {
        var out: [(account: StakeAccountNode, reward: RewardStore.StoredReward)] = []
        for account in try await context.stakeAccounts(user: record.id, includeClosed: true) {
            for reward in try await context.rewards(stakeAccount: account.record.id, fromEpoch: window.fromEpoch) where window.contains(reward.epoch) {
                out.append((account, reward))
            }
        }
        return out
    }

    /// The wallet's rewards per completed epoch (newest first), over all its stake accounts.
    public func rewards(context: GraphQLContext, arguments: RewardWindowArguments) async throws -> [EpochRewardNode] {
        let window = try await RewardWindow.of(arguments.lastEpochs, context: context)
        var byEpoch: [Int: (amount: UInt64, rewarded: Int, none: Int)] = [:]
        for (_, reward) in try await rewardsInWindow(window, context: context) {
            var total = byEpoch[Int(reward.epoch)] ?? (0, 0, 0)
            if let amount = reward.amount { total.amount += UInt64(max(0, amount)); total.rewarded += 1 } else { total.none += 1 }
            byEpoch[Int(reward.epoch)] = total
        }
        return byEpoch.sorted { $0.key > $1.key }.map {
            EpochRewardNode(epoch: $0.key, amount: LamportAmount($0.value.amount), rewardedAccounts: $0.value.rewarded, accountsWithoutReward: $0.value.none)
        }
    }

    /// What the wallet's stake earned over the window, compounded to a year: each epoch's rewards over the balances
    /// that earned them (an account with no reward counts its stake), chained, at the measured epochs per year. Null
    /// without a stored reward in the window.
    public func realizedApy(context: GraphQLContext, arguments: RewardWindowArguments) async throws -> Double? {
        let window = try await RewardWindow.of(arguments.lastEpochs, context: context)
        let entries = try await rewardsInWindow(window, context: context).map { account, reward in
            RealizedYield.Entry(epoch: reward.epoch, amount: reward.amount.map { UInt64(max(0, $0)) },
                                postBalance: reward.postBalance.map { UInt64(max(0, $0)) }, stake: account.stakedAmount.value)
        }
        return RealizedYield.apy(entries, epochsPerYear: window.epochsPerYear)
    }

    /// The stake-weighted estimated APY of the validators the wallet's open accounts delegate to; null when none has one.
    public func projectedApy(context: GraphQLContext, arguments: NoArguments) async throws -> Double? {
        var weighted = 0.0
        var stake = 0.0
        for account in try await open(context) where account.stakedAmount.value > 0 && account.state != StakeState.inactive.rawValue {
            guard let validatorId = account.validatorId, let apy = try await context.validator(validatorId)?.apy else { continue }
            weighted += apy.total * Double(account.stakedAmount.value)
            stake += Double(account.stakedAmount.value)
        }
        return stake > 0 ? weighted / stake : nil
    }

    /// Stake (on open, delegated accounts) exposed to: a delinquent validator, commission above `commissionAbove`
    /// (default 10), a commission raise seen in the validator's observations, or a latest score more than
    /// `scoreDropAbove` points (default 10) below the previous run's.
    public func alerts(context: GraphQLContext, arguments: AlertArguments) async throws -> [AlertNode] {
        let commissionAbove = arguments.commissionAbove ?? 10
        let dropAbove = arguments.scoreDropAbove ?? 10
        guard (0...100).contains(commissionAbove) else { throw APIError.badInput("commissionAbove must be between 0 and 100") }
        guard dropAbove >= 0 else { throw APIError.badInput("scoreDropAbove must not be negative") }
        let apyGap = arguments.apyBelowNetworkBy ?? 0.005
        guard apyGap >= 0, apyGap.isFinite else { throw APIError.badInput("apyBelowNetworkBy must be a fraction of at least 0") }
        let economics = try await context.latestEconomics()
        let latestCompleted = economics.flatMap { $0.epoch > 0 ? $0.epoch - 1 : nil }
        var alerts: [AlertNode] = []
        for account in try await open(context) where account.voteAccount != nil && account.state != StakeState.inactive.rawValue {
            guard let validatorId = account.validatorId, let validator = try await context.validator(validatorId) else { continue }
            let label = validator.name.map { "\($0) (\(validator.voteAccount))" } ?? validator.voteAccount
            if let latestCompleted, account.state == StakeState.active.rawValue,
                let missed = try await context.rewards(stakeAccount: account.record.id, fromEpoch: UInt64(latestCompleted))
                    .first(where: { $0.epoch == latestCompleted && $0.amount == nil })
            {
                alerts.append(.init(kind: .REWARDS_MISSED, stakeAccount: account.pubkey, voteAccount: validator.voteAccount,
                                    message: "\(account.pubkey) earned no inflation reward in epoch \(missed.epoch) while delegated to \(label)"))
            }
            if let network = economics?.networkApy, let apy = validator.apy, apy.total < network - apyGap {
                alerts.append(.init(kind: .APY_BELOW_NETWORK, stakeAccount: account.pubkey, voteAccount: validator.voteAccount,
                                    message: String(format: "%@ is estimated at %.2f%% APY, the network at %.2f%% (threshold %.2f points below)", label, apy.total * 100, network * 100, apyGap * 100)))
            }
            if validator.delinquent {
                alerts.append(.init(kind: .DELINQUENT, stakeAccount: account.pubkey, voteAccount: validator.voteAccount,
                                    message: "\(label) is delinquent"))
            }
            if let commission = validator.commission, commission > commissionAbove {
                alerts.append(.init(kind: .HIGH_COMMISSION, stakeAccount: account.pubkey, voteAccount: validator.voteAccount,
                                    message: "\(label) charges \(commission)% commission (threshold \(commissionAbove)%)"))
            }
            if let raise = try await context.commissionHistory(validatorId).first(where: { ($0.to ?? 0) > ($0.from ?? 0) }) {
                alerts.append(.init(kind: .COMMISSION_RAISED, stakeAccount: account.pubkey, voteAccount: validator.voteAccount,
                                    message: "\(label) raised its commission from \(raise.from.map(String.init) ?? "?")% to \(raise.to.map(String.init) ?? "?")% in epoch \(raise.epoch)"))
            }
            if let latest = try await context.latestScore(validatorId), let previous = try await context.previousScore(validatorId),
                previous.score - latest.score > dropAbove
            {
                alerts.append(.init(kind: .SCORE_DROPPED, stakeAccount: account.pubkey, voteAccount: validator.voteAccount,
                                    message: "\(label)'s trust score fell from \(previous.score) to \(latest.score)"))
            }
        }
        return alerts
    }
}
