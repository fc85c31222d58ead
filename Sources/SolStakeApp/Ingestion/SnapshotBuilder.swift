import SolStakeCore
import SolanaRPC

/// Turns one fetch's RPC answers into the snapshot the store writes. Pure: no I/O, tested on real fixtures.
public enum SnapshotBuilder {
    public struct Answers: Sendable {
        public var epochInfo: EpochInfo
        public var voteAccounts: VoteAccounts
        public var clusterNodes: [ClusterNode]
        public var validatorInfo: [ValidatorInfo]
        /// Block production of the current epoch so far.
        public var currentProduction: BlockProduction?
        /// Final block production of the last completed epoch, when fetched.
        public var completedProduction: BlockProduction?
        /// This epoch's Jito tip-distribution accounts; nil when they could not be read (MEV then stays unknown).
        public var tipDistribution: TipDistributionSurvey?
        /// Inflation, supply and slot time for the yield estimate; nil when they could not be read (no APY then).
        public var economics: Economics?
        /// The last completed epoch's tip accounts (root uploaded): its tips are the MEV part of the estimate.
        public var completedTips: TipDistributionSurvey?

        public struct Economics: Sendable {
            public var rate: InflationRate
            public var governor: InflationGovernor
            public var supply: Supply
            public var samples: [PerformanceSample]

            public init(rate: InflationRate, governor: InflationGovernor, supply: Supply, samples: [PerformanceSample]) {
                self.rate = rate
                self.governor = governor
                self.supply = supply
                self.samples = samples
            }
        }

        public init(
            epochInfo: EpochInfo, voteAccounts: VoteAccounts, clusterNodes: [ClusterNode], validatorInfo: [ValidatorInfo],
            currentProduction: BlockProduction?, completedProduction: BlockProduction?, tipDistribution: TipDistributionSurvey? = nil,
            economics: Economics? = nil, completedTips: TipDistributionSurvey? = nil
        ) {
            self.economics = economics
            self.completedTips = completedTips
            self.epochInfo = epochInfo
            self.voteAccounts = voteAccounts
            self.clusterNodes = clusterNodes
            self.validatorInfo = validatorInfo
            self.currentProduction = currentProduction
            self.completedProduction = completedProduction
            self.tipDistribution = tipDistribution
        }
    }

    /// Validators come out sorted by vote account (a vote account listed twice counts once, its first listing: current
    /// before delinquent), each with its stats of the epochs its credits cover.
    public static func build(_ answers: Answers, creditsPerBlock: UInt64 = 16) -> IngestSnapshot {
        let epoch = answers.epochInfo.epoch
        // Facts by identity are kept as positions in the answers: copying the structs into dictionaries costs more than
        // looking them up.
        func firstPositions(_ keys: [String]) -> [String: Int] {
            Dictionary(keys.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        }
        // The first cluster node and the first validator-info entry of an identity count.
        let node = firstPositions(answers.clusterNodes.map(\.pubkey))
        let info = firstPositions(answers.validatorInfo.map(\.identity))
        let accounts = answers.voteAccounts.current + answers.voteAccounts.delinquent
        let firstDelinquent = answers.voteAccounts.current.count
        // An identity behind several vote accounts: its block production belongs to the one with the most stake (ties: the
        // smaller vote pubkey), so it is counted once.
        var producer: [String: Int] = [:]
        for (index, account) in accounts.enumerated() {
            if let best = producer[account.nodePubkey].map({ accounts[$0] }),
                best.activatedStake > account.activatedStake
                    || (best.activatedStake == account.activatedStake && best.votePubkey <= account.votePubkey)
            {
                continue
            }
            producer[account.nodePubkey] = index
        }
        let completedEpoch = epoch > 0 ? epoch - 1 : nil
        let completedCeiling = answers.completedProduction.map { $0.totalBlocksProduced * creditsPerBlock }
        var validators: [ValidatorSnapshot] = []
        var stats: [EpochStatSnapshot] = []
        validators.reserveCapacity(accounts.count)
        stats.reserveCapacity(accounts.count * 5)
        // Positions are sorted rather than the accounts themselves: moving the structs costs more than comparing keys.
        let sorted = accounts.indices.sorted { (accounts[$0].votePubkey, $0) < (accounts[$1].votePubkey, $1) }
        var previousVote: String?
        for index in sorted where accounts[index].votePubkey != previousVote {
            let account = accounts[index]
            previousVote = account.votePubkey
            let isProducer = producer[account.nodePubkey].map { accounts[$0].votePubkey == account.votePubkey } ?? false
            let current = isProducer ? answers.currentProduction?.byIdentity[account.nodePubkey] : nil
            let completed = isProducer ? answers.completedProduction?.byIdentity[account.nodePubkey] : nil
            let published = info[account.nodePubkey].map { answers.validatorInfo[$0] }
            let clusterNode = node[account.nodePubkey].map { answers.clusterNodes[$0] }
            let skipRate = current.flatMap { c in c.leaderSlots > 0 ? 1 - Double(c.blocksProduced) / Double(c.leaderSlots) : nil }
            let tips = answers.tipDistribution?.epoch == epoch ? answers.tipDistribution : nil
            let mevCommissionBps = tips?.commissionBps[account.votePubkey].map(Int.init)
            let runsJito = tips.map { $0.commissionBps[account.votePubkey] != nil }
            let version = clusterNode?.version.flatMap(cleanVersion)
            validators.append(ValidatorSnapshot(
                voteAccount: account.votePubkey, identity: account.nodePubkey, name: published?.name, website: published?.website,
                details: published?.details, iconUrl: published?.iconUrl, keybaseUsername: published?.keybaseUsername,
                commission: account.commissionPercent, activatedStake: account.activatedStake, lastVote: account.lastVote,
                rootSlot: account.rootSlot, delinquent: index >= firstDelinquent, version: version,
                gossipIp: clusterNode?.gossipIP, skipRate: skipRate, firstSeenEpoch: account.epochCredits.map(\.epoch).min() ?? epoch,
                mevCommissionBps: mevCommissionBps, runsJito: runsJito))
            for entry in account.epochCredits {
                var stat = EpochStatSnapshot(voteAccount: account.votePubkey, epoch: entry.epoch, credits: entry.earned)
                if entry.epoch == epoch {
                    stat.commission = account.commissionPercent
                    stat.activatedStake = account.activatedStake
                    stat.leaderSlots = current?.leaderSlots ?? (isProducer ? 0 : nil)
                    stat.blocksProduced = current?.blocksProduced ?? (isProducer ? 0 : nil)
                    stat.mevCommissionBps = mevCommissionBps
                    stat.runsJito = runsJito
                    stat.version = version
                }
                if entry.epoch == completedEpoch, let completedCeiling {
                    stat.creditCeiling = completedCeiling
                    stat.leaderSlots = completed?.leaderSlots ?? 0
                    stat.blocksProduced = completed?.blocksProduced ?? 0
                }
                stats.append(stat)
            }
        }
        var snapshot = IngestSnapshot(epoch: epoch, slot: answers.epochInfo.absoluteSlot, validators: validators, stats: stats)
        if let economics = answers.economics {
            estimateYield(&snapshot, economics: economics, answers: answers)
        }
        return snapshot
    }

    /// Each validator's APY from this epoch's credits so far, stake and commission, with the completed epoch's tips and
    /// MEV commission where they are known; the network inputs go with the snapshot.
    static func estimateYield(_ snapshot: inout IngestSnapshot, economics: Answers.Economics, answers: Answers) {
        let epoch = snapshot.epoch
        let completedEpoch = epoch > 0 ? epoch - 1 : nil
        let tips = answers.completedTips.flatMap { $0.epoch == completedEpoch ? $0 : nil }
        // This epoch's credits so far, as the stats just built hold them (one per validator).
        var credits: [String: UInt64] = [:]
        for stat in snapshot.stats where stat.epoch == epoch { credits[stat.voteAccount] = stat.credits }
        let network = YieldEstimate.Network(
            validatorRate: economics.rate.validator, governor: economics.governor, capitalization: economics.supply.total,
            slotsInEpoch: answers.epochInfo.slotsInEpoch, secondsPerSlot: PerformanceSample.secondsPerSlot(economics.samples))
        let inputs = snapshot.validators.map { v in
            YieldEstimate.Validator(
                voteAccount: v.voteAccount, activatedStake: v.activatedStake, credits: credits[v.voteAccount] ?? 0,
                commission: UInt8(clamping: v.commission ?? 100), mevCommissionBps: tips?.commissionBps[v.voteAccount],
                // A validator that ran no Jito account in the completed epoch earned no tips: known, and zero.
                mevTips: tips.map { $0.tipsLamports[v.voteAccount] ?? 0 })
        }
        let result = YieldEstimate.estimate(network: network, validators: inputs)
        for (index, estimate) in result.estimates.enumerated() where estimate.totalApy.isFinite {
            // Known tips and no Jito account: no MEV yield. A Jito validator whose MEV could not be estimated: unknown.
            let ranJito = tips?.commissionBps[estimate.voteAccount] != nil
            snapshot.validators[index].apy = ValidatorApy(
                inflation: estimate.inflationApy, mev: tips == nil ? nil : (ranJito ? estimate.mevApy : 0), total: estimate.totalApy,
                asOfEpoch: epoch)
        }
        snapshot.economics = EpochEconomics(
            epoch: epoch, slot: snapshot.slot, totalRate: economics.rate.total, validatorRate: economics.rate.validator,
            foundationRate: economics.rate.foundation, governor: economics.governor, capitalization: economics.supply.total,
            slotsInEpoch: answers.epochInfo.slotsInEpoch, secondsPerSlot: network.secondsPerSlot, epochsPerYear: result.epochsPerYear,
            pool: result.pool, totalPoints: result.totalPoints, networkApy: result.networkApy, mevEpoch: tips?.epoch)
    }

    /// `"1.18.26 abcdef12"` -> `"1.18.26"`; empty and `unknown` -> nil.
    public static func cleanVersion(_ raw: String) -> String? {
        let head = raw.split(separator: " ").first.map(String.init) ?? ""
        return head.isEmpty || head == "unknown" ? nil : head
    }
}
