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

    public static func build(_ answers: Answers, creditsPerBlock: UInt64 = 16) -> IngestSnapshot {
        let epoch = answers.epochInfo.epoch
        let accounts = answers.voteAccounts.current.map { ($0, false) } + answers.voteAccounts.delinquent.map { ($0, true) }

        // Each identity's facts are found once, by a slot number, rather than by hashing its pubkey into four
        // dictionaries per vote account (build at 100,000 validators 0.74-1.05 -> 0.44-0.77 s with ingest-bench).
        var slotOf: [String: Int] = [:]
        slotOf.reserveCapacity(accounts.count)
        var accountSlot: [Int] = []
        accountSlot.reserveCapacity(accounts.count)
        for (account, _) in accounts {
            if let slot = slotOf[account.nodePubkey] {
                accountSlot.append(slot)
            } else {
                accountSlot.append(slotOf.count)
                slotOf[account.nodePubkey] = slotOf.count
            }
        }
        let slots = slotOf.count
        // The first cluster node and the first validator-info entry of an identity count, as before.
        var nodeOf = [Int?](repeating: nil, count: slots)
        for (index, node) in answers.clusterNodes.enumerated() {
            if let slot = slotOf[node.pubkey], nodeOf[slot] == nil { nodeOf[slot] = index }
        }
        var infoOf = [Int?](repeating: nil, count: slots)
        for (index, info) in answers.validatorInfo.enumerated() {
            if let slot = slotOf[info.identity], infoOf[slot] == nil { infoOf[slot] = index }
        }
        // An identity behind several vote accounts: its block production belongs to the one with the most stake (ties: the
        // smaller vote pubkey), so it is counted once.
        var producerOf = [Int?](repeating: nil, count: slots)
        for (index, (account, _)) in accounts.enumerated() {
            let slot = accountSlot[index]
            if let best = producerOf[slot].map({ accounts[$0].0 }),
                best.activatedStake > account.activatedStake
                    || (best.activatedStake == account.activatedStake && best.votePubkey <= account.votePubkey)
            {
                continue
            }
            producerOf[slot] = index
        }
        func production(_ answer: BlockProduction?) -> [BlockProduction.Counts?] {
            var bySlot = [BlockProduction.Counts?](repeating: nil, count: slots)
            for (identity, entry) in answer?.byIdentity ?? [:] {
                if let slot = slotOf[identity] { bySlot[slot] = entry }
            }
            return bySlot
        }
        let currentOf = production(answers.currentProduction)
        let completedOf = production(answers.completedProduction)
        let completedEpoch = epoch > 0 ? epoch - 1 : nil
        let completedCeiling = answers.completedProduction.map { $0.totalBlocksProduced * creditsPerBlock }

        var validators: [ValidatorSnapshot] = []
        var stats: [EpochStatSnapshot] = []
        validators.reserveCapacity(accounts.count)
        stats.reserveCapacity(accounts.count * 5)
        // Validators come out in vote-account order, each followed by its stats: the order the store writes them in
        // (`IngestWriteOrder` then finds them sorted and grouped), so the write reads both arrays front to back. A vote
        // account listed twice counts once, its first listing (current before delinquent).
        let emitOrder = TextOrder.sortedPositions(count: accounts.count) { accounts[$0].0.votePubkey }
        var cleanVersion = TextMemo(Self.cleanVersion)
        var previousVote: String?
        for index in emitOrder {
            let (account, delinquent) = accounts[index]
            guard account.votePubkey != previousVote else { continue }
            previousVote = account.votePubkey
            let slot = accountSlot[index]
            let isProducer = producerOf[slot].map { accounts[$0].0.votePubkey == account.votePubkey } ?? false
            let current = isProducer ? currentOf[slot] : nil
            let completed = isProducer ? completedOf[slot] : nil
            let published = infoOf[slot].map { answers.validatorInfo[$0] }
            let node = nodeOf[slot].map { answers.clusterNodes[$0] }
            let skipRate = current.flatMap { c in c.leaderSlots > 0 ? 1 - Double(c.blocksProduced) / Double(c.leaderSlots) : nil }
            var version: String?
            if let raw = node?.version { version = cleanVersion(raw) }
            var firstEpoch = account.epochCredits.first?.epoch ?? epoch
            for entry in account.epochCredits where entry.epoch < firstEpoch { firstEpoch = entry.epoch }
            validators.append(ValidatorSnapshot(
                voteAccount: account.votePubkey, identity: account.nodePubkey, name: published?.name, website: published?.website,
                details: published?.details, iconUrl: published?.iconUrl, keybaseUsername: published?.keybaseUsername,
                commission: account.commissionPercent, activatedStake: account.activatedStake, lastVote: account.lastVote,
                rootSlot: account.rootSlot, delinquent: delinquent, version: version, gossipIp: node?.gossipIP,
                skipRate: skipRate, firstSeenEpoch: firstEpoch))
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
