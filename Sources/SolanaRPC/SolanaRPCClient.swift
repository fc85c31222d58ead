import SolStakeCore

/// The Solana JSON-RPC methods solstake uses. Jobs and tests depend on this protocol; `LiveSolanaRPCClient` speaks HTTP.
public protocol SolanaRPCClient: Sendable {
    func getVoteAccounts() async throws -> VoteAccounts
    func getClusterNodes() async throws -> [ClusterNode]
    func getEpochInfo() async throws -> EpochInfo
    func getEpochSchedule() async throws -> EpochSchedule
    /// Leader slots and blocks produced, for one identity or all, over a slot range (default: the current epoch so far).
    func getBlockProduction(identity: String?, range: ClosedRange<UInt64>?) async throws -> BlockProduction
    /// The signed validator-info entries of the Config program's accounts (see `ValidatorInfo.signedEntries`).
    func getValidatorInfo() async throws -> [ValidatorInfo]
    /// Stake accounts matching a filter (`dataSize` 200 plus a `memcmp` on the staker, withdrawer or voter), `jsonParsed`.
    func getStakeAccounts(_ filter: StakeAccountFilter) async throws -> [StakeAccount]
    /// Jito tip-distribution accounts created in `epoch` (`getProgramAccounts`, base64, filtered by discriminator and
    /// epoch), decoded to MEV commission per vote account. An account that cannot be decoded is reported, not fatal.
    /// `rootUploaded`: the accounts of a completed epoch once their merkle root is uploaded (the epoch then sits at another
    /// offset), whose claimable total is the epoch's tips.
    func getTipDistributionAccounts(epoch: UInt64, rootUploaded: Bool) async throws -> TipDistributionSurvey
    /// Rewards per address for an epoch (default: the last completed); addresses are sent in batches of 32.
    func getInflationReward(addresses: [String], epoch: UInt64?) async throws -> [InflationReward?]
    func getInflationRate() async throws -> InflationRate
    func getInflationGovernor() async throws -> InflationGovernor
    func getSupply() async throws -> Supply
    /// Up to `limit` 60-second samples, newest first.
    func getRecentPerformanceSamples(limit: Int) async throws -> [PerformanceSample]
    func getVersion() async throws -> NodeVersion
    /// `"ok"` when the node is healthy; throws a node error (-32005) when it is behind.
    func getHealth() async throws -> String
    func getSlot() async throws -> UInt64
}

extension SolanaRPCClient {
    /// This epoch's accounts (no root yet).
    public func getTipDistributionAccounts(epoch: UInt64) async throws -> TipDistributionSurvey {
        try await getTipDistributionAccounts(epoch: epoch, rootUploaded: false)
    }
}

/// Which stake accounts to list: by the pubkey at the staker, withdrawer or voter offset.
public enum StakeAccountFilter: Sendable, Equatable, Hashable {
    case staker(String)
    case withdrawer(String)
    case voter(String)

    public var offset: Int {
        switch self {
        case .staker: return StakeAccount.stakerOffset
        case .withdrawer: return StakeAccount.withdrawerOffset
        case .voter: return StakeAccount.voterOffset
        }
    }

    public var pubkey: String {
        switch self {
        case .staker(let key), .withdrawer(let key), .voter(let key): return key
        }
    }
}
