/// Cluster-wide derivations of the model: the window, credit ceilings, the superminority, the consensus version and the
/// stake-weighted skip rate. Pure functions.
public enum ClusterAnalysis {
    /// The last `length` completed epochs, oldest first.
    public static func window(currentEpoch: UInt64, length: UInt64) -> [UInt64] {
        guard currentEpoch > 0, length > 0 else { return [] }
        let first = currentEpoch > length ? currentEpoch - length : 0
        return Array(first..<currentEpoch)
    }

    /// `K_e` per epoch: 16 x blocks when known; else the percentile of `c_e` over validators with an entry, when enough have
    /// one; otherwise the epoch is absent (it leaves the window).
    public static func ceilings(
        window: [UInt64], blocksByEpoch: [UInt64: UInt64], validators: [ValidatorScoringInput], configuration: ScoringConfiguration
    ) -> (ceilings: [UInt64: UInt64], estimated: [UInt64]) {
        var ceilings: [UInt64: UInt64] = [:]
        var estimated: [UInt64] = []
        for epoch in window {
            if let blocks = blocksByEpoch[epoch], blocks > 0 {
                ceilings[epoch] = blocks * configuration.creditsPerBlock
                continue
            }
            let credits = validators.compactMap { $0.credits[epoch] }.sorted()
            guard credits.count >= configuration.ceilingMinValidators else { continue }
            // Nearest-rank percentile.
            let rank = Int((configuration.ceilingPercentile * Double(credits.count)).rounded(.up))
            let value = credits[max(0, min(credits.count - 1, rank - 1))]
            guard value > 0 else { continue }
            ceilings[epoch] = value
            estimated.append(epoch)
        }
        return (ceilings, estimated)
    }

    /// Validators by stake, descending, whose cumulative stake first exceeds `share` of the total (ties by vote account).
    public static func superminority(_ validators: [ValidatorScoringInput], share: Double) -> Set<String> {
        let total = validators.reduce(0.0) { $0 + Double($1.activatedStake) }
        guard total > 0 else { return [] }
        let sorted = validators.sorted { ($0.activatedStake, $1.voteAccount) > ($1.activatedStake, $0.voteAccount) }
        var members: Set<String> = []
        var cumulative = 0.0
        for v in sorted {
            members.insert(v.voteAccount)
            cumulative += Double(v.activatedStake)
            if cumulative > total * share { break }
        }
        return members
    }

    /// The highest version such that at least `share` of active (non-delinquent) stake runs it or newer.
    public static func consensusVersion(_ validators: [ValidatorScoringInput], share: Double) -> SoftwareVersion? {
        let active = validators.filter { !$0.delinquent }
        let total = active.reduce(0.0) { $0 + Double($1.activatedStake) }
        guard total > 0 else { return nil }
        var stakeByVersion: [SoftwareVersion: Double] = [:]
        for v in active {
            guard let text = v.version, let version = SoftwareVersion(text) else { continue }
            stakeByVersion[version, default: 0] += Double(v.activatedStake)
        }
        var cumulative = 0.0
        for version in stakeByVersion.keys.sorted(by: >) {
            cumulative += stakeByVersion[version]!
            if cumulative >= total * share { return version }
        }
        return nil
    }

    /// Stake-weighted skip rate over validators with at least `minLeaderSlots` leader slots.
    public static func stakeWeightedSkipRate(_ validators: [ValidatorScoringInput], minLeaderSlots: UInt64) -> Double? {
        var weighted = 0.0
        var stake = 0.0
        for v in validators where v.leaderSlots >= minLeaderSlots {
            guard let skip = v.skipRate else { continue }
            weighted += skip * Double(v.activatedStake)
            stake += Double(v.activatedStake)
        }
        return stake > 0 ? weighted / stake : nil
    }
}
