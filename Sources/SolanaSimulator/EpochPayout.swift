import SolStakeCore
import SolanaRPC

/// What the simulated runtime pays when an epoch ends, by the runtime's formula (`InflationRewards`): the pool is the
/// validator rate of the next epoch times the capitalization times the epoch's length in years; every delegation earns
/// its share of the pool by points = stake x its validator's credits in the epoch; the commission is split off.
/// Delegations the cluster does not list one by one are covered by each vote account's activated stake, so the total
/// points are the vote accounts' (the tracked stake accounts are part of that stake).
struct EpochPayout: Sendable, Equatable {
    /// Lamports minted: every validator's stake rewarded, both sides of the split.
    var minted: UInt64
    /// Staker-side rewards per stake account that earned something (the runtime records no zero rewards).
    var stakeRewards: [String: InflationReward]
    /// Staker-side rewards per vote account over all its stake (its activated stake grows by them).
    var stakerShareByVoteAccount: [String: UInt64]

    /// `validators` as the epoch ended (their last completed-credits entry is `epoch`'s).
    static func compute(
        epoch: UInt64, validators: [SimValidator], stakeAccounts: [StakeAccount], capitalization: UInt64, governor: InflationGovernor,
        inflationStartEpoch: UInt64, slotsPerEpoch: UInt64
    ) -> EpochPayout {
        // The rewards of an epoch are computed at the next one's first slot, with its rate (zero before inflation began).
        let rate = InflationGovernor.year(epoch: epoch + 1, startEpoch: inflationStartEpoch, slotsPerEpoch: slotsPerEpoch)
            .map(governor.validatorRate(year:)) ?? 0
        let pool = InflationRewards.pool(validatorRate: rate, capitalization: capitalization, slotsInEpoch: slotsPerEpoch)
        var credits: [String: (credits: UInt64, commission: UInt8, points: UInt128)] = [:]
        var totalPoints = UInt128(0)
        for v in validators {
            let earned = v.completedCredits.last(where: { $0.epoch == epoch })?.earned ?? 0
            let points = InflationRewards.points(stake: v.activatedStake, credits: earned)
            credits[v.voteAccount] = (earned, v.commission, points)
            totalPoints += points
        }
        var minted: UInt64 = 0
        var stakerShares: [String: UInt64] = [:]
        for v in validators {
            guard let served = credits[v.voteAccount],
                let reward = InflationRewards.reward(points: served.points, totalPoints: totalPoints, pool: pool)
            else { continue }
            minted &+= reward
            stakerShares[v.voteAccount] = InflationRewards.split(reward, commission: served.commission).staker
        }
        var stakeRewards: [String: InflationReward] = [:]
        for account in stakeAccounts {
            guard let voter = account.voter, let stake = account.stake, let served = credits[voter],
                Self.isEffective(account, in: epoch),
                let reward = InflationRewards.reward(
                    points: InflationRewards.points(stake: stake, credits: served.credits), totalPoints: totalPoints, pool: pool)
            else { continue }
            let commission = served.commission
            let (voterSide, stakerSide) = InflationRewards.split(reward, commission: commission)
            // The runtime pays nothing when a split leaves one side without a whole lamport.
            if commission > 0, commission < 100, voterSide == 0 || stakerSide == 0 { continue }
            guard stakerSide > 0 else { continue }
            stakeRewards[account.pubkey] = InflationReward(
                epoch: epoch, effectiveSlot: (epoch + 1) * slotsPerEpoch, amount: stakerSide, postBalance: account.lamports + stakerSide,
                commission: commission)
        }
        return EpochPayout(minted: minted, stakeRewards: stakeRewards, stakerShareByVoteAccount: stakerShares)
    }

    /// Delegated stake counts in an epoch after the one it was activated in, through the epoch it is deactivated in.
    static func isEffective(_ account: StakeAccount, in epoch: UInt64) -> Bool {
        guard account.type == "delegated", let activation = account.activationEpoch else { return false }
        return activation < epoch && epoch <= (account.deactivationEpoch ?? .max)
    }
}
