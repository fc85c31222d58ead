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

        public init(
            epochInfo: EpochInfo, voteAccounts: VoteAccounts, clusterNodes: [ClusterNode], validatorInfo: [ValidatorInfo],
            currentProduction: BlockProduction?, completedProduction: BlockProduction?
        ) {
            self.epochInfo = epochInfo
            self.voteAccounts = voteAccounts
            self.clusterNodes = clusterNodes
            self.validatorInfo = validatorInfo
            self.currentProduction = currentProduction
            self.completedProduction = completedProduction
        }
    }

    /// Validators come out sorted by vote account (a vote account listed twice counts once, its first listing: current
    /// before delinquent), each with its stats of the epochs its credits cover.
    public static func build(_ answers: Answers, creditsPerBlock: UInt64 = 16) -> IngestSnapshot {
        let epoch = answers.epochInfo.epoch
        // The first cluster node and the first validator-info entry of an identity count.
        let nodes = Dictionary(answers.clusterNodes.map { ($0.pubkey, $0) }, uniquingKeysWith: { first, _ in first })
        let info = Dictionary(answers.validatorInfo.map { ($0.identity, $0) }, uniquingKeysWith: { first, _ in first })
        let accounts = answers.voteAccounts.current.map { ($0, false) } + answers.voteAccounts.delinquent.map { ($0, true) }
        // An identity behind several vote accounts: its block production belongs to the one with the most stake (ties: the
        // smaller vote pubkey), so it is counted once.
        var producer: [String: VoteAccount] = [:]
        for (account, _) in accounts {
            if let best = producer[account.nodePubkey],
                best.activatedStake > account.activatedStake
                    || (best.activatedStake == account.activatedStake && best.votePubkey <= account.votePubkey)
            {
                continue
            }
            producer[account.nodePubkey] = account
        }
        let completedEpoch = epoch > 0 ? epoch - 1 : nil
        let completedCeiling = answers.completedProduction.map { $0.totalBlocksProduced * creditsPerBlock }
        var validators: [ValidatorSnapshot] = []
        var stats: [EpochStatSnapshot] = []
        let sorted = accounts.enumerated().sorted { a, b in
            (a.element.0.votePubkey, a.offset) < (b.element.0.votePubkey, b.offset)
        }.map(\.element)
        var seenVotes = Set<String>()
        for (account, delinquent) in sorted where seenVotes.insert(account.votePubkey).inserted {
            let isProducer = producer[account.nodePubkey]?.votePubkey == account.votePubkey
            let current = isProducer ? answers.currentProduction?.byIdentity[account.nodePubkey] : nil
            let completed = isProducer ? answers.completedProduction?.byIdentity[account.nodePubkey] : nil
            let published = info[account.nodePubkey]
            let node = nodes[account.nodePubkey]
            let skipRate = current.flatMap { c in c.leaderSlots > 0 ? 1 - Double(c.blocksProduced) / Double(c.leaderSlots) : nil }
            validators.append(ValidatorSnapshot(
                voteAccount: account.votePubkey, identity: account.nodePubkey, name: published?.name, website: published?.website,
                details: published?.details, iconUrl: published?.iconUrl, keybaseUsername: published?.keybaseUsername,
                commission: account.commissionPercent, activatedStake: account.activatedStake, lastVote: account.lastVote,
                rootSlot: account.rootSlot, delinquent: delinquent, version: node?.version.flatMap(cleanVersion),
                gossipIp: node?.gossipIP, skipRate: skipRate, firstSeenEpoch: account.epochCredits.map(\.epoch).min() ?? epoch))
            for entry in account.epochCredits {
                var stat = EpochStatSnapshot(voteAccount: account.votePubkey, epoch: entry.epoch, credits: entry.earned)
                if entry.epoch == epoch {
                    stat.commission = account.commissionPercent
                    stat.activatedStake = account.activatedStake
                    stat.leaderSlots = current?.leaderSlots ?? (isProducer ? 0 : nil)
                    stat.blocksProduced = current?.blocksProduced ?? (isProducer ? 0 : nil)
                }
                if entry.epoch == completedEpoch, let completedCeiling {
                    stat.creditCeiling = completedCeiling
                    stat.leaderSlots = completed?.leaderSlots ?? 0
                    stat.blocksProduced = completed?.blocksProduced ?? 0
                }
                stats.append(stat)
            }
        }
        return IngestSnapshot(epoch: epoch, slot: answers.epochInfo.absoluteSlot, validators: validators, stats: stats)
    }

    /// `"1.18.26 abcdef12"` -> `"1.18.26"`; empty and `unknown` -> nil.
    static func cleanVersion(_ raw: String) -> String? {
        let head = raw.split(separator: " ").first.map(String.init) ?? ""
        return head.isEmpty || head == "unknown" ? nil : head
    }
}
