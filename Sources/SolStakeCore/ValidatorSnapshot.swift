/// What one fetch learned about one validator, keyed by its vote account.
///
/// Plain values only: the ingest job builds these from RPC results and the store persists them.
public struct ValidatorSnapshot: Sendable, Equatable {
    public var voteAccount: String
    /// The validator's identity (node) pubkey. Not unique across vote accounts.
    public var identity: String
    public var name: String?
    public var website: String?
    public var details: String?
    public var iconUrl: String?
    public var keybaseUsername: String?
    /// Commission in percent (0...100).
    public var commission: Int?
    public var activatedStake: UInt64
    public var lastVote: UInt64?
    public var rootSlot: UInt64?
    public var delinquent: Bool
    public var version: String?
    public var gossipIp: String?
    /// Skip rate in [0, 1] for the current epoch, when the validator had leader slots.
    public var skipRate: Double?
    public var firstSeenEpoch: UInt64?
    /// MEV commission in basis points from this epoch's Jito tip-distribution account.
    public var mevCommissionBps: Int?
    /// True: the validator has a tip-distribution account this epoch; false: it has none (it does not run Jito);
    /// nil: not known (the accounts could not be read).
    public var runsJito: Bool?

    public init(
        voteAccount: String, identity: String, name: String? = nil, website: String? = nil, details: String? = nil,
        iconUrl: String? = nil, keybaseUsername: String? = nil, commission: Int? = nil, activatedStake: UInt64 = 0,
        lastVote: UInt64? = nil, rootSlot: UInt64? = nil, delinquent: Bool = false, version: String? = nil,
        gossipIp: String? = nil, skipRate: Double? = nil, firstSeenEpoch: UInt64? = nil, mevCommissionBps: Int? = nil,
        runsJito: Bool? = nil
    ) {
        self.voteAccount = voteAccount
        self.identity = identity
        self.name = name
        self.website = website
        self.details = details
        self.iconUrl = iconUrl
        self.keybaseUsername = keybaseUsername
        self.commission = commission
        self.activatedStake = activatedStake
        self.lastVote = lastVote
        self.rootSlot = rootSlot
        self.delinquent = delinquent
        self.version = version
        self.gossipIp = gossipIp
        self.skipRate = skipRate
        self.firstSeenEpoch = firstSeenEpoch
        self.mevCommissionBps = mevCommissionBps
        self.runsJito = runsJito
    }
}

/// One validator's figures for one epoch.
public struct EpochStatSnapshot: Sendable, Equatable {
    public var voteAccount: String
    public var epoch: UInt64
    /// Vote credits earned in the epoch (`credits - previousCredits`).
    public var credits: UInt64?
    /// The epoch's credit ceiling (16 x blocks produced in the epoch), when known.
    public var creditCeiling: UInt64?
    public var commission: Int?
    public var activatedStake: UInt64?
    public var leaderSlots: UInt64?
    public var blocksProduced: UInt64?
    public var mevCommissionBps: Int?
    /// As on `ValidatorSnapshot`: nil is "not known", false is "no tip-distribution account".
    public var runsJito: Bool?
    public var version: String?

    public init(
        voteAccount: String, epoch: UInt64, credits: UInt64? = nil, creditCeiling: UInt64? = nil,
        commission: Int? = nil, activatedStake: UInt64? = nil, leaderSlots: UInt64? = nil, blocksProduced: UInt64? = nil,
        mevCommissionBps: Int? = nil, runsJito: Bool? = nil, version: String? = nil
    ) {
        self.voteAccount = voteAccount
        self.epoch = epoch
        self.credits = credits
        self.creditCeiling = creditCeiling
        self.commission = commission
        self.activatedStake = activatedStake
        self.leaderSlots = leaderSlots
        self.blocksProduced = blocksProduced
        self.mevCommissionBps = mevCommissionBps
        self.runsJito = runsJito
        self.version = version
    }
}
