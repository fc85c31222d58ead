import Foundation
import Testing
@testable import SolStakeCore

@Suite struct InflationGovernorTests {
    let governor = InflationGovernor.mainnet

    @Test func tapersFromInitialToTerminal() {
        #expect(governor.total(year: 0) == 0.08)
        #expect(abs(governor.total(year: 1) - 0.068) < 1e-12)
        #expect(abs(governor.total(year: 2.5) - 0.08 * pow(0.85, 2.5)) < 1e-12)
        #expect(governor.total(year: 40) == 0.015)
    }

    @Test func foundationShareEndsWithItsTerm() {
        let g = InflationGovernor(initial: 0.08, terminal: 0.015, taper: 0.15, foundation: 0.05, foundationTerm: 7)
        #expect(abs(g.validatorRate(year: 1) - 0.068 * 0.95) < 1e-12)
        #expect(g.validatorRate(year: 7) == g.total(year: 7))
    }

    @Test func nextEpochRateFollowsTheTaperAndStopsAtTheFloor() {
        let year = 3.302
        let next = governor.validatorRate(after: governor.validatorRate(year: year), slots: 432_000)
        #expect(abs(next - governor.validatorRate(year: year + InflationGovernor.years(slots: 432_000))) < 1e-15)
        #expect(governor.validatorRate(after: 0.015, slots: 432_000) == 0.015)
    }
}

@Suite struct InflationRewardsTests {
    @Test func commissionSplitTruncatesEachSide() {
        #expect(InflationRewards.split(1_001, commission: 0) == (0, 1_001))
        #expect(InflationRewards.split(1_001, commission: 100) == (1_001, 0))
        let split = InflationRewards.split(1_001, commission: 7)
        #expect(split == (70, 930))
        #expect(InflationRewards.split(1_001, commission: 250) == (1_001, 0))
    }

    @Test func rewardUses128BitPointsAndPaysNoZeroes() {
        // Mainnet scale: 4e17 lamports staked x 6.9 million credits overflows 64 bits.
        let total = InflationRewards.points(stake: 400_000_000_000_000_000, credits: 6_912_000)
        let mine = InflationRewards.points(stake: 1_000_000_000_000, credits: 6_912_000)
        let pool: UInt64 = 140_000_000_000_000
        #expect(InflationRewards.reward(points: mine, totalPoints: total, pool: pool) == 350_000_000)
        #expect(InflationRewards.reward(points: 1, totalPoints: total, pool: pool) == nil)
        #expect(InflationRewards.reward(points: 0, totalPoints: total, pool: pool) == nil)
        #expect(InflationRewards.reward(points: mine, totalPoints: 0, pool: pool) == nil)
    }

    @Test func poolIsRateTimesCapitalizationTimesEpochYears() {
        let pool = InflationRewards.pool(validatorRate: 0.0468, capitalization: 597_000_000 * 1_000_000_000, slotsInEpoch: 432_000)
        let expected = 0.0468 * 597e15 * 432_000 / InflationGovernor.slotsPerYear
        #expect(abs(Double(pool) - expected) <= 1)
        #expect(InflationRewards.pool(validatorRate: 0, capitalization: 1, slotsInEpoch: 432_000) == 0)
    }
}

@Suite struct YieldEstimateTests {
    let network = YieldEstimate.Network(
        validatorRate: 0.0468, governor: .mainnet, capitalization: 597_000_000 * 1_000_000_000, slotsInEpoch: 432_000,
        secondsPerSlot: nil)
    let validators = [
        YieldEstimate.Validator(voteAccount: "A", activatedStake: 300_000_000 * 1_000_000_000, credits: 6_900_000, commission: 0, mevCommissionBps: 800, mevTips: 2_000_000_000_000),
        YieldEstimate.Validator(voteAccount: "B", activatedStake: 90_000_000 * 1_000_000_000, credits: 6_100_000, commission: 5),
        YieldEstimate.Validator(voteAccount: "C", activatedStake: 10_000_000 * 1_000_000_000, credits: 0, commission: 10),
    ]

    @Test func perEpochReturnPredictsTheRuntimesRewardForAStake() {
        let result = YieldEstimate.estimate(network: network, validators: validators)
        for (v, e) in zip(validators, result.estimates) {
            let stake: UInt64 = 12_345 * 1_000_000_000
            let paid = InflationRewards.reward(
                points: InflationRewards.points(stake: stake, credits: v.credits), totalPoints: result.totalPoints, pool: result.pool)
                .map { InflationRewards.split($0, commission: v.commission).staker } ?? 0
            let predicted = e.inflationPerEpoch * Double(stake)
            #expect(abs(predicted - Double(paid)) <= max(2, Double(paid) * 1e-9), "\(v.voteAccount): \(predicted) vs \(paid)")
        }
        #expect(result.estimates[2].inflationApy == 0)
    }

    /// Last epoch's tips over a stake that has since shrunk give an implausible return: not estimated, at the boundary.
    @Test func mevPastThePlausibleMaximumIsNotEstimated() {
        let big = YieldEstimate.Validator(voteAccount: "big", activatedStake: 400_000_000_000_000_000, credits: 6_000_000, commission: 5)
        func mev(tips: UInt64) -> Double? {
            let shrunk = YieldEstimate.Validator(
                voteAccount: "shrunk", activatedStake: 1_000_000_000, credits: 6_000_000, commission: 0, mevCommissionBps: 0, mevTips: tips)
            return YieldEstimate.estimate(network: network, validators: [big, shrunk]).estimates[1].mevPerEpoch
        }
        #expect(mev(tips: 5_000_000) == 0.005)
        #expect(mev(tips: 5_000_001) == nil)
        #expect(YieldEstimate.estimate(network: network, validators: [big]).estimates[0].totalApy.isFinite)
    }

    @Test func mevCountsOnlyWhereKnown() {
        let result = YieldEstimate.estimate(network: network, validators: validators)
        let a = result.estimates[0], b = result.estimates[1]
        #expect(abs(a.mevPerEpoch! - 2_000_000_000_000 * 0.92 / 3e17) < 1e-15)
        #expect(a.totalApy > a.inflationApy)
        #expect(b.mevPerEpoch == nil && b.mevApy == nil)
        #expect(b.totalApy == b.inflationApy)
    }

    @Test func apyCompoundsOverTheCalendarEpochsOfAYear() {
        #expect(abs(network.epochsPerYear - 365.242199 * 86_400 / (0.4 * 432_000)) < 1e-9)
        var slow = network
        slow.secondsPerSlot = 0.44
        #expect(slow.epochsPerYear < network.epochsPerYear)
        #expect(abs(YieldEstimate.apy(perEpoch: 0.0002, epochsPerYear: 182) - (pow(1.0002, 182) - 1)) < 1e-15)
        let result = YieldEstimate.estimate(network: network, validators: validators)
        let stake = validators.map { Double($0.activatedStake) }
        let weighted = zip(result.estimates, stake).map { $0.totalApy * $1 }.reduce(0, +) / stake.reduce(0, +)
        #expect(abs(result.networkApy - weighted) < 1e-15)
        #expect(result.networkApy > 0.05 && result.networkApy < 0.09)
    }
}

@Suite("Realized yield")
struct RealizedYieldTests {
    @Test func chainsEpochReturnsAndCountsUnrewardedStake() throws {
        // Epoch 10: 1,000 on a base of 1,000,000 (0.1%); a second account earned nothing on 1,000,000: 0.05% overall.
        // Epoch 11: 2,000 on 1,000,000 (0.2%).
        let entries: [RealizedYield.Entry] = [
            .init(epoch: 10, amount: 1_000, postBalance: 1_001_000, stake: 1_001_000),
            .init(epoch: 10, amount: nil, postBalance: nil, stake: 1_000_000),
            .init(epoch: 11, amount: 2_000, postBalance: 1_002_000, stake: 1_002_000),
        ]
        let apy = try #require(RealizedYield.apy(entries, epochsPerYear: 2))
        #expect(abs(apy - (1.0005 * 1.002 - 1)) < 1e-12)
        let totals = RealizedYield.totals(entries)
        #expect(totals.map(\.epoch) == [11, 10] && totals.map(\.lamports) == [2_000, 1_000])
    }

    @Test func nothingToJudgeIsNil() {
        #expect(RealizedYield.apy([], epochsPerYear: 182) == nil)
        #expect(RealizedYield.apy([.init(epoch: 1, amount: nil, postBalance: nil, stake: 0)], epochsPerYear: 182) == nil)
        #expect(RealizedYield.apy([.init(epoch: 1, amount: 5, postBalance: 10, stake: 10)], epochsPerYear: .infinity) == nil)
    }

    @Test func aPostBalanceBelowItsRewardCountsTheStakeInstead() throws {
        // A corrupt answer (post < amount) must not divide by a negative base.
        let apy = try #require(RealizedYield.apy([.init(epoch: 1, amount: 50, postBalance: 10, stake: 1_000)], epochsPerYear: 1))
        #expect(apy == 0)
    }
}
