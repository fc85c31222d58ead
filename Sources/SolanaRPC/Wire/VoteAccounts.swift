/// `getVoteAccounts`: `{current: [VoteAccount], delinquent: [VoteAccount]}`.
public struct VoteAccounts: Sendable, Codable, Equatable {
    public var current: [VoteAccount]
    public var delinquent: [VoteAccount]

    public init(current: [VoteAccount], delinquent: [VoteAccount]) {
        self.current = current
        self.delinquent = delinquent
    }
}

/// One vote account as `getVoteAccounts` reports it.
public struct VoteAccount: Sendable, Codable, Equatable {
    public var votePubkey: String
    public var nodePubkey: String
    public var activatedStake: UInt64
    public var epochVoteAccount: Bool
    /// Percent (0-100). Newer nodes may omit it in favour of `inflationRewardsCommissionBps`.
    public var commission: UInt8?
    /// Basis points (0-10,000), on newer nodes.
    public var inflationRewardsCommissionBps: UInt16?
    public var lastVote: UInt64
    public var rootSlot: UInt64
    /// At most the last 5 epochs.
    public var epochCredits: [EpochCredits]

    public init(
        votePubkey: String, nodePubkey: String, activatedStake: UInt64, epochVoteAccount: Bool, commission: UInt8?,
        inflationRewardsCommissionBps: UInt16? = nil, lastVote: UInt64, rootSlot: UInt64, epochCredits: [EpochCredits]
    ) {
        self.votePubkey = votePubkey
        self.nodePubkey = nodePubkey
        self.activatedStake = activatedStake
        self.epochVoteAccount = epochVoteAccount
        self.commission = commission
        self.inflationRewardsCommissionBps = inflationRewardsCommissionBps
        self.lastVote = lastVote
        self.rootSlot = rootSlot
        self.epochCredits = epochCredits
    }

    /// Commission in whole percent, from `commission` or, when absent, from `inflationRewardsCommissionBps`
    /// (rounded half up; 550 bps -> 6%). Nil when the node reported neither.
    public var commissionPercent: Int? {
        if let commission { return Int(commission) }
        if let bps = inflationRewardsCommissionBps { return (Int(bps) + 50) / 100 }
        return nil
    }

    private enum CodingKeys: String, CodingKey {
        case votePubkey, nodePubkey, activatedStake, epochVoteAccount, commission, inflationRewardsCommissionBps, lastVote,
            rootSlot, epochCredits
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        votePubkey = try c.decode(String.self, forKey: .votePubkey)
        nodePubkey = try c.decode(String.self, forKey: .nodePubkey)
        activatedStake = try c.decode(UInt64.self, forKey: .activatedStake)
        epochVoteAccount = try c.decode(Bool.self, forKey: .epochVoteAccount)
        commission = try c.decodeIfPresent(UInt8.self, forKey: .commission)
        inflationRewardsCommissionBps = try c.decodeIfPresent(UInt16.self, forKey: .inflationRewardsCommissionBps)
        lastVote = try c.decode(UInt64.self, forKey: .lastVote)
        rootSlot = try c.decode(UInt64.self, forKey: .rootSlot)
        epochCredits = try c.decode([EpochCredits].self, forKey: .epochCredits)
        if let commission, commission > 100 {
            throw DecodingError.dataCorruptedError(
                forKey: .commission, in: c, debugDescription: "commission \(commission) is above 100%")
        }
        if let bps = inflationRewardsCommissionBps, bps > 10_000 {
            throw DecodingError.dataCorruptedError(
                forKey: .inflationRewardsCommissionBps, in: c, debugDescription: "\(bps) bps is above 10,000")
        }
    }
}

/// `[epoch, credits, previousCredits]`: cumulative credits at the end of `epoch` and at the end of the one before.
public struct EpochCredits: Sendable, Codable, Equatable {
    public var epoch: UInt64
    public var credits: UInt64
    public var previousCredits: UInt64

    public init(epoch: UInt64, credits: UInt64, previousCredits: UInt64) {
        self.epoch = epoch
        self.credits = credits
        self.previousCredits = previousCredits
    }

    /// Credits earned in the epoch (0 if the counters went backwards, which a vote-account reset can cause).
    public var earned: UInt64 { credits >= previousCredits ? credits - previousCredits : 0 }

    public init(from decoder: any Decoder) throws {
        var c = try decoder.unkeyedContainer()
        epoch = try c.decode(UInt64.self)
        credits = try c.decode(UInt64.self)
        previousCredits = try c.decode(UInt64.self)
        if !c.isAtEnd {
            throw DecodingError.dataCorruptedError(in: c, debugDescription: "epochCredits entry has more than 3 numbers")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.unkeyedContainer()
        try c.encode(epoch)
        try c.encode(credits)
        try c.encode(previousCredits)
    }
}
