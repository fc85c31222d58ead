import Foundation
import SolStakeCore
import SolanaFixtures
import SolanaRPC
import SolanaSimulator
import Testing
import TestSupport

/// The simulator pays the epoch-752 snapshot's inflation rewards by the runtime's formula, and the yield estimate made
/// from what JSON-RPC reports during the epoch predicts what it pays. The expectation is computed here from the raw
/// answers, in integers, without the production arithmetic.
@Suite("Rewards and yield against the epoch-752 snapshot", .enabled(if: Fixtures.available, "set SOLSTAKE_MAINNET_FIXTURES"))
struct SnapshotRewardsTests {
    @Test func paidRewardsFollowTheFormulaAndTheEstimatePredictsThemWithinOnePercent() async throws {
        var settings = SimulatedCluster.Settings()
        settings.slotTime = .zero
        let server = SimulatorServer(cluster: try SnapshotLoader.load(from: Fixtures.mainnet!, settings: settings))
        let startingSupply = settings.capitalization
        try await SimulatorHarness.with(server) { url in
            let client = makeClient([url], recorder: SleepRecorder(), timeout: .seconds(60))
            let rate = try await client.getInflationRate()
            let governor = try await client.getInflationGovernor()
            let supply = try await client.getSupply()
            let samples = try await client.getRecentPerformanceSamples(limit: 60)
            let schedule = try await client.getEpochSchedule()
            let during = try await client.getVoteAccounts()
            #expect(rate.epoch == 752 && governor == .mainnet && samples.count == 60)
            #expect(supply.total == startingSupply && supply.circulating + supply.nonCirculating == supply.total)
            // Mainnet's schedule 602 epochs after inflation began at epoch 150: 8% tapering 15% a year.
            let slotsPerYear = 365.242_199 * 86_400 / 0.4
            let year = Double((752 - 150) * 432_000) / slotsPerYear
            #expect(abs(rate.total - 0.08 * pow(0.85, year)) < 1e-12 && rate.validator == rate.total && rate.foundation == 0)

            let accounts = during.current + during.delinquent
            let network = YieldEstimate.Network(
                validatorRate: rate.validator, governor: governor, capitalization: supply.total, slotsInEpoch: schedule.slotsPerEpoch,
                secondsPerSlot: PerformanceSample.secondsPerSlot(samples))
            let estimate = YieldEstimate.estimate(
                network: network,
                validators: accounts.map {
                    YieldEstimate.Validator(
                        voteAccount: $0.votePubkey, activatedStake: $0.activatedStake,
                        credits: $0.epochCredits.last(where: { $0.epoch == 752 })?.earned ?? 0, commission: UInt8($0.commissionPercent ?? 0))
                })
            let byVote = Dictionary(uniqueKeysWithValues: estimate.estimates.map { ($0.voteAccount, $0) })
            print("epoch-752 snapshot: estimated staking APY \(String(format: "%.3f", estimate.networkApy * 100))% (stake-weighted, inflation only: the group has no MEV data), \(String(format: "%.1f", estimate.epochsPerYear)) epochs a year")
            #expect(estimate.networkApy > 0.05 && estimate.networkApy < 0.08)

            let before = await server.cluster.stakeAccounts
            await server.cluster.advanceEpoch()
            let after = try await client.getVoteAccounts()

            // The expectation, from the completed epoch's credits: pool = next epoch's rate x supply x epoch years.
            let nextRate = 0.08 * pow(0.85, Double((753 - 150) * 432_000) / slotsPerYear)
            let pool = UInt128(nextRate * Double(supply.total) * 432_000 / slotsPerYear)
            var credits: [String: (credits: UInt128, commission: UInt128)] = [:]
            var totalPoints = UInt128(0)
            for account in after.current + after.delinquent {
                let earned = UInt128(account.epochCredits.last(where: { $0.epoch == 752 })?.earned ?? 0)
                credits[account.votePubkey] = (earned, UInt128(account.commissionPercent ?? 0))
                let stake = accounts.first(where: { $0.votePubkey == account.votePubkey })?.activatedStake ?? 0
                totalPoints += UInt128(stake) * earned
            }

            let paid = try await client.getInflationReward(addresses: before.map(\.pubkey), epoch: 752)
            #expect(paid.count == before.count)
            var checked = 0
            var dust = 0
            var worstError = 0.0
            for (account, reward) in zip(before, paid) {
                guard let voter = account.voter, let stake = account.stake, let served = credits[voter], served.credits > 0,
                    (account.activationEpoch ?? .max) < 752, 752 <= (account.deactivationEpoch ?? .max)
                else {
                    #expect(reward == nil, "\(account.pubkey) earned nothing in 752")
                    continue
                }
                let gross = UInt128(stake) * served.credits * pool / totalPoints
                let expected = UInt64(gross * (100 - served.commission) / 100)
                let voterSide = gross * served.commission / 100
                // The runtime pays nothing when a split would leave either side without a whole lamport.
                if expected == 0 || (served.commission > 0 && served.commission < 100 && voterSide == 0) {
                    #expect(reward == nil, "\(account.pubkey): \(gross) lamports cannot be split")
                    dust += 1
                    continue
                }
                #expect(reward?.amount == expected, "\(account.pubkey)")
                #expect(reward?.postBalance == account.lamports + expected && reward?.epoch == 752)
                #expect(reward.flatMap { $0.commission }.map { UInt128($0) } == Optional(served.commission))
                checked += 1
                // Truncation to whole lamports moves a small reward by up to a lamport: compare from 1,000 lamports.
                guard expected >= 1_000 else { continue }
                let predicted = byVote[voter]!.inflationPerEpoch * Double(stake)
                worstError = max(worstError, abs(predicted - Double(expected)) / Double(expected))
            }
            print("epoch-752 snapshot: \(checked) stake-account rewards equal the expectation to the lamport (\(dust) too small to split, unpaid); worst APY-estimate error \(String(format: "%.5f", worstError * 100))%")
            #expect(checked > 600)
            #expect(worstError < 0.01, "worst stake-account prediction error \(worstError)")
            // Every validator: the estimate's per-lamport return against the completed epoch's.
            for account in accounts {
                guard let served = credits[account.votePubkey], served.credits > 0, served.commission < 100, account.activatedStake > 0 else { continue }
                let realized = Double(served.credits) * Double(pool) / Double(totalPoints) * Double(100 - served.commission) / 100
                let predicted = byVote[account.votePubkey]!.inflationPerEpoch
                #expect(abs(predicted - realized) / realized < 0.01, "\(account.votePubkey): \(predicted) vs \(realized)")
            }
            // The supply grew by what was minted.
            let grown = try await client.getSupply()
            #expect(grown.total > supply.total && grown.total - supply.total <= UInt64(pool))
        }
    }
}
