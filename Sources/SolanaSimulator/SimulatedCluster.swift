import Foundation
import SolStakeCore
import SolanaRPC

/// The state of a simulated Solana cluster: its validators, the clock (slots advance with `slotTime`), published
/// validator-info, stake accounts. Epochs end when the slot crosses the boundary or when `advanceEpoch()` is called.
public actor SimulatedCluster {
    public struct Settings: Sendable {
        public var slotsPerEpoch: UInt64 = 432_000
        /// Wall time per slot; zero freezes the clock (tests).
        public var slotTime: Duration = .milliseconds(400)
        public var nodeVersion = "2.2.16"
        public var featureSet: UInt32 = 3_294_202_862
        /// Total supply when the simulator starts (lamports), an approximation of mainnet's (README); it then grows
        /// by what the simulator pays.
        public var capitalization: UInt64 = 597_000_000 * 1_000_000_000
        public var inflationGovernor: InflationGovernor = .mainnet
        /// Mainnet's full inflation began in epoch 150: inflation years count from there.
        public var inflationStartEpoch: UInt64 = 150
        /// Completed epochs whose rewards the node still answers; older ones are pruned (-32004), as on a node without
        /// long-term storage.
        public var rewardEpochsKept: UInt64 = 10
        /// Jito tips an epoch per lamport of stake, for validators that run Jito, each scaled by a stable factor
        /// around 1 so validators differ; chosen for mainnet's order of magnitude (README).
        public var tipsPerStakeLamport: Double = 0.000_025
        public init() {}
    }

    public private(set) var validators: [SimValidator]
    public private(set) var epoch: UInt64
    public let settings: Settings
    /// Config program accounts served by `getProgramAccounts` (validator-info and others).
    public private(set) var configAccounts: [ConfigProgramAccount]
    public private(set) var stakeAccounts: [StakeAccount]
    /// Real history being replayed: epochs move through it instead of the synthetic churn.
    public let replay: HistoryReplay?
    /// The validators as each recent completed epoch ended (block production and tip accounts of past epochs).
    private var pastEpochs: [UInt64: [SimValidator]] = [:]
    /// Total lamports in existence (`getSupply`), grown by each epoch's payout.
    public private(set) var capitalization: UInt64
    /// Inflation rewards paid at the end of each kept epoch.
    private(set) var payouts: [UInt64: EpochPayout] = [:]
    /// Jito tips per vote account of each recent completed epoch.
    private(set) var tipsByEpoch: [UInt64: [String: UInt64]] = [:]
    /// False when the cluster's MEV commissions are not known (the epoch-752 group has none): tip-distribution accounts
    /// are then refused as a node without that index refuses them, so a client records MEV as unknown, not as absent.
    public let servesTipDistribution: Bool
    /// The epoch of the dated validator-info file being served (a replay switches files as it moves).
    private var configAccountsEpoch: UInt64?

    /// The slot index reached at `clockStart`.
    private var slotIndexAtStart: UInt64
    private var clockStart: ContinuousClock.Instant
    private let clock = ContinuousClock()
    private var rng: SplitMix64
    /// Bumped whenever validators change, to invalidate cached responses.
    private(set) var generation = 0
    private var voteAccountsCache: (generation: Int, slot: UInt64, bytes: [UInt8])?
    private var clusterNodesCache: (generation: Int, bytes: [UInt8])?
    private var tipAccountsCache: (generation: Int, accounts: [TipAccount])?
    /// Config accounts change only when a replay moves to another dated file.
    private var configAccountsCache: [UInt8]?

    public init(
        validators: [SimValidator], epoch: UInt64, slotIndex: UInt64, configAccounts: [ConfigProgramAccount],
        stakeAccounts: [StakeAccount], settings: Settings = Settings(), seed: UInt64 = 1, replay: HistoryReplay? = nil,
        servesTipDistribution: Bool = true
    ) {
        self.replay = replay
        self.servesTipDistribution = servesTipDistribution
        self.validators = validators
        self.epoch = epoch
        self.settings = settings
        self.configAccounts = configAccounts
        self.stakeAccounts = stakeAccounts
        self.slotIndexAtStart = min(slotIndex, settings.slotsPerEpoch - 1)
        self.clockStart = ContinuousClock().now
        self.rng = SplitMix64(seed: seed ^ 0xC1A5_7E12)
        self.capitalization = settings.capitalization
    }

    /// A cluster replaying `replay` from `epoch` (its first epoch when nil), at that epoch's sample slot. Earlier epochs
    /// are played through first, so a replay started late serves the same credits as one advanced to the same epoch.
    public static func replaying(_ replay: HistoryReplay, from epoch: UInt64? = nil, settings: Settings = Settings()) async throws -> SimulatedCluster {
        let start = epoch ?? replay.firstEpoch
        guard start >= replay.firstEpoch, start <= replay.lastEpoch else {
            throw SimulatorSetupError("epoch \(start) is outside the history (\(replay.firstEpoch)-\(replay.lastEpoch))")
        }
        let first = replay.firstEpoch
        let cluster = SimulatedCluster(
            validators: replay.validators(at: first, after: []), epoch: first, slotIndex: replay.startSlotIndex(of: first),
            configAccounts: replay.configAccounts(at: first)?.accounts ?? [], stakeAccounts: replay.stakeAccounts,
            settings: settings, seed: first, replay: replay)
        await cluster.playThrough(to: start)
        return cluster
    }

    private func playThrough(to target: UInt64) {
        configAccountsEpoch = replay?.configAccounts(at: epoch)?.epoch
        while epoch < target { finishEpoch() }
        slotIndexAtStart = replay?.startSlotIndex(of: epoch) ?? 0
        clockStart = clock.now
    }

    // MARK: Clock

    /// Slot index in the current epoch, moving with the wall clock; crossing the boundary ends the epoch.
    func slotIndex() -> UInt64 {
        var index = slotIndexAtStart
        if settings.slotTime > .zero {
            let elapsed = (clock.now - clockStart).seconds
            index += UInt64(elapsed / settings.slotTime.seconds)
        }
        while index >= settings.slotsPerEpoch {
            // A replay stops at the end of its history.
            guard canAdvance else { return settings.slotsPerEpoch - 1 }
            // Roll over as many epochs as the clock passed.
            index -= settings.slotsPerEpoch
            finishEpoch()
            slotIndexAtStart = index
            clockStart = clock.now
        }
        return index
    }

    public func epochInfo() -> EpochInfo {
        let index = slotIndex()
        let slot = epoch * settings.slotsPerEpoch + index
        return EpochInfo(
            absoluteSlot: slot, blockHeight: slot - slot / 20, epoch: epoch, slotIndex: index,
            slotsInEpoch: settings.slotsPerEpoch, transactionCount: slot * 1_200)
    }

    public func epochSchedule() -> EpochSchedule {
        EpochSchedule(
            slotsPerEpoch: settings.slotsPerEpoch, leaderScheduleSlotOffset: settings.slotsPerEpoch, warmup: false,
            firstNormalEpoch: 0, firstNormalSlot: 0)
    }

    /// False when a replay is at the last epoch of its history.
    public var canAdvance: Bool { replay.map { epoch < $0.lastEpoch } ?? true }

    /// Ends the current epoch now and starts the next (at slot index 0, or a replay's sample slot). Nil when a replay has
    /// no next epoch.
    @discardableResult
    public func advanceEpoch() -> UInt64? {
        guard canAdvance else { return nil }
        finishEpoch()
        slotIndexAtStart = replay?.startSlotIndex(of: epoch) ?? 0
        clockStart = clock.now
        return epoch
    }

    private func finishEpoch() {
        for index in validators.indices {
            var v = validators[index]
            let earned = v.creditsEarned(slotIndex: settings.slotsPerEpoch, slotsPerEpoch: settings.slotsPerEpoch)
            let previous = v.lastCumulative
            v.completedCredits.append(EpochCredits(epoch: epoch, credits: previous + earned, previousCredits: previous))
            if v.completedCredits.count > 5 { v.completedCredits.removeFirst(v.completedCredits.count - 5) }
            validators[index] = v
        }
        pastEpochs[epoch] = validators
        pastEpochs = pastEpochs.filter { $0.key + 4 > epoch }
        pay(epoch)
        if let replay {
            epoch += 1
            validators = replay.validators(at: epoch, after: validators)
            if let info = replay.configAccounts(at: epoch), info.epoch != configAccountsEpoch {
                configAccounts = info.accounts
                configAccountsEpoch = info.epoch
                configAccountsCache = nil
            }
            generation += 1
            return
        }
        for index in validators.indices {
            var v = validators[index]
            if v.raisesCommission && v.commission < 100 {
                v.commission = v.commission < 10 ? min(v.commission + 5, 10) : 100
            }
            // Churn: ~1% of healthy validators go delinquent, ~30% of delinquent ones recover.
            let dice = rng.unit()
            if v.delinquent { if dice < 0.3 { v.delinquent = false } } else if dice < 0.01 { v.delinquent = true }
            validators[index] = v
        }
        epoch += 1
        generation += 1
    }

    /// Pays the ending epoch's inflation rewards into the stake accounts (and, outside a replay, which sets stakes from
    /// the history, into the validators' activated stake), and records its Jito tips.
    private func pay(_ ended: UInt64) {
        let payout = EpochPayout.compute(
            epoch: ended, validators: validators, stakeAccounts: stakeAccounts, capitalization: capitalization,
            governor: settings.inflationGovernor, inflationStartEpoch: settings.inflationStartEpoch, slotsPerEpoch: settings.slotsPerEpoch)
        for index in stakeAccounts.indices {
            guard let reward = payout.stakeRewards[stakeAccounts[index].pubkey] else { continue }
            stakeAccounts[index].lamports += reward.amount
            stakeAccounts[index].stake = (stakeAccounts[index].stake ?? 0) + reward.amount
        }
        if replay == nil {
            for index in validators.indices {
                let (sum, overflow) = validators[index].activatedStake.addingReportingOverflow(
                    payout.stakerShareByVoteAccount[validators[index].voteAccount] ?? 0)
                if !overflow { validators[index].activatedStake = sum }
            }
        }
        let (grown, overflow) = capitalization.addingReportingOverflow(payout.minted)
        capitalization = overflow ? .max : grown
        payouts[ended] = payout
        var tips: [String: UInt64] = [:]
        for v in validators where v.mevCommissionBps != nil && !v.delinquent {
            let factor = 0.5 + StableHash.unit("TIPS:\(v.voteAccount):\(ended)")
            tips[v.voteAccount] = UInt64(min(Double(v.activatedStake) * settings.tipsPerStakeLamport * factor, 1e18))
        }
        tipsByEpoch[ended] = tips
        payouts = payouts.filter { $0.key + settings.rewardEpochsKept > ended }
        tipsByEpoch = tipsByEpoch.filter { $0.key + 4 > ended }
    }

    // MARK: Admin mutations

    /// Moves the current epoch's clock to `slotIndex` (tests: a fetch mid-epoch after an advance).
    public func moveClock(toSlotIndex slotIndex: UInt64) {
        slotIndexAtStart = min(slotIndex, settings.slotsPerEpoch - 1)
        clockStart = clock.now
        generation += 1
    }

    /// Changes one validator (tests: delinquency, commission, stake). Returns false when the vote account is unknown.
    public func mutate(voteAccount: String, delinquent: Bool?, commission: UInt8?, activatedStake: UInt64?, identity: String?) -> Bool {
        guard let index = validators.firstIndex(where: { $0.voteAccount == voteAccount }) else { return false }
        if let delinquent { validators[index].delinquent = delinquent }
        if let commission { validators[index].commission = commission }
        if let activatedStake { validators[index].activatedStake = activatedStake }
        if let identity { validators[index].identity = identity }
        generation += 1
        return true
    }

    public func addStakeAccount(_ account: StakeAccount) {
        stakeAccounts.removeAll { $0.pubkey == account.pubkey }
        stakeAccounts.append(account)
    }

    public func removeStakeAccount(pubkey: String) {
        stakeAccounts.removeAll { $0.pubkey == pubkey }
    }

    // MARK: Answers

    /// The `getVoteAccounts` result as JSON bytes, cached per state generation and refreshed as slots pass.
    func voteAccountsJSON() -> [UInt8] {
        let info = epochInfo()
        if let cache = voteAccountsCache, cache.generation == generation, info.absoluteSlot - cache.slot < 25 {
            return cache.bytes
        }
        let bytes = VoteAccountsWriter.write(
            validators: validators, epoch: epoch, slotIndex: info.slotIndex, slot: info.absoluteSlot,
            slotsPerEpoch: settings.slotsPerEpoch)
        voteAccountsCache = (generation, info.absoluteSlot, bytes)
        return bytes
    }

    /// The `getClusterNodes` result as JSON bytes, cached per state generation (nodes do not move with the clock).
    func clusterNodesJSON() throws -> [UInt8] {
        if let cache = clusterNodesCache, cache.generation == generation { return cache.bytes }
        let bytes = Array(try JSONEncoder().encode(clusterNodes()))
        clusterNodesCache = (generation, bytes)
        return bytes
    }

    /// The Config program's accounts (`getProgramAccounts`) as JSON bytes, rendered once.
    func configAccountsJSON() throws -> [UInt8] {
        if let configAccountsCache { return configAccountsCache }
        let bytes = Array(try JSONEncoder().encode(configAccounts))
        configAccountsCache = bytes
        return bytes
    }

    /// Renders the large answers (vote accounts, cluster nodes, validator-info) before the first request, as a real node
    /// holds them in memory: a client's first fetch then measures the client, not the simulator's JSON encoding.
    public func prepareResponses() throws {
        _ = voteAccountsJSON()
        _ = try clusterNodesJSON()
        _ = try configAccountsJSON()
    }

    func clusterNodes() -> [ClusterNode] {
        var seen = Set<String>()
        var nodes: [ClusterNode] = []
        for v in validators where seen.insert(v.identity).inserted {
            let ip = v.gossipIP
            nodes.append(ClusterNode(
                pubkey: v.identity, gossip: ip.map { "\($0):8001" }, tpu: ip.map { "\($0):8004" },
                tpuQuic: ip.map { "\($0):8010" }, rpc: nil, pubsub: nil, version: v.version,
                featureSet: v.version == nil ? nil : settings.featureSet, shredVersion: 50_093))
        }
        return nodes
    }

    /// Block production over a slot range, epoch by epoch with the validators of that epoch: leader slots in proportion
    /// to stake in groups of 4 (`HistoryDerivation.leaderSlots`); blocks from a replay's credits
    /// (`HistoryDerivation.blocksProduced`), else by each validator's skip rate; delinquent validators produce nothing.
    func blockProduction(identity: String?, range: ClosedRange<UInt64>?) -> BlockProduction {
        let info = epochInfo()
        let slotsPerEpoch = settings.slotsPerEpoch
        let requested = range ?? ((epoch * slotsPerEpoch)...info.absoluteSlot)
        let first = requested.lowerBound
        let last = min(requested.upperBound, info.absoluteSlot)
        var byIdentity: [String: BlockProduction.Counts] = [:]
        var segmentStart = first
        while last >= first, segmentStart <= last {
            let segmentEpoch = segmentStart / slotsPerEpoch
            let segmentEnd = min(last, (segmentEpoch + 1) * slotsPerEpoch - 1)
            let served = segmentEpoch == epoch ? validators : pastEpochs[segmentEpoch] ?? []
            let slots = segmentEnd - segmentStart + 1
            // Saturating: a test may set a stake near UInt64.max (to see it refused downstream).
            let totalStake = served.reduce(UInt64(0)) { total, v in
                let (sum, overflow) = total.addingReportingOverflow(v.activatedStake)
                return overflow ? .max : sum
            }
            for v in served where identity == nil || v.identity == identity {
                let leaderSlots = HistoryDerivation.leaderSlots(slots: slots, stake: v.activatedStake, totalStake: totalStake)
                guard leaderSlots > 0 else { continue }
                let produced: UInt64
                if v.delinquent {
                    produced = 0
                } else if let credits = v.epochCreditsTotal {
                    produced = HistoryDerivation.blocksProduced(leaderSlots: leaderSlots, epochCredits: credits, slotsPerEpoch: slotsPerEpoch)
                } else {
                    produced = leaderSlots - min(leaderSlots, UInt64((Double(leaderSlots) * v.skipRate).rounded()))
                }
                var counts = byIdentity[v.identity] ?? .init(leaderSlots: 0, blocksProduced: 0)
                counts.leaderSlots += leaderSlots
                counts.blocksProduced += produced
                byIdentity[v.identity] = counts
            }
            segmentStart = segmentEnd + 1
        }
        return BlockProduction(slot: info.absoluteSlot, byIdentity: byIdentity, firstSlot: first, lastSlot: last)
    }

    /// Jito tip-distribution accounts of the current epoch (no merkle root yet, holding only their rent: tips are swept
    /// in when the epoch ends) and of the last completed one (root uploaded, holding rent + the epoch's tips, all of them
    /// claimable), for validators with an MEV commission, as raw account data (filters compare bytes). Addresses and roots
    /// are stable hashes, not real PDAs. Built once per state generation.
    func tipDistributionAccounts() -> [TipAccount] {
        if let cache = tipAccountsCache, cache.generation == generation { return cache.accounts }
        var out: [TipAccount] = []
        func add(_ v: SimValidator, epoch: UInt64, tips: UInt64?) {
            guard let bps = v.mevCommissionBps else { return }
            let seed = Array("TIP_DISTRIBUTION_ACCOUNT:\(v.voteAccount):\(epoch)".utf8)
            let root = tips.map {
                TipDistributionAccount.MerkleRoot(
                    root: SHA256.hash(seed + [1]), maxTotalClaim: $0, maxNumNodes: 100, totalFundsClaimed: 0, numNodesClaimed: 0)
            }
            let account = TipDistributionAccount(
                validatorVoteAccount: v.voteAccount, merkleRootUploadAuthority: Self.merkleRootUploadAuthority, merkleRoot: root,
                epochCreatedAt: epoch, validatorCommissionBps: bps, expiresAt: epoch + 3, bump: 255)
            guard let data = account.encoded() else { return }
            out.append(TipAccount(pubkey: Base58.encode(SHA256.hash(seed)), data: data, lamports: TipDistributionAccount.rentExemptLamports + (tips ?? 0)))
        }
        if epoch > 0 {
            let tips = tipsByEpoch[epoch - 1] ?? [:]
            for v in pastEpochs[epoch - 1] ?? [] { add(v, epoch: epoch - 1, tips: tips[v.voteAccount] ?? 0) }
        }
        for v in validators { add(v, epoch: epoch, tips: nil) }
        tipAccountsCache = (generation, out)
        return out
    }

    struct TipAccount: Sendable {
        var pubkey: String
        var data: [UInt8]
        var lamports: UInt64
    }

    static let merkleRootUploadAuthority = Base58.encode(SHA256.hash(Array("solstake-sim merkle root upload authority".utf8)))

    func stakeAccounts(matching filter: StakeAccountFilter) -> [StakeAccount] {
        stakeAccounts.filter { account in
            switch filter {
            case .staker(let key): return account.staker == key
            case .withdrawer(let key): return account.withdrawer == key
            case .voter(let key): return account.voter == key
            }
        }
    }

    /// A stake account's reward for a completed epoch (default: the last), nil when it earned nothing. An epoch that is
    /// not over, or that this node does not hold (before it started, or pruned), is a node error as on mainnet.
    func inflationReward(address: String, epoch requested: UInt64?) throws(JSONRPCErrorObject) -> InflationReward? {
        let rewardEpoch = requested ?? (epoch > 0 ? epoch - 1 : 0)
        guard rewardEpoch < epoch, let payout = payouts[rewardEpoch] else {
            throw JSONRPCErrorObject(
                code: JSONRPCErrorObject.blockNotAvailable, message: "Block not available for slot \((rewardEpoch + 1) * settings.slotsPerEpoch)")
        }
        return payout.stakeRewards[address]
    }

    /// What the node paid a stake account for a kept epoch (tests compare stored rewards with it); nil: nothing paid.
    public func paidReward(stakeAccount: String, epoch: UInt64) -> InflationReward? {
        payouts[epoch]?.stakeRewards[stakeAccount]
    }

    /// `getInflationRate`: the current epoch's rates.
    func inflationRate() -> InflationRate {
        let governor = settings.inflationGovernor
        guard let year = InflationGovernor.year(epoch: epoch, startEpoch: settings.inflationStartEpoch, slotsPerEpoch: settings.slotsPerEpoch) else {
            return InflationRate(epoch: epoch, foundation: 0, total: 0, validator: 0)
        }
        return InflationRate(
            epoch: epoch, foundation: governor.foundationRate(year: year), total: governor.total(year: year),
            validator: governor.validatorRate(year: year))
    }

    /// `getSupply`: 85% counted circulating, a fixed approximation of mainnet's split.
    func supply() -> Supply {
        let nonCirculating = capitalization / 100 * 15
        return Supply(
            slot: epochInfo().absoluteSlot, total: capitalization, circulating: capitalization - nonCirculating, nonCirculating: nonCirculating)
    }

    /// `getRecentPerformanceSamples`: 60-second samples at the simulator's slot time (the schedule's nominal one when
    /// the clock is frozen).
    func performanceSamples(limit: Int) -> [PerformanceSample] {
        let seconds = settings.slotTime > .zero ? settings.slotTime.seconds : InflationGovernor.nominalSecondsPerSlot
        let slotsPerSample = UInt64((60 / seconds).rounded())
        let slot = epochInfo().absoluteSlot
        return (0..<UInt64(max(0, min(limit, 720)))).map { index in
            PerformanceSample(
                slot: slot - min(slot, index * slotsPerSample), numSlots: slotsPerSample, numTransactions: slotsPerSample * 1_200,
                numNonVoteTransactions: slotsPerSample * 300, samplePeriodSecs: 60)
        }
    }
}

/// A cluster that cannot be set up as asked (an epoch outside the history, a date without fixtures).
public struct SimulatorSetupError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
