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
    /// Estimated staker APY (fractions) for this epoch; nil when the network inputs could not be read.
    public var apy: ValidatorApy?

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

/// A validator's estimated staker yield as of one fetch (`YieldEstimate`): inflation after commission, MEV after the MEV
/// commission where known, both compounded over a year.
public struct ValidatorApy: Sendable, Equatable {
    public var inflation: Double
    /// Nil: MEV not known (the total is inflation only).
    public var mev: Double?
    public var total: Double
    public var asOfEpoch: UInt64

    public init(inflation: Double, mev: Double?, total: Double, asOfEpoch: UInt64) {
        self.inflation = inflation
        self.mev = mev
        self.total = total
        self.asOfEpoch = asOfEpoch
    }
}

/// The network inputs of one fetch's yield estimate, stored per epoch.
public struct EpochEconomics: Sendable, Equatable {
    public var epoch: UInt64
    public var slot: UInt64
    public var totalRate: Double
    public var validatorRate: Double
    public var foundationRate: Double
    public var governor: InflationGovernor
    public var capitalization: UInt64
    public var slotsInEpoch: UInt64
    public var secondsPerSlot: Double?
    public var epochsPerYear: Double
    public var pool: UInt64
    public var totalPoints: UInt128
    public var networkApy: Double
    /// The completed epoch whose Jito tips the MEV part used; nil when tips were not known.
    public var mevEpoch: UInt64?

    public init(
        epoch: UInt64, slot: UInt64, totalRate: Double, validatorRate: Double, foundationRate: Double, governor: InflationGovernor,
        capitalization: UInt64, slotsInEpoch: UInt64, secondsPerSlot: Double?, epochsPerYear: Double, pool: UInt64,
        totalPoints: UInt128, networkApy: Double, mevEpoch: UInt64?
    ) {
        self.epoch = epoch
        self.slot = slot
        self.totalRate = totalRate
        self.validatorRate = validatorRate
        self.foundationRate = foundationRate
        self.governor = governor
        self.capitalization = capitalization
        self.slotsInEpoch = slotsInEpoch
        self.secondsPerSlot = secondsPerSlot
        self.epochsPerYear = epochsPerYear
        self.pool = pool
        self.totalPoints = totalPoints
        self.networkApy = networkApy
        self.mevEpoch = mevEpoch
    }
}
