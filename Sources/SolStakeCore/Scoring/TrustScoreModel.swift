import Foundation

/// The trust score, model v1 (SCORING.md): a pure function from the cluster's stored inputs and a configuration to a
/// score, components and reasons per validator. Deterministic: validators are processed in vote-account order and only
/// their own inputs and the cluster facts enter their score.
///
/// Choices where SCORING.md is silent (2026-11-29):
/// - A validator whose node reports no commission at all cannot be scored: it is a failure with that reason.
/// - `commissionStability` looks at the observed history plus the current commission; a "rug" is a rise followed by a fall
///   back observed no more than one epoch apart.
/// - Skip rate uses the current and the last completed epoch together (more evidence than either alone).
/// - The superminority is computed over every validator of the snapshot, delinquent ones included (their stake counts
///   towards the total); the consensus version over active (non-delinquent) stake only.
/// - Versions that do not parse (`unknown`) count as unknown (V = 0.5).
public enum TrustScoreModel {
    public static func score(_ cluster: ClusterScoringInput, configuration: ScoringConfiguration = .init()) -> ScoringOutcome {
        // In vote-account order (the cluster-wide sums below are then taken in one order whatever order the inputs came in).
        let validators = cluster.validators.indices
            .sorted { cluster.validators[$0].voteAccount < cluster.validators[$1].voteAccount }.map { cluster.validators[$0] }
        let window = ClusterAnalysis.window(currentEpoch: cluster.currentEpoch, length: configuration.windowEpochs)
        let (ceilings, estimated) = ClusterAnalysis.ceilings(
            window: window, blocksByEpoch: cluster.blocksByEpoch, validators: validators, configuration: configuration)
        let superminority = ClusterAnalysis.superminority(validators, share: configuration.superminorityShare)
        let consensus = ClusterAnalysis.consensusVersion(validators, share: configuration.consensusStakeShare)
        let clusterSkip = ClusterAnalysis.stakeWeightedSkipRate(validators, minLeaderSlots: configuration.skipMinLeaderSlots)

        var results: [TrustScoreResult] = []
        var failures: [ScoringFailure] = []
        results.reserveCapacity(validators.count)
        var versions: [String: SoftwareVersion?] = [:]  // a cluster runs a few dozen distinct version texts
        for v in validators {
            guard let commission = v.commission else {
                failures.append(.init(voteAccount: v.voteAccount, reason: "commission unknown: the node reported no commission"))
                continue
            }
            var version: SoftwareVersion?
            if let text = v.version {
                if let known = versions[text] { version = known } else { version = SoftwareVersion(text); versions[text] = version }
            }
            results.append(scoreOne(
                v, commission: commission, version: version, currentEpoch: cluster.currentEpoch,
                window: window, ceilings: ceilings, inSuperminority: superminority.contains(v.voteAccount), consensus: consensus,
                clusterSkip: clusterSkip ?? 0, configuration: configuration))
        }
        let facts = ClusterFacts(
            window: window.filter { ceilings[$0] != nil }, ceilings: ceilings, estimatedCeilingEpochs: estimated,
            superminority: superminority.sorted(), consensusVersion: consensus?.text, stakeWeightedSkipRate: clusterSkip)
        return ScoringOutcome(results: results, failures: failures, facts: facts)
    }

    static func scoreOne(
        _ v: ValidatorScoringInput, commission: Int, version parsed: SoftwareVersion?, currentEpoch: UInt64, window: [UInt64],
        ceilings: [UInt64: UInt64],
        inSuperminority: Bool, consensus: SoftwareVersion?, clusterSkip: Double, configuration c: ScoringConfiguration
    ) -> TrustScoreResult {
        let w = c.weights
        var reasons: [String] = []
        func cost(_ weight: Double, _ value: Double) -> String { fixed(100 * weight * (1 - value)) }

        // U: vote effectiveness over the judged epochs.
        let judged = window.filter { epoch in ceilings[epoch] != nil && (v.firstSeenEpoch.map { epoch >= $0 } ?? true) }
        var ratio: Double?
        if !judged.isEmpty {
            let sum = judged.reduce(0.0) { acc, epoch in
                acc + min(1, Double(v.credits[epoch] ?? 0) / Double(ceilings[epoch]!))
            }
            ratio = sum / Double(judged.count)
        }
        let u = ratio.map { clamp(($0 - c.uptimeZero) / (c.uptimeFull - c.uptimeZero)) } ?? 0
        if let ratio {
            if u < 1 {
                reasons.append("vote effectiveness \(fixed(ratio * 100))% of the credit ceiling over \(judged.count) epoch(s) (full marks at \(fixed(c.uptimeFull * 100, 0))%): -\(cost(w.voteEffectiveness, u))")
            }
        } else {
            reasons.append("no completed epoch in the window to judge vote effectiveness on: -\(cost(w.voteEffectiveness, 0))")
        }

        // L: liveness over the observations of the last 30 days.
        let observations = v.delinquencyObservations
        let l: Double
        if observations.count >= c.livenessMinObservations {
            let down = observations.filter { $0 }.count
            l = Double(observations.count - down) / Double(observations.count)
            if down > 0 {
                reasons.append("delinquent in \(down) of \(observations.count) observations over \(fixed(c.livenessDays, 0)) days: -\(cost(w.liveness, l))")
            }
        } else {
            l = v.delinquent ? 0 : 1
            if v.delinquent {
                reasons.append("delinquent now (fewer than \(c.livenessMinObservations) observations to judge liveness on): -\(cost(w.liveness, l))")
            }
        }

        // C: commission.
        let cValue = clamp((c.commissionZero - Double(commission)) / (c.commissionZero - c.commissionFull))
        if cValue < 1 {
            reasons.append("commission \(commission)% is above \(fixed(c.commissionFull, 0))%: -\(cost(w.commission, cValue))")
        }

        // H: commission stability.
        let (h, hReason) = commissionStability(v, commission: commission, currentEpoch: currentEpoch, configuration: c)
        if h < 1, let hReason { reasons.append("\(hReason): -\(cost(w.commissionStability, h))") }

        // S: skip rate against the cluster's stake-weighted rate.
        var s = 1.0
        if v.leaderSlots >= c.skipMinLeaderSlots, let skip = v.skipRate {
            let excess = skip - clusterSkip
            s = clamp(1 - (excess - c.skipGrace) / (c.skipZero - c.skipGrace))
            if s < 1 {
                reasons.append("skipped \(fixed(skip * 100, 1))% of \(v.leaderSlots) leader slots vs cluster \(fixed(clusterSkip * 100, 1))%: -\(cost(w.skipRate, s))")
            }
        }

        // D: decentralization.
        let d = inSuperminority ? 0.0 : 1.0
        if inSuperminority { reasons.append("in superminority: -\(cost(w.decentralization, d))") }

        // V: software version.
        let ver: Double
        if let version = parsed, let consensus {
            if version >= consensus {
                ver = 1
            } else if version.majorMinor == consensus.majorMinor {
                ver = 0.5
                reasons.append("version \(version) is behind consensus \(consensus) (same major.minor): -\(cost(w.version, ver))")
            } else {
                ver = 0
                reasons.append("version \(version) is behind consensus \(consensus): -\(cost(w.version, ver))")
            }
        } else {
            ver = 0.5
            reasons.append("version unknown: -\(cost(w.version, ver))")
        }

        // I: published info.
        let fields = max(0, min(5, v.infoFieldCount))
        let i = Double(fields) / 5
        if fields < 5 { reasons.append("published \(fields) of 5 validator-info fields: -\(cost(w.publishedInfo, i))") }

        let weighted = w.voteEffectiveness * u + w.liveness * l + w.commission * cValue + w.commissionStability * h
            + w.skipRate * s + w.decentralization * d + w.version * ver + w.publishedInfo * i
        var score = round2(100 * weighted)

        // Gates.
        if commission >= 100 {
            score = 0
            reasons.append("commission 100% (private validator): score 0")
        } else {
            if v.delinquent && score > c.delinquentCap {
                score = c.delinquentCap
                reasons.append("delinquent now: capped at \(fixed(c.delinquentCap, 0))")
            }
            let last = currentEpoch > 0 ? currentEpoch - 1 : 0
            if judged.last == last, let ceiling = ceilings[last] {
                let lastRatio = Double(v.credits[last] ?? 0) / Double(ceiling)
                if lastRatio < c.lowLastEpochRatio && score > c.lowLastEpochCap {
                    score = c.lowLastEpochCap
                    reasons.append("last completed epoch \(last) earned \(fixed(lastRatio * 100, 1))% of the credit ceiling (< \(fixed(c.lowLastEpochRatio * 100, 0))%): capped at \(fixed(c.lowLastEpochCap, 0))")
                }
            }
        }
        score = min(100, max(0, score))
        return TrustScoreResult(
            voteAccount: v.voteAccount, score: score,
            components: ScoreComponents(
                voteEffectiveness: u, liveness: l, commission: cValue, commissionStability: h, skipRate: s, decentralization: d,
                version: ver, publishedInfo: i),
            reasons: reasons, uptimePercent: ratio.map { round2($0 * 100) }, epochsJudged: judged.count)
    }

    static func commissionStability(
        _ v: ValidatorScoringInput, commission: Int, currentEpoch: UInt64, configuration c: ScoringConfiguration
    ) -> (Double, String?) {
        let ceilingFrom = currentEpoch > c.commissionCeilingEpochs ? currentEpoch - c.commissionCeilingEpochs : 0
        let riseFrom = currentEpoch > c.commissionRiseEpochs ? currentEpoch - c.commissionRiseEpochs : 0
        var history = v.commissionHistory.filter { $0.epoch >= ceilingFrom }
        if history.last?.commission != commission || history.isEmpty {
            history.append(CommissionObservation(epoch: currentEpoch, commission: commission))
        }
        // Collapse repeats to the sequence of changes.
        var changes: [CommissionObservation] = []
        for observation in history where changes.last?.commission != observation.commission {
            changes.append(observation)
        }
        if changes.count >= 3 {
            for k in 1..<(changes.count - 1) {
                let before = changes[k - 1], peak = changes[k], after = changes[k + 1]
                if peak.commission > before.commission && after.commission < peak.commission && after.epoch - peak.epoch <= 1 {
                    return (0, "commission rose to \(peak.commission)% in epoch \(peak.epoch) and fell back in epoch \(after.epoch) (rug pattern)")
                }
            }
        }
        // After the rug check: a rug to a high commission is named as a rug (both give 0).
        if let peak = history.map(\.commission).max(), peak > c.commissionCeiling {
            return (0, "commission reached \(peak)% (above \(c.commissionCeiling)%) in the last \(c.commissionCeilingEpochs) epochs")
        }
        if changes.count >= 2 {
            for k in 1..<changes.count where changes[k].commission > changes[k - 1].commission && changes[k].epoch >= riseFrom {
                return (0.5, "commission rose from \(changes[k - 1].commission)% to \(changes[k].commission)% in epoch \(changes[k].epoch)")
            }
        }
        return (1, nil)
    }

    /// Components are clamped to [0, 1] and rounded to 6 decimals, so boundaries are exact (a ratio of exactly 0.90 gives
    /// U = 0, not 1e-15) and stored values read back bit for bit.
    static func clamp(_ x: Double) -> Double { (min(1, max(0, x)) * 1_000_000).rounded() / 1_000_000 }
    static func round2(_ x: Double) -> Double { (x * 100).rounded() / 100 }
    /// `x` with `places` decimals, as `String(format: "%.Nf")` prints it. Away from a rounding tie the scaled value rounds
    /// the same way whatever its last bit, so integer arithmetic gives the same digits without the (slow) formatter.
    static func fixed(_ x: Double, _ places: Int = 2) -> String {
        let scale = [1.0, 10, 100, 1_000][min(places, 3)]
        let scaled = (x * scale).magnitude
        let fraction = scaled - scaled.rounded(.down)
        let negative = x.sign == .minus
        guard places <= 3, scaled < 1e9, abs(fraction - 0.5) > 1e-6, !(negative && scaled.rounded() == 0) else {
            return String(format: "%.\(places)f", x)
        }
        let units = Int(scaled.rounded())
        let whole = String(units / Int(scale))
        let sign = negative ? "-" : ""
        guard places > 0 else { return sign + whole }
        let decimals = String(units % Int(scale))
        return sign + whole + "." + String(repeating: "0", count: places - decimals.count) + decimals
    }
}
