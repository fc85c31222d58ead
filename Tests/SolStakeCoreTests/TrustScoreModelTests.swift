import Foundation
import Testing

@testable import SolStakeCore

/// A healthy validator at epoch 760 with full credits on a known ceiling (10 epochs x 1,000 blocks).
func healthy(_ vote: String = "V1", stake: UInt64 = 1_000, commission: Int? = 0) -> ValidatorScoringInput {
    ValidatorScoringInput(
        voteAccount: vote, commission: commission, delinquent: false, activatedStake: stake, version: "2.2.16", infoFieldCount: 5,
        firstSeenEpoch: 700, credits: Dictionary(uniqueKeysWithValues: (750..<760).map { (UInt64($0), UInt64(16_000)) }),
        commissionHistory: [], delinquencyObservations: [false, false, false], leaderSlots: 1_000, blocksProduced: 1_000)
}

let knownBlocks: [UInt64: UInt64] = Dictionary(uniqueKeysWithValues: (750..<760).map { (UInt64($0), UInt64(1_000)) })

/// Scores `target` in a cluster padded with many small healthy validators (so it is outside the superminority and the
/// consensus version is 2.2.16), returning its result.
func scoreAlone(_ target: ValidatorScoringInput, blocks: [UInt64: UInt64] = knownBlocks, configuration: ScoringConfiguration = .init()) -> TrustScoreResult? {
    var others = (0..<60).map { healthy("P\($0)", stake: 1_000) }
    others.append(target)
    let outcome = TrustScoreModel.score(.init(currentEpoch: 760, blocksByEpoch: blocks, validators: others), configuration: configuration)
    return outcome.results.first { $0.voteAccount == target.voteAccount }
}

@Suite struct TrustScoreComponentTests {
    @Test func aPerfectValidatorScores100WithNoReasons() throws {
        let r = try #require(scoreAlone(healthy("T")))
        #expect(r.score == 100)
        #expect(r.reasons.isEmpty)
        #expect(r.uptimePercent == 100)
        #expect(r.epochsJudged == 10)
    }

    @Test func voteEffectivenessIsFullAt99AndZeroAt90() throws {
        func at(_ ratio: Double) -> TrustScoreResult {
            var v = healthy("T")
            v.credits = Dictionary(uniqueKeysWithValues: (750..<760).map { (UInt64($0), UInt64(16_000 * ratio)) })
            return scoreAlone(v)!
        }
        #expect(at(0.99).components.voteEffectiveness == 1)
        #expect(abs(at(0.945).components.voteEffectiveness - 0.5) < 1e-9)
        #expect(at(0.90).components.voteEffectiveness == 0)
        #expect(at(0.80).components.voteEffectiveness == 0)
        #expect(at(0.945).uptimePercent == 94.5)
        #expect(at(0.945).reasons.contains { $0.hasPrefix("vote effectiveness 94.50% of the credit ceiling over 10 epoch(s)") && $0.hasSuffix(": -17.50") })
        // Credits above the ceiling count as 100%, never more.
        #expect(at(1.5).uptimePercent == 100)
    }

    @Test func missingEpochsCountAsZeroButEpochsBeforeFirstSeenDoNot() throws {
        var gap = healthy("T")
        gap.credits[755] = nil
        #expect(scoreAlone(gap)!.uptimePercent == 90)
        var newcomer = healthy("T")
        newcomer.firstSeenEpoch = 758
        newcomer.credits = [758: 16_000, 759: 16_000]
        let r = scoreAlone(newcomer)!
        #expect(r.epochsJudged == 2 && r.uptimePercent == 100)
    }

    @Test func emptyWindowGivesZeroUptimeWithAReason() throws {
        var brandNew = healthy("T")
        brandNew.firstSeenEpoch = 760
        brandNew.credits = [760: 5_000]
        let r = scoreAlone(brandNew)!
        #expect(r.components.voteEffectiveness == 0)
        #expect(r.uptimePercent == nil && r.epochsJudged == 0)
        #expect(r.reasons.contains { $0.hasPrefix("no completed epoch in the window") && $0.hasSuffix("-35.00") })
        #expect(r.score == 65)
    }

    @Test func unknownCeilingsAreEstimatedFromThe95thPercentileOnlyWithEnoughValidators() {
        // No block totals: 61 validators have entries, so ceilings come from the percentile.
        let outcome = TrustScoreModel.score(.init(currentEpoch: 760, blocksByEpoch: [:], validators: (0..<61).map { healthy("P\($0)") }))
        #expect(outcome.facts.estimatedCeilingEpochs.count == 10)
        #expect(outcome.facts.ceilings[759] == 16_000)
        // Only 49 validators with entries: the epochs leave the window.
        let few = TrustScoreModel.score(.init(currentEpoch: 760, blocksByEpoch: [:], validators: (0..<49).map { healthy("P\($0)") }))
        #expect(few.facts.window.isEmpty)
        #expect(few.results.allSatisfy { $0.components.voteEffectiveness == 0 })
        // Percentile: 100 values 1...100 -> nearest rank 95.
        let values = (1...100).map { i -> ValidatorScoringInput in
            var v = healthy("Q\(i)")
            v.credits = [759: UInt64(i)]
            return v
        }
        #expect(ClusterAnalysis.ceilings(window: [759], blocksByEpoch: [:], validators: values, configuration: .init()).ceilings[759] == 95)
    }

    @Test func livenessUsesObservationsOrCurrentStatusBelowThree() throws {
        var v = healthy("T")
        v.delinquencyObservations = [false, true, false, false]
        let r = scoreAlone(v)!
        #expect(r.components.liveness == 0.75)
        #expect(r.reasons.contains("delinquent in 1 of 4 observations over 30 days: -2.50"))
        var two = healthy("T")
        two.delinquencyObservations = [true, true]
        #expect(scoreAlone(two)!.components.liveness == 1, "fewer than 3 observations: the current status (not delinquent)")
        two.delinquent = true
        #expect(scoreAlone(two)!.components.liveness == 0)
    }

    @Test func commissionBoundariesAtFiveAndTen() throws {
        func c(_ commission: Int) -> TrustScoreResult { scoreAlone(healthy("T", commission: commission))! }
        #expect(c(0).components.commission == 1)
        #expect(c(5).components.commission == 1)
        #expect(c(5).reasons.isEmpty)
        #expect(abs(c(8).components.commission - 0.4) < 1e-9)
        #expect(c(8).reasons.contains("commission 8% is above 5%: -9.00"))
        #expect(c(10).components.commission == 0)
        #expect(c(11).components.commission == 0)
    }

    @Test func commissionStability() throws {
        var steady = healthy("T", commission: 5)
        steady.commissionHistory = [.init(epoch: 740, commission: 5), .init(epoch: 755, commission: 5)]
        #expect(scoreAlone(steady)!.components.commissionStability == 1)

        var rose = healthy("T", commission: 7)
        rose.commissionHistory = [.init(epoch: 745, commission: 5), .init(epoch: 756, commission: 7)]
        let r = scoreAlone(rose)!
        #expect(r.components.commissionStability == 0.5)
        #expect(r.reasons.contains("commission rose from 5% to 7% in epoch 756: -5.00"))

        var oldRise = healthy("T", commission: 7)
        oldRise.commissionHistory = [.init(epoch: 740, commission: 5), .init(epoch: 745, commission: 7)]
        #expect(scoreAlone(oldRise)!.components.commissionStability == 1, "a rise more than 10 epochs ago is forgiven")

        var exceeded = healthy("T", commission: 5)
        exceeded.commissionHistory = [.init(epoch: 735, commission: 12), .init(epoch: 740, commission: 5)]
        #expect(scoreAlone(exceeded)!.components.commissionStability == 0)

        var rug = healthy("T", commission: 0)
        rug.commissionHistory = [.init(epoch: 750, commission: 0), .init(epoch: 751, commission: 10), .init(epoch: 752, commission: 0)]
        let rugged = scoreAlone(rug)!
        #expect(rugged.components.commissionStability == 0)
        #expect(rugged.reasons.contains { $0.contains("rug pattern") })
    }

    @Test func skipRateGraceAndZeroEdges() throws {
        // The padding validators skip nothing, so the cluster rate is ~0 (the target's stake is tiny).
        func skip(_ produced: UInt64, slots: UInt64 = 1_000) -> TrustScoreResult {
            var v = healthy("T", stake: 1)
            v.leaderSlots = slots
            v.blocksProduced = produced
            return scoreAlone(v)!
        }
        #expect(skip(980).components.skipRate == 1, "2% over the cluster is within the grace")
        #expect(abs(skip(840).components.skipRate - 0.5) < 1e-3)
        #expect(skip(690).components.skipRate == 0)
        #expect(skip(600).components.skipRate == 0)
        #expect(skip(0, slots: 49).components.skipRate == 1, "under 50 leader slots is too little evidence")
        #expect(skip(840).reasons.contains { $0.hasPrefix("skipped 16.0% of 1000 leader slots vs cluster 0.0%") })
    }

    @Test func superminorityMembersLoseDecentralization() {
        let whales = (0..<3).map { healthy("W\($0)", stake: 1_000_000) }
        let minnows = (0..<60).map { healthy("M\($0)", stake: 1_000) }
        let outcome = TrustScoreModel.score(.init(currentEpoch: 760, blocksByEpoch: knownBlocks, validators: whales + minnows))
        // Total 3.06M: W0 alone (1M) is not above 1/3 (1.02M); W0 + W1 is. Equal stakes are ordered by vote account.
        #expect(outcome.facts.superminority == ["W0", "W1"])
        let w0 = outcome.results.first { $0.voteAccount == outcome.facts.superminority[0] }!
        #expect(w0.components.decentralization == 0)
        #expect(w0.reasons.contains("in superminority: -5.00"))
        #expect(outcome.results.first { $0.voteAccount == "M0" }!.components.decentralization == 1)
    }

    @Test func versionAgainstConsensus() throws {
        func version(_ text: String?) -> TrustScoreResult {
            var v = healthy("T", stake: 1)
            v.version = text
            return scoreAlone(v)!
        }
        #expect(version("2.2.16").components.version == 1)
        #expect(version("2.3.0").components.version == 1)
        #expect(version("2.2.3").components.version == 0.5)
        #expect(version("1.18.26").components.version == 0)
        #expect(version(nil).components.version == 0.5)
        #expect(version("unknown").components.version == 0.5)
        #expect(version(nil).reasons.contains("version unknown: -2.50"))
        #expect(SoftwareVersion("0.708.20306")! < SoftwareVersion("2.2.16")!)
        #expect(SoftwareVersion("2.2") == SoftwareVersion("2.2.0"))
    }

    @Test func publishedInfo() throws {
        var v = healthy("T")
        v.infoFieldCount = 3
        let r = scoreAlone(v)!
        #expect(r.components.publishedInfo == 0.6)
        #expect(r.reasons.contains("published 3 of 5 validator-info fields: -2.00"))
    }
}

@Suite struct TrustScoreGateTests {
    @Test func commission100ScoresZero() throws {
        let r = try #require(scoreAlone(healthy("T", commission: 100)))
        #expect(r.score == 0)
        #expect(r.reasons.last == "commission 100% (private validator): score 0")
    }

    @Test func delinquentIsCappedAt20() throws {
        var v = healthy("T")
        v.delinquent = true
        let r = try #require(scoreAlone(v))
        #expect(r.score == 20)
        #expect(r.reasons.contains("delinquent now: capped at 20"))
    }

    @Test func aWeakLastEpochIsCappedAt30() throws {
        var v = healthy("T")
        v.credits[759] = 11_000  // 68.75% of the ceiling
        let r = try #require(scoreAlone(v))
        #expect(r.score == 30)
        #expect(r.reasons.last == "last completed epoch 759 earned 68.8% of the credit ceiling (< 70%): capped at 30")
        v.credits[759] = 11_200  // exactly 70%: no cap
        #expect(try #require(scoreAlone(v)).score > 30)
    }

    @Test func unknownCommissionIsAFailureWithAReason() {
        let outcome = TrustScoreModel.score(.init(currentEpoch: 760, blocksByEpoch: knownBlocks, validators: [healthy("T", commission: nil), healthy("U")]))
        #expect(outcome.results.map(\.voteAccount) == ["U"])
        #expect(outcome.failures == [ScoringFailure(voteAccount: "T", reason: "commission unknown: the node reported no commission")])
    }

    @Test func scoresAreDeterministicAndBounded() {
        var inputs: [ValidatorScoringInput] = []
        var rng = SplitMix64(seed: 42)
        for i in 0..<300 {
            var v = healthy("R\(i)", stake: rng.next() % 1_000_000, commission: Int(rng.next() % 101))
            v.delinquent = rng.unit() < 0.05
            v.credits = Dictionary(uniqueKeysWithValues: (750..<760).map { (UInt64($0), UInt64(16_000 * rng.unit())) })
            v.leaderSlots = rng.next() % 2_000
            v.blocksProduced = v.leaderSlots == 0 ? 0 : rng.next() % v.leaderSlots
            v.infoFieldCount = Int(rng.next() % 6)
            inputs.append(v)
        }
        let a = TrustScoreModel.score(.init(currentEpoch: 760, blocksByEpoch: knownBlocks, validators: inputs))
        let b = TrustScoreModel.score(.init(currentEpoch: 760, blocksByEpoch: knownBlocks, validators: inputs.reversed()))
        #expect(a == b)
        #expect(a.results.allSatisfy { (0...100).contains($0.score) })
        #expect(a.results.count + a.failures.count == 300)
    }
}

@Suite struct ReasonNumberTests {
    /// Reason texts print numbers exactly as the C formatter does, including ties (half to even on the exact binary
    /// value), values just either side of a tie, negative values rounding to zero, and values the fast path leaves out.
    @Test func printsAsTheFormatter() {
        var samples: [Double] = [
            0, -0.0, 0.5, 1.5, 2.5, -2.5, 0.125, 0.375, 0.005, 0.015, 0.025, 1.005, 2.675, 99.995, 100, 12.345, -0.001, -0.004,
            -0.005, 1e-300, 5e-324, 0.1, 1 / 3, 2 / 3, 123_456_789.125, 4.5, 5.5, 9.995, 9.9949999999, 9.9950000001, 1e20,
            .infinity, -.infinity, .nan,
        ]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<20_000 {
            samples.append(Double.random(in: -200...200, using: &generator))
            samples.append(Double(Int.random(in: -100_000...100_000, using: &generator)) / 1_000)  // many exact ties
            samples.append(Double(Int.random(in: 0...1_000_000, using: &generator)) / 8_000)
        }
        var mismatches: [String] = []
        for x in samples {
            for places in 0...3 where TrustScoreModel.fixed(x, places) != String(format: "%.\(places)f", x) {
                mismatches.append("\(x) %.\(places)f: \(TrustScoreModel.fixed(x, places)) != \(String(format: "%.\(places)f", x))")
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.prefix(10))")
    }
}
