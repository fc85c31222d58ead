import Foundation

/// The trust score, model v2 (docs/SCORING.md): what a delegator can expect to keep, less the risks the history shows.
///
/// From 100 points: the credit ratio (rewards are proportional to credits) and the share commissions leave multiply;
/// commission behaviour, delinquent epochs, skip rate, concentration and version subtract points; gates cap. Every cost
/// is a reason with its points. Pure and deterministic (validators in vote-account order).
public enum TrustScoreV2Model {
    /// Component names as stored and served, each in [0, 1] (1: nothing lost).
    public enum Component: String, CaseIterable, Sendable {
        /// Weighted mean of credits over the ceiling in the judged epochs.
        case credits
        /// How much of the credit ratio survives the tenure prior (1 unless the validator is new).
        case tenure
        /// The share of rewards delegators keep after inflation and MEV commission.
        case keptShare
        /// 1 - points lost to commission behaviour / 100 (for the others below as well).
        case commissionBehaviour
        case liveness
        case blockProduction
        case concentration
        case version
    }

    public static func score(_ cluster: ClusterScoringInput, configuration c: ScoringConfigurationV2 = .init()) -> ScoringOutcome {
        let validators = cluster.validators.sorted { $0.voteAccount < $1.voteAccount }
        let window = ClusterAnalysis.window(currentEpoch: cluster.currentEpoch, length: c.creditEpochs)
        let history = ClusterAnalysis.window(currentEpoch: cluster.currentEpoch, length: max(c.historyEpochs, c.creditEpochs))
        let (ceilings, estimated) = ClusterAnalysis.ceilings(
            window: history, blocksByEpoch: cluster.blocksByEpoch, validators: validators, creditsPerBlock: c.creditsPerBlock,
            percentile: c.ceilingPercentile, minValidators: c.ceilingMinValidators)
        let cluster = Cluster(
            currentEpoch: cluster.currentEpoch, window: window.filter { ceilings[$0] != nil }, ceilings: ceilings,
            firstRecordedEpoch: validators.compactMap { v in v.credits.filter { $0.value > 0 && ceilings[$0.key] != nil }.keys.min() }.min(),
            superminority: ClusterAnalysis.superminority(validators, share: c.superminorityShare),
            consensus: ClusterAnalysis.consensusVersion(
                stakes: validators.map { ($0.activatedStake, $0.delinquent, $0.version) }, share: c.consensusStakeShare, agaveScale: true),
            skipRate: ClusterAnalysis.stakeWeightedSkipRate(validators, minLeaderSlots: c.skipMinLeaderSlots),
            hosting: HostingConcentration(validators))

        var results: [TrustScoreResult] = []
        var failures: [ScoringFailure] = []
        results.reserveCapacity(validators.count)
        for v in validators {
            guard let commission = v.commission else {
                failures.append(.init(voteAccount: v.voteAccount, reason: "commission unknown: the node reported no commission"))
                continue
            }
            results.append(scoreOne(v, commission: commission, cluster: cluster, configuration: c))
        }
        let facts = ClusterFacts(
            window: cluster.window, ceilings: ceilings.filter { window.contains($0.key) },
            estimatedCeilingEpochs: estimated.filter { window.contains($0) }, superminority: cluster.superminority.sorted(),
            consensusVersion: cluster.consensus?.text, stakeWeightedSkipRate: cluster.skipRate)
        return ScoringOutcome(results: results, failures: failures, facts: facts)
    }

    struct Cluster {
        var currentEpoch: UInt64
        /// Window epochs with a ceiling, oldest first.
        var window: [UInt64]
        var ceilings: [UInt64: UInt64]
        /// The oldest judged epoch any validator has credits in: a validator with credits there is not new (it may be
        /// older than solstake's history).
        var firstRecordedEpoch: UInt64?
        var superminority: Set<String>
        var consensus: SoftwareVersion?
        var skipRate: Double?
        var hosting: HostingConcentration
    }

    static func scoreOne(_ v: ValidatorScoringInput, commission: Int, cluster: Cluster, configuration c: ScoringConfigurationV2) -> TrustScoreResult {
        var reasons: [String] = []
        var components: [Component: Double] = [:]
        func points(_ x: Double) -> String { TrustScoreModel.fixed(x) }
        func percent(_ x: Double, _ places: Int = 2) -> String { TrustScoreModel.fixed(x * 100, places) }

        // Credits, with the tenure prior for a validator newer than the recorded history.
        let firstCredited = v.credits.filter { $0.value > 0 && cluster.ceilings[$0.key] != nil }.keys.min()
        let isNew = firstCredited.map { first in cluster.firstRecordedEpoch.map { first > $0 } ?? false } ?? true
        let judged = cluster.window.filter { e in firstCredited.map { e >= $0 } ?? false }
        let newest = judged.last ?? 0
        var weightSum = 0.0
        var ratioSum = 0.0
        var silentEpochs = 0
        for e in judged {
            let weight = c.creditHalfLifeEpochs > 0 ? pow(2, -Double(newest - e) / c.creditHalfLifeEpochs) : 1
            let credits = v.credits[e] ?? 0
            if credits == 0 { silentEpochs += 1 }
            ratioSum += weight * min(1, Double(credits) / Double(cluster.ceilings[e]!))
            weightSum += weight
        }
        let ratio = weightSum > 0 ? ratioSum / weightSum : nil
        let prior = c.tenurePriorCreditRatio
        let judgedRatio: Double
        if let ratio {
            components[.credits] = TrustScoreModel.clamp(ratio)
            if ratio < 1 {
                reasons.append("vote credits \(percent(ratio))% of the ceiling over \(judged.count) epoch(s): -\(points(100 * (1 - ratio)))")
            }
            if isNew && ratio > prior {
                let n = Double(judged.count)
                judgedRatio = (n * ratio + c.tenurePriorEpochs * prior) / (n + c.tenurePriorEpochs)
                reasons.append("new validator: \(judged.count) epoch(s) with credits in solstake's history, judged partly on a prior of \(percent(prior, 0))% until more are seen: -\(points(100 * (ratio - judgedRatio)))")
            } else {
                judgedRatio = ratio
            }
        } else {
            judgedRatio = prior
            components[.credits] = TrustScoreModel.clamp(prior)
            let what = v.delinquent ? "no vote credits recorded in the judged epochs" : "no history recorded yet (new to solstake)"
            reasons.append("\(what): judged on a prior of \(percent(prior, 0))%: -\(points(100 * (1 - prior)))")
        }
        components[.tenure] = ratio.map { $0 > 0 ? TrustScoreModel.clamp(judgedRatio / $0) : 1 } ?? 0
        let base = 100 * judgedRatio

        // What delegators keep.
        let mev = DelegatorKeptShare.mev(mevCommissionBps: v.mevCommissionBps, runsJito: v.runsJito)
        let kept = DelegatorKeptShare.share(commission: commission, mev: mev, mevShare: c.mevShare)
        components[.keptShare] = TrustScoreModel.clamp(kept)
        if kept < 1 {
            let mevText: String
            switch mev {
            case .commission(let bps): mevText = "MEV commission \(TrustScoreModel.fixed(Double(bps) / 100, bps % 100 == 0 ? 0 : 2))%"
            case .notRunningJito: mevText = "no MEV passed on (not running Jito)"
            case .unknown: mevText = "MEV commission unknown (judged on inflation commission)"
            }
            reasons.append("commission \(commission)% and \(mevText): delegators keep \(percent(kept))%: -\(points(base * (1 - kept)))")
        }
        var score = base * kept

        // Commission behaviour.
        let behaviour = CommissionBehaviour.judge(
            history: v.commissionHistory, commission: commission, currentEpoch: cluster.currentEpoch,
            windowEpochs: c.commissionWindowEpochs, rugFallbackEpochs: c.rugFallbackEpochs)
        var behaviourCost = 0.0
        if behaviour.windowMaximum > commission {
            let cost = c.maxCommissionPointCost * Double(behaviour.windowMaximum - commission)
            behaviourCost += cost
            reasons.append("commission was \(behaviour.windowMaximum)% within the last \(c.commissionWindowEpochs) epochs (now \(commission)%): -\(points(cost))")
        }
        for rise in behaviour.rises {
            behaviourCost += c.riseCost
            reasons.append("commission rose from \(rise.from)% to \(rise.to)% in epoch \(rise.epoch): -\(points(c.riseCost))")
        }
        components[.commissionBehaviour] = TrustScoreModel.clamp(1 - behaviourCost / 100)
        score -= behaviourCost

        // Liveness: epochs without credits cost beyond the credits they lost.
        let livenessCost = c.delinquentEpochCost * Double(silentEpochs)
        if silentEpochs > 0 {
            reasons.append("no vote credits in \(silentEpochs) of \(judged.count) judged epoch(s) (delinquent or absent): -\(points(livenessCost))")
        }
        components[.liveness] = TrustScoreModel.clamp(1 - livenessCost / 100)
        score -= livenessCost

        // Block production, only with enough leader slots.
        var skipCost = 0.0
        if v.leaderSlots >= c.skipMinLeaderSlots, let skip = v.skipRate, let clusterSkip = cluster.skipRate {
            let excess = skip - clusterSkip - c.skipGrace
            if excess > 0 {
                skipCost = min(c.skipCostMax, c.skipPointCost * excess * 100)
                reasons.append("skipped \(percent(skip, 1))% of \(v.leaderSlots) leader slots vs cluster \(percent(clusterSkip, 1))% (grace \(percent(c.skipGrace, 0)) points): -\(points(skipCost))")
            }
        } else {
            reasons.append("block production not judged: \(v.leaderSlots) leader slot(s), fewer than \(c.skipMinLeaderSlots) (no cost)")
        }
        components[.blockProduction] = TrustScoreModel.clamp(1 - skipCost / 100)
        score -= skipCost

        // Concentration.
        var concentrationCost = 0.0
        if cluster.superminority.contains(v.voteAccount) {
            concentrationCost += c.superminorityCost
            reasons.append("in the superminority: -\(points(c.superminorityCost))")
        }
        for (what, key, shares) in [
            ("hosting organisation", v.hostingOrganisation, cluster.hosting.organisations), ("country", v.country, cluster.hosting.countries),
        ] {
            guard let shares else {
                reasons.append("\(what) concentration not judged: no hosting data (import history or configure an IP database) (no cost)")
                continue
            }
            guard let key, !key.isEmpty else {
                reasons.append("\(what) unknown for this validator: concentration not judged (no cost)")
                continue
            }
            if let share = shares[key], share > c.concentrationShare {
                concentrationCost += c.concentrationCost
                reasons.append("\(what) \(key) holds \(percent(share, 1))% of the stake (above \(percent(c.concentrationShare, 0))%): -\(points(c.concentrationCost))")
            }
        }
        components[.concentration] = TrustScoreModel.clamp(1 - concentrationCost / 100)
        score -= concentrationCost

        // Version on Agave's scale.
        var versionCost = 0.0
        if let text = v.version, let parsed = SoftwareVersion(text), let consensus = cluster.consensus {
            let version = parsed.agaveEquivalent
            let shown = parsed.isFrankendancer ? "\(parsed) (Frankendancer, Agave \(version))" : "\(parsed)"
            if version < consensus {
                versionCost = version.majorMinor == consensus.majorMinor ? c.versionBehindPatchCost : c.versionBehindMinorCost
                reasons.append("version \(shown) is behind consensus \(consensus): -\(points(versionCost))")
            }
        } else {
            reasons.append("version not judged: \(v.version.map { "\"\($0)\" does not parse" } ?? "unknown") (no cost)")
        }
        components[.version] = TrustScoreModel.clamp(1 - versionCost / 100)
        score -= versionCost

        // Gates.
        score = min(100, max(0, score))
        if commission >= 100 {
            score = 0
            reasons.append("commission 100% (private validator): score 0")
        } else {
            if let rug = behaviour.rug, score > c.rugCap {
                score = c.rugCap
                reasons.append("commission rose from \(rug.rise.from)% to \(rug.rise.to)% in epoch \(rug.rise.epoch) and fell back in epoch \(rug.fellBackIn) (rug): capped at \(points(c.rugCap))")
            }
            if v.delinquent, score > c.delinquentNowCap {
                score = c.delinquentNowCap
                reasons.append("delinquent now: capped at \(points(c.delinquentNowCap))")
            }
        }
        return TrustScoreResult(
            voteAccount: v.voteAccount, score: TrustScoreModel.round2(score),
            components: ScoreComponents(Dictionary(uniqueKeysWithValues: components.map { ($0.key.rawValue, $0.value) })),
            reasons: reasons, uptimePercent: ratio.map { TrustScoreModel.round2($0 * 100) }, epochsJudged: judged.count)
    }
}

/// Stake share per hosting organisation and per country, over the validators whose hosting is known; nil when no
/// validator's is (nothing to judge on).
struct HostingConcentration {
    var organisations: [String: Double]?
    var countries: [String: Double]?

    init(_ validators: [ValidatorScoringInput]) {
        func shares(_ key: (ValidatorScoringInput) -> String?) -> [String: Double]? {
            var stake: [String: Double] = [:]
            var total = 0.0
            for v in validators {
                total += Double(v.activatedStake)
                if let k = key(v), !k.isEmpty { stake[k, default: 0] += Double(v.activatedStake) }
            }
            guard !stake.isEmpty, total > 0 else { return nil }
            return stake.mapValues { $0 / total }
        }
        organisations = shares(\.hostingOrganisation)
        countries = shares(\.country)
    }
}
