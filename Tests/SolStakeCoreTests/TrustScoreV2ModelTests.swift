import Foundation
import Testing

@testable import SolStakeCore

/// A validator at epoch 760 with full credits over the whole history (100 epochs x 1,000 blocks), commission 0,
/// MEV unknown unless set, on the consensus version.
func v2Healthy(_ vote: String = "T", stake: UInt64 = 1_000, commission: Int? = 0, version: String = "3.0.14") -> ValidatorScoringInput {
    ValidatorScoringInput(
        voteAccount: vote, commission: commission, delinquent: false, activatedStake: stake, version: version, infoFieldCount: 5,
        firstSeenEpoch: 660, credits: Dictionary(uniqueKeysWithValues: (660..<760).map { (UInt64($0), UInt64(16_000)) }),
        commissionHistory: [], delinquencyObservations: [], leaderSlots: 1_000, blocksProduced: 1_000)
}

let v2Blocks: [UInt64: UInt64] = Dictionary(uniqueKeysWithValues: (660..<760).map { (UInt64($0), UInt64(1_000)) })

/// The settings the boundaries below are pinned with, fixed here so retuning the defaults does not move them.
let pinnedV2: ScoringConfigurationV2 = {
    var c = ScoringConfigurationV2()
    c.creditEpochs = 10
    c.creditHalfLifeEpochs = 0
    c.tenurePriorEpochs = 5
    c.tenurePriorCreditRatio = 0.85
    c.maxCommissionPointCost = 1
    c.riseCost = 5
    c.delinquentEpochCost = 5
    c.versionBehindPatchCost = 0.5
    c.versionBehindMinorCost = 2
    return c
}()

/// Scores `target` among 60 small healthy validators on 3.0.14 (so it is outside the superminority).
func v2Score(_ target: ValidatorScoringInput, others: [ValidatorScoringInput]? = nil, configuration: ScoringConfigurationV2 = pinnedV2) -> ScoringOutcome {
    var all = others ?? (0..<60).map { v2Healthy("P\($0)") }
    all.append(target)
    return TrustScoreV2Model.score(.init(currentEpoch: 760, blocksByEpoch: v2Blocks, validators: all), configuration: configuration)
}

func v2Alone(_ target: ValidatorScoringInput, others: [ValidatorScoringInput]? = nil, configuration: ScoringConfigurationV2 = pinnedV2) -> TrustScoreResult {
    v2Score(target, others: others, configuration: configuration).results.first { $0.voteAccount == target.voteAccount }!
}

func close(_ a: Double, _ b: Double, _ tolerance: Double = 1e-9) -> Bool { abs(a - b) <= tolerance }

@Suite struct TrustScoreV2ComponentTests {
    @Test func aPerfectValidatorScores100AndOnlyNotesWhatWasNotJudged() {
        let r = v2Alone(v2Healthy())
        #expect(r.score == 100)
        #expect(r.reasons.allSatisfy { $0.hasSuffix("(no cost)") }, "\(r.reasons)")
        #expect(r.reasons.contains { $0.contains("hosting organisation concentration not judged: no hosting data") })
        #expect(Set(r.components.values.keys) == Set(TrustScoreV2Model.Component.allCases.map(\.rawValue)))
        #expect(r.components.values.values.allSatisfy { $0 == 1 })
        #expect(r.epochsJudged == 10 && r.uptimePercent == 100)
    }

    @Test func creditsMultiplyTheScore() {
        var v = v2Healthy()
        for e in UInt64(750)..<760 { v.credits[e] = 15_520 }
        let r = v2Alone(v)
        #expect(r.score == 97)
        #expect(r.reasons.contains("vote credits 97.00% of the ceiling over 10 epoch(s): -3.00"))
        #expect(close(r.components.values["credits"]!, 0.97))
    }

    @Test func recentEpochsCanWeighMore() {
        var v = v2Healthy()
        v.credits[750] = 0  // the oldest judged epoch
        var c = pinnedV2
        let equal = v2Alone(v, configuration: c).score
        c.creditHalfLifeEpochs = 3
        let recent = v2Alone(v, configuration: c).score
        #expect(recent > equal)
    }

    @Test func whatDelegatorsKeepIsContinuousAndCountsMEV() {
        func kept(_ commission: Int, mev: Int?, jito: Bool?) -> TrustScoreResult {
            var v = v2Healthy(commission: commission)
            v.mevCommissionBps = mev
            v.runsJito = jito
            return v2Alone(v)
        }
        #expect(kept(0, mev: 0, jito: true).score == 100)
        // 0.9 x 0.95 + 0.1 x 0.92
        #expect(kept(5, mev: 800, jito: true).score == 94.7)
        #expect(kept(5, mev: 800, jito: true).reasons.contains("commission 5% and MEV commission 8%: delegators keep 94.70%: -5.30"))
        #expect(kept(4, mev: 800, jito: true).score > kept(5, mev: 800, jito: true).score, "a lower commission always keeps more")
        #expect(kept(5, mev: 0, jito: true).score > kept(5, mev: 800, jito: true).score)
        // Not running Jito: the MEV share is lost.
        #expect(kept(0, mev: nil, jito: false).score == 90)
        // Unknown MEV: judged on inflation commission alone, and said so.
        let unknown = kept(5, mev: nil, jito: nil)
        #expect(unknown.score == 95)
        #expect(unknown.reasons.contains { $0.contains("MEV commission unknown (judged on inflation commission)") })
        #expect(kept(100, mev: 0, jito: true).score == 0)
        #expect(kept(100, mev: 0, jito: true).reasons.last == "commission 100% (private validator): score 0")
    }

    @Test func theWindowMaximumCostsPointsPerPercent() {
        var v = v2Healthy(commission: 5)
        v.commissionHistory = [.init(epoch: 700, commission: 10), .init(epoch: 745, commission: 5)]
        let r = v2Alone(v)
        // 95 (commission 5%, MEV unknown) - 5 x 1 point: the window (730-760) held 10% until 745.
        #expect(r.score == 90)
        #expect(r.reasons.contains("commission was 10% within the last 30 epochs (now 5%): -5.00"))
        // Lowered before the window began: forgiven.
        v.commissionHistory = [.init(epoch: 700, commission: 10), .init(epoch: 725, commission: 5)]
        #expect(v2Alone(v).score == 95)
    }

    @Test func everyRiseInTheWindowCostsAndOlderOnesAreForgiven() {
        func rising(at epoch: UInt64) -> TrustScoreResult {
            var v = v2Healthy(commission: 5)
            v.commissionHistory = [.init(epoch: 700, commission: 0), .init(epoch: epoch, commission: 5)]
            return v2Alone(v)
        }
        #expect(rising(at: 731).score == 90)
        #expect(rising(at: 731).reasons.contains("commission rose from 0% to 5% in epoch 731: -5.00"))
        #expect(rising(at: 730).score == 95, "the window is the 30 epochs after 730")
        var twice = v2Healthy(commission: 7)
        twice.commissionHistory = [.init(epoch: 700, commission: 0), .init(epoch: 740, commission: 5), .init(epoch: 750, commission: 7)]
        #expect(v2Alone(twice).score == 93 - 10)
    }

    @Test func aRugAnywhereInTheHistoryCapsTheScore() {
        var v = v2Healthy(commission: 5)
        v.commissionHistory = [.init(epoch: 690, commission: 5), .init(epoch: 691, commission: 100), .init(epoch: 692, commission: 5)]
        let r = v2Alone(v)
        #expect(r.score == 10)
        #expect(r.reasons.last == "commission rose from 5% to 100% in epoch 691 and fell back in epoch 692 (rug): capped at 10.00")
        // Fell back two epochs later: a rise (outside the window, forgiven), not a rug.
        v.commissionHistory = [.init(epoch: 690, commission: 5), .init(epoch: 691, commission: 100), .init(epoch: 693, commission: 5)]
        #expect(v2Alone(v).score == 95)
    }

    @Test func epochsWithoutCreditsCostBeyondTheirCredits() {
        var v = v2Healthy()
        v.credits[752] = 0
        v.credits[753] = nil  // absent
        let r = v2Alone(v)
        #expect(r.score == 80 - 10)
        #expect(r.reasons.contains("no vote credits in 2 of 10 judged epoch(s) (delinquent or absent): -10.00"))
        var down = v2Healthy()
        down.delinquent = true
        #expect(v2Alone(down).score == 20)
        #expect(v2Alone(down).reasons.last == "delinquent now: capped at 20.00")
    }

    @Test func aNewValidatorIsJudgedPartlyOnThePriorAndNoHistoryIsNotDelinquency() {
        var young = v2Healthy()
        young.credits = Dictionary(uniqueKeysWithValues: (755..<760).map { (UInt64($0), UInt64(16_000)) })
        let r = v2Alone(young)
        // (5 x 1.00 + 5 x 0.85) / 10
        #expect(r.score == 92.5)
        #expect(r.reasons.contains { $0.hasPrefix("new validator: 5 epoch(s) with credits in solstake's history") && $0.hasSuffix("-7.50") })
        #expect(close(r.components.values["tenure"]!, 0.925))
        // Below the prior: the prior does not lift it.
        for e in UInt64(755)..<760 { young.credits[e] = 12_800 }
        #expect(v2Alone(young).score == 80)

        var unseen = v2Healthy()
        unseen.credits = [:]
        let fresh = v2Alone(unseen)
        #expect(fresh.score == 85)
        #expect(fresh.reasons.contains("no history recorded yet (new to solstake): judged on a prior of 85%: -15.00"))
        #expect(!fresh.reasons.contains { $0.contains("delinquent") })
        unseen.delinquent = true
        let silent = v2Alone(unseen)
        #expect(silent.reasons.first == "no vote credits recorded in the judged epochs: judged on a prior of 85%: -15.00")
        #expect(silent.score == 20)
    }

    @Test func oldValidatorsAreNotNewWhenSolstakesHistoryIsShort() {
        // Only 5 epochs recorded for everyone (a fresh install): nobody is new.
        func short(_ vote: String) -> ValidatorScoringInput {
            var v = v2Healthy(vote)
            v.credits = Dictionary(uniqueKeysWithValues: (755..<760).map { (UInt64($0), UInt64(16_000)) })
            return v
        }
        let r = v2Alone(short("T"), others: (0..<60).map { short("P\($0)") })
        #expect(r.score == 100)
        #expect(r.epochsJudged == 5)
    }

    @Test func skipRateCostsAboveTheClusterAndTheGraceWithEnoughSlots() {
        func skipping(_ produced: UInt64, slots: UInt64 = 1_000) -> TrustScoreResult {
            var v = v2Healthy()
            v.leaderSlots = slots
            v.blocksProduced = produced
            return v2Alone(v)
        }
        #expect(skipping(985).score == 100, "1.5% is within the 2-point grace")
        let tenPercent = skipping(900)
        // The cluster's stake-weighted rate includes the target: 0.1 x 1,000 / 61,000.
        let expected = 0.5 * (0.10 - 0.1 / 61 - 0.02) * 100
        #expect(close(tenPercent.score, (100 * (100 - expected)).rounded() / 100))
        #expect(skipping(0).score == 80, "at most 20 points")
        let few = skipping(0, slots: 49)
        #expect(few.score == 100)
        #expect(few.reasons.contains("block production not judged: 49 leader slot(s), fewer than 50 (no cost)"))
    }

    @Test func concentrationCostsForTheSuperminorityAndCrowdedHosts() {
        let whale = v2Alone(v2Healthy(stake: 1_000_000))
        #expect(whale.score == 97)
        #expect(whale.reasons.contains("in the superminority: -3.00"))

        var hosted = v2Healthy()
        hosted.hostingOrganisation = "AS1 Crowded"
        hosted.country = "DE"
        var others = (0..<60).map { v2Healthy("P\($0)") }
        for i in 0..<10 { others[i].hostingOrganisation = "AS1 Crowded"; others[i].country = "FR" }
        let r = v2Alone(hosted, others: others)
        #expect(r.score == 98)
        #expect(r.reasons.contains { $0.hasPrefix("hosting organisation AS1 Crowded holds 18.0% of the stake") })
        var unknown = v2Healthy()
        unknown.country = nil
        #expect(v2Alone(unknown, others: others).reasons.contains("country unknown for this validator: concentration not judged (no cost)"))
    }

    @Test func frankendancerIsComparedOnAgavesScale() {
        #expect(SoftwareVersion("0.808.30014")!.agaveEquivalent == SoftwareVersion("3.0.14")!)
        #expect(SoftwareVersion("0.708.20306")!.agaveEquivalent == SoftwareVersion("2.3.6")!)
        #expect(SoftwareVersion("2.2.16")!.agaveEquivalent == SoftwareVersion("2.2.16")!)
        #expect(!SoftwareVersion("3.0.14")!.isFrankendancer && SoftwareVersion("0.808.30014")!.isFrankendancer)

        #expect(v2Alone(v2Healthy(version: "0.808.30014")).score == 100)
        let patch = v2Alone(v2Healthy(version: "0.808.30013"))
        #expect(patch.score == 99.5)
        #expect(patch.reasons.contains("version 0.808.30013 (Frankendancer, Agave 3.0.13) is behind consensus 3.0.14: -0.50"))
        #expect(v2Alone(v2Healthy(version: "2.3.6")).score == 98)
        #expect(v2Alone(v2Healthy(version: "3.1.0")).score == 100)
        let odd = v2Alone(v2Healthy(version: "unknown"))
        #expect(odd.score == 100 && odd.reasons.contains("version not judged: \"unknown\" does not parse (no cost)"))
        // A cluster mostly on Frankendancer has an Agave-scale consensus.
        let others = (0..<60).map { v2Healthy("P\($0)", version: "0.808.30014") }
        #expect(v2Score(v2Healthy(version: "3.0.14"), others: others).facts.consensusVersion == "3.0.14")
    }

    @Test func aValidatorWithoutCommissionIsAFailure() {
        let outcome = v2Score(v2Healthy(commission: nil))
        #expect(outcome.failures == [.init(voteAccount: "T", reason: "commission unknown: the node reported no commission")])
    }

    @Test func settingsCanBeChangedByName() throws {
        let changed = try ScoringConfigurationV2().overriding(with: Data(#"{"riseCost": 2.5, "creditEpochs": 20}"#.utf8))
        #expect(changed.riseCost == 2.5 && changed.creditEpochs == 20 && changed.rugCap == ScoringConfigurationV2().rugCap)
        #expect(throws: ScoringConfigurationV2.UnknownSetting.self) { try ScoringConfigurationV2().overriding(with: Data(#"{"riseCosts": 1}"#.utf8)) }
        #expect(throws: (any Error).self) { try ScoringConfigurationV2().overriding(with: Data(#"{"riseCost": "high"}"#.utf8)) }
        #expect(throws: (any Error).self) { try ScoringConfigurationV2().overriding(with: Data("[1]".utf8)) }
    }

    @Test func theModelEnumRecordsWhatRan() throws {
        #expect(ScoringModel.default.algorithmVersion == "v2")
        #expect(ScoringModel(name: "v1")?.algorithmVersion == "v1")
        #expect(ScoringModel(name: "v3") == nil)
        let json = try ScoringModel.default.configurationJSON()
        #expect(try JSONDecoder().decode(ScoringConfigurationV2.self, from: Data(json.utf8)) == ScoringConfigurationV2())
    }
}

@Suite struct CommissionBehaviourTests {
    @Test func theValueInForceAtTheWindowStartCounts() {
        let b = CommissionBehaviour.judge(
            history: [.init(epoch: 700, commission: 10)], commission: 10, currentEpoch: 760, windowEpochs: 30, rugFallbackEpochs: 1)
        #expect(b.windowMaximum == 10 && b.rises.isEmpty && b.rug == nil)
    }

    @Test func repeatsAreNotChangesAndTheCurrentValueIsAppended() {
        let b = CommissionBehaviour.judge(
            history: [.init(epoch: 740, commission: 5), .init(epoch: 741, commission: 5)], commission: 8, currentEpoch: 760,
            windowEpochs: 30, rugFallbackEpochs: 1)
        #expect(b.rises == [.init(from: 5, to: 8, epoch: 760)])
        #expect(b.windowMaximum == 8)
    }
}
