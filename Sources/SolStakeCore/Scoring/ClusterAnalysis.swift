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
        ceilings(
            window: window, blocksByEpoch: blocksByEpoch, validators: validators, creditsPerBlock: configuration.creditsPerBlock,
            percentile: configuration.ceilingPercentile, minValidators: configuration.ceilingMinValidators)
    }

    public static func ceilings(
        window: [UInt64], blocksByEpoch: [UInt64: UInt64], validators: [ValidatorScoringInput], creditsPerBlock: UInt64,
        percentile: Double, minValidators: Int
    ) -> (ceilings: [UInt64: UInt64], estimated: [UInt64]) {
        var ceilings: [UInt64: UInt64] = [:]
        var estimated: [UInt64] = []
        for epoch in window {
            if let blocks = blocksByEpoch[epoch], blocks > 0 {
                ceilings[epoch] = blocks * creditsPerBlock
                continue
            }
            let credits = validators.compactMap { $0.credits[epoch] }.sorted()
            guard credits.count >= minValidators else { continue }
            let value = nearestRank(credits, percentile)
            guard value > 0 else { continue }
            ceilings[epoch] = value
            estimated.append(epoch)
        }
        return (ceilings, estimated)
    }

    /// The nearest-rank percentile of ascending `sorted` values (not empty).
    public static func nearestRank<T>(_ sorted: [T], _ percentile: Double) -> T {
        let rank = Int((percentile * Double(sorted.count)).rounded(.up))
        return sorted[max(0, min(sorted.count - 1, rank - 1))]
    }

    /// Validators by stake, descending, whose cumulative stake first exceeds `share` of the total (ties by vote account).
    public static func superminority(stakes: [(voteAccount: String, stake: UInt64)], share: Double) -> Set<String> {
        let total = stakes.reduce(0.0) { $0 + Double($1.stake) }
        guard total > 0 else { return [] }
        var members: Set<String> = []
        var cumulative = 0.0
        for v in stakes.sorted(by: { ($0.stake, $1.voteAccount) > ($1.stake, $0.voteAccount) }) {
            members.insert(v.voteAccount)
            cumulative += Double(v.stake)
            if cumulative > total * share { break }
        }
        return members
    }

    public static func superminority(_ validators: [ValidatorScoringInput], share: Double) -> Set<String> {
        superminority(stakes: validators.map { ($0.voteAccount, $0.activatedStake) }, share: share)
    }

    /// The highest version such that at least `share` of active (non-delinquent) stake runs it or newer.
    /// With `agaveScale`, Frankendancer builds count as the Agave line they carry (model v2).
    public static func consensusVersion(
        stakes: [(stake: UInt64, delinquent: Bool, version: String?)], share: Double, agaveScale: Bool = false
    ) -> SoftwareVersion? {
        let active = stakes.filter { !$0.delinquent }
        let total = active.reduce(0.0) { $0 + Double($1.stake) }
        guard total > 0 else { return nil }
        var stakeByText: [String: Double] = [:]
        for v in active { if let text = v.version { stakeByText[text, default: 0] += Double(v.stake) } }
        var stakeByVersion: [SoftwareVersion: Double] = [:]
        for (text, stake) in stakeByText {
            if let version = SoftwareVersion(text) { stakeByVersion[agaveScale ? version.agaveEquivalent : version, default: 0] += stake }
        }
        var cumulative = 0.0
        for version in stakeByVersion.keys.sorted(by: >) {
            cumulative += stakeByVersion[version]!
            if cumulative >= total * share { return version }
        }
        return nil
    }

    public static func consensusVersion(_ validators: [ValidatorScoringInput], share: Double) -> SoftwareVersion? {
        consensusVersion(stakes: validators.map { ($0.activatedStake, $0.delinquent, $0.version) }, share: share)
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
