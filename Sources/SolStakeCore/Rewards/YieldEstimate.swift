import Foundation

/// Estimated staking yield per validator for the current epoch, from what JSON-RPC reports: the inflation rate and
/// governor, the supply, every vote account's stake, credits and commission, and (where known) the Jito tips of the
/// last completed epoch with the MEV commission. Rewards of an epoch are paid on that epoch's credits, so the credits
/// earned so far in it stand for the whole epoch. APY compounds the per-epoch return over the epochs a calendar year
/// holds at the measured slot time.
public enum YieldEstimate {
    public struct Network: Sendable, Equatable {
        /// `getInflationRate().validator` for the current epoch.
        public var validatorRate: Double
        public var governor: InflationGovernor
        /// `getSupply().total`, lamports (the runtime's capitalization).
        public var capitalization: UInt64
        public var slotsInEpoch: UInt64
        /// Measured seconds per slot (`getRecentPerformanceSamples`); nil: the schedule's nominal slot time.
        public var secondsPerSlot: Double?

        public init(validatorRate: Double, governor: InflationGovernor, capitalization: UInt64, slotsInEpoch: UInt64, secondsPerSlot: Double?) {
            self.validatorRate = validatorRate
            self.governor = governor
            self.capitalization = capitalization
            self.slotsInEpoch = slotsInEpoch
            self.secondsPerSlot = secondsPerSlot
        }

        /// Epochs in a calendar year at the measured (else nominal) slot time.
        public var epochsPerYear: Double { Self.epochsPerYear(secondsPerSlot: secondsPerSlot, slotsInEpoch: slotsInEpoch) }

        public static func epochsPerYear(secondsPerSlot: Double?, slotsInEpoch: UInt64) -> Double {
            InflationGovernor.secondsPerYear / ((secondsPerSlot ?? InflationGovernor.nominalSecondsPerSlot) * Double(slotsInEpoch))
        }

        /// The pool the current epoch will pay, with the next epoch's rate (the runtime computes it there).
        public var pool: UInt64 {
            InflationRewards.pool(
                validatorRate: governor.validatorRate(after: validatorRate, slots: slotsInEpoch), capitalization: capitalization,
                slotsInEpoch: slotsInEpoch)
        }
    }

    public struct Validator: Sendable, Equatable {
        public var voteAccount: String
        public var activatedStake: UInt64
        /// Credits earned in the current epoch so far.
        public var credits: UInt64
        public var commission: UInt8
        /// Nil: MEV not known (APY is shown without it).
        public var mevCommissionBps: UInt16?
        /// Tips of the last completed epoch (lamports); nil: not known; 0 with a commission: ran Jito, earned none.
        public var mevTips: UInt64?

        public init(voteAccount: String, activatedStake: UInt64, credits: UInt64, commission: UInt8, mevCommissionBps: UInt16? = nil, mevTips: UInt64? = nil) {
            self.voteAccount = voteAccount
            self.activatedStake = activatedStake
            self.credits = credits
            self.commission = commission
            self.mevCommissionBps = mevCommissionBps
            self.mevTips = mevTips
        }
    }

    public struct Estimate: Sendable, Equatable {
        public var voteAccount: String
        /// Staker's return per epoch from inflation, after commission (fraction of the stake).
        public var inflationPerEpoch: Double
        /// Staker's return per epoch from MEV tips after the MEV commission; nil when not known.
        public var mevPerEpoch: Double?
        public var inflationApy: Double
        public var mevApy: Double?
        /// Inflation and MEV compounded together (inflation alone when MEV is not known).
        public var totalApy: Double
    }

    public struct Result: Sendable, Equatable {
        public var estimates: [Estimate]
        /// Stake-weighted over all validators (MEV counted where known).
        public var networkApy: Double
        public var pool: UInt64
        public var totalPoints: UInt128
        public var epochsPerYear: Double
    }

    /// The largest MEV return an epoch is believed (a fraction of the stake).
    public static let maximumMevPerEpoch = 0.005

    public static func apy(perEpoch: Double, epochsPerYear: Double) -> Double {
        pow(1 + perEpoch, epochsPerYear) - 1
    }

    public static func estimate(network: Network, validators: [Validator]) -> Result {
        let pool = network.pool
        let totalPoints = validators.reduce(UInt128(0)) { $0 + InflationRewards.points(stake: $1.activatedStake, credits: $1.credits) }
        let perYear = network.epochsPerYear
        var stakeWeighted = 0.0
        var totalStake = 0.0
        let estimates = validators.map { v -> Estimate in
            var inflation = 0.0
            if totalPoints > 0, v.activatedStake > 0 {
                // Per lamport of stake: pool x credits / points, after commission.
                let perLamport = Double(pool) * Double(v.credits) / Double(totalPoints)
                inflation = perLamport * Double(100 - min(v.commission, 100)) / 100
            }
            var mev: Double?
            if let bps = v.mevCommissionBps, let tips = v.mevTips, v.activatedStake > 0 {
                mev = Double(tips) * Double(10_000 - min(bps, 10_000)) / 10_000 / Double(v.activatedStake)
                // Last epoch's tips are divided by today's stake: where that stake has since shrunk, the ratio says
                // nothing about a year (past `maximumMevPerEpoch`, 0.5% an epoch, about 150 times mainnet's): not estimated.
                if let m = mev, m > maximumMevPerEpoch { mev = nil }
            }
            let total = apy(perEpoch: inflation + (mev ?? 0), epochsPerYear: perYear)
            stakeWeighted += total * Double(v.activatedStake)
            totalStake += Double(v.activatedStake)
            return Estimate(
                voteAccount: v.voteAccount, inflationPerEpoch: inflation, mevPerEpoch: mev,
                inflationApy: apy(perEpoch: inflation, epochsPerYear: perYear), mevApy: mev.map { apy(perEpoch: $0, epochsPerYear: perYear) },
                totalApy: total)
        }
        return Result(
            estimates: estimates, networkApy: totalStake > 0 ? stakeWeighted / totalStake : 0, pool: pool, totalPoints: totalPoints,
            epochsPerYear: perYear)
    }
}
