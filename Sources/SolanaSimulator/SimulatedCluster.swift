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
        public init() {}
    }

    public private(set) var validators: [SimValidator]
    public private(set) var epoch: UInt64
    public let settings: Settings
    /// Config program accounts served by `getProgramAccounts` (validator-info and others).
    public private(set) var configAccounts: [ConfigProgramAccount]
    public private(set) var stakeAccounts: [StakeAccount]

    /// The slot index reached at `clockStart`.
    private var slotIndexAtStart: UInt64
    private var clockStart: ContinuousClock.Instant
    private let clock = ContinuousClock()
    private var rng: SplitMix64
    /// Bumped whenever validators change, to invalidate cached responses.
    private(set) var generation = 0
    private var voteAccountsCache: (generation: Int, slot: UInt64, bytes: [UInt8])?
    private var clusterNodesCache: (generation: Int, bytes: [UInt8])?
    /// Config accounts never change after start.
    private var configAccountsCache: [UInt8]?

    public init(
        validators: [SimValidator], epoch: UInt64, slotIndex: UInt64, configAccounts: [ConfigProgramAccount],
        stakeAccounts: [StakeAccount], settings: Settings = Settings(), seed: UInt64 = 1
    ) {
        self.validators = validators
        self.epoch = epoch
        self.settings = settings
        self.configAccounts = configAccounts
        self.stakeAccounts = stakeAccounts
        self.slotIndexAtStart = min(slotIndex, settings.slotsPerEpoch - 1)
        self.clockStart = ContinuousClock().now
        self.rng = SplitMix64(seed: seed ^ 0xC1A5_7E12)
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

    /// Ends the current epoch now and starts the next at slot index 0.
    @discardableResult
    public func advanceEpoch() -> UInt64 {
        finishEpoch()
        slotIndexAtStart = 0
        clockStart = clock.now
        return epoch
    }

    private func finishEpoch() {
        let ceiling = Double(settings.slotsPerEpoch) * 16
        for index in validators.indices {
            var v = validators[index]
            let earned = v.delinquent ? 0 : UInt64(ceiling * v.voteRate)
            let previous = v.lastCumulative
            v.completedCredits.append(EpochCredits(epoch: epoch, credits: previous + earned, previousCredits: previous))
            if v.completedCredits.count > 5 { v.completedCredits.removeFirst(v.completedCredits.count - 5) }
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

    // MARK: Admin mutations

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
            validators: validators, epoch: epoch, slotIndex: info.slotIndex, slot: info.absoluteSlot)
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

    /// Block production, derived deterministically: leader slots in proportion to stake (in groups of 4), skipped slots
    /// by each validator's skip rate; delinquent validators produce nothing.
    func blockProduction(identity: String?, range: ClosedRange<UInt64>?) -> BlockProduction {
        let info = epochInfo()
        let epochFirst = epoch * settings.slotsPerEpoch
        let requested = range ?? (epochFirst...info.absoluteSlot)
        let last = min(requested.upperBound, info.absoluteSlot)
        let first = requested.lowerBound
        let slots = last >= first ? last - first + 1 : 0
        let totalStake = validators.reduce(0.0) { $0 + Double($1.activatedStake) }
        var byIdentity: [String: BlockProduction.Counts] = [:]
        guard totalStake > 0 else { return BlockProduction(slot: info.absoluteSlot, byIdentity: [:], firstSlot: first, lastSlot: last) }
        for v in validators where identity == nil || v.identity == identity {
            let share = Double(v.activatedStake) / totalStake
            let leaderSlots = UInt64((Double(slots) * share / 4).rounded()) * 4
            guard leaderSlots > 0 else { continue }
            let skipped = v.delinquent ? leaderSlots : UInt64((Double(leaderSlots) * v.skipRate).rounded())
            var counts = byIdentity[v.identity] ?? .init(leaderSlots: 0, blocksProduced: 0)
            counts.leaderSlots += leaderSlots
            counts.blocksProduced += leaderSlots - min(skipped, leaderSlots)
            byIdentity[v.identity] = counts
        }
        return BlockProduction(slot: info.absoluteSlot, byIdentity: byIdentity, firstSlot: first, lastSlot: last)
    }

    func stakeAccounts(matching filter: StakeAccountFilter) -> [StakeAccount] {
        stakeAccounts.filter { account in
            switch filter {
            case .staker(let key): return account.staker == key
            case .withdrawer(let key): return account.withdrawer == key
            case .voter(let key): return account.voter == key
            }
        }
    }

    func inflationReward(address: String, epoch requested: UInt64?) -> InflationReward? {
        let rewardEpoch = requested ?? (epoch > 0 ? epoch - 1 : 0)
        guard rewardEpoch < epoch else { return nil }
        if let account = stakeAccounts.first(where: { $0.pubkey == address }), let stake = account.stake {
            let commission = validators.first(where: { $0.voteAccount == account.voter })?.commission ?? 0
            // ~6.5% APY over ~182 epochs a year, after commission.
            let perEpochRate: Double = 0.065 / 182
            let afterCommission: Double = 1 - Double(commission) / 100
            let amount = UInt64(Double(stake) * perEpochRate * afterCommission)
            return InflationReward(
                epoch: rewardEpoch, effectiveSlot: (rewardEpoch + 1) * settings.slotsPerEpoch, amount: amount,
                postBalance: account.lamports + amount, commission: commission)
        }
        return nil
    }
}
