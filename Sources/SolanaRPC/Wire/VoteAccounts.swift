import SolStakeCore

/// `getVoteAccounts`: `{current: [VoteAccount], delinquent: [VoteAccount]}`.
/// Read by `JSONPullParser` only (`WireDecodable`): at 10,000 validators `JSONDecoder` takes several times as long.
public struct VoteAccounts: Sendable, Encodable, Equatable {
    public var current: [VoteAccount]
    public var delinquent: [VoteAccount]

    public init(current: [VoteAccount], delinquent: [VoteAccount]) {
        self.current = current
        self.delinquent = delinquent
    }
}

/// One vote account as `getVoteAccounts` reports it.
public struct VoteAccount: Sendable, Encodable, Equatable {
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

    fileprivate enum CodingKeys: String, CodingKey {
        case votePubkey, nodePubkey, activatedStake, epochVoteAccount, commission, inflationRewardsCommissionBps, lastVote,
            rootSlot, epochCredits
    }

    /// A commission above 100% (or 10,000 bps) is refused rather than stored.
    fileprivate static func commissionProblem(commission: UInt8?, bps: UInt16?) -> (key: CodingKeys, detail: String)? {
        if let commission, commission > 100 { return (.commission, "commission \(commission) is above 100%") }
        if let bps, bps > 10_000 { return (.inflationRewardsCommissionBps, "\(bps) bps is above 10,000") }
        return nil
    }
}

extension VoteAccounts: WireDecodable {
    public init(wire: inout JSONPullParser) throws {
        var current: [VoteAccount]?
        var delinquent: [VoteAccount]?
        try wire.beginObject()
        while try wire.nextMember() {
            if wire.keyIs("current") {
                current = try wire.within("current") { try [VoteAccount](wire: &$0) }
            } else if wire.keyIs("delinquent") {
                delinquent = try wire.within("delinquent") { try [VoteAccount](wire: &$0) }
            } else {
                try wire.skipValue()
            }
        }
        guard let current else { throw wire.missing("current") }
        guard let delinquent else { throw wire.missing("delinquent") }
        self.init(current: current, delinquent: delinquent)
    }
}

extension VoteAccount: WireDecodable {
    /// Optionals may be absent or `null`; a commission above 100% (10,000 bps) is refused.
    public init(wire: inout JSONPullParser) throws {
        var votePubkey: String?, nodePubkey: String?
        var activatedStake: UInt64?, lastVote: UInt64?, rootSlot: UInt64?
        var epochVoteAccount: Bool?
        var commission: UInt8?, bps: UInt16?
        var epochCredits: [EpochCredits]?
        try wire.beginObject()
        while try wire.nextMember() {
            if wire.keyIs("votePubkey") {
                votePubkey = try wire.within("votePubkey") { try $0.string() }
            } else if wire.keyIs("nodePubkey") {
                nodePubkey = try wire.within("nodePubkey") { try $0.string() }
            } else if wire.keyIs("activatedStake") {
                activatedStake = try wire.within("activatedStake") { try $0.uint64() }
            } else if wire.keyIs("epochVoteAccount") {
                epochVoteAccount = try wire.within("epochVoteAccount") { try $0.boolean() }
            } else if wire.keyIs("commission") {
                commission = try wire.within("commission") { $0.null() ? nil : try $0.unsigned(UInt8.self) }
            } else if wire.keyIs("inflationRewardsCommissionBps") {
                bps = try wire.within("inflationRewardsCommissionBps") { $0.null() ? nil : try $0.unsigned(UInt16.self) }
            } else if wire.keyIs("lastVote") {
                lastVote = try wire.within("lastVote") { try $0.uint64() }
            } else if wire.keyIs("rootSlot") {
                rootSlot = try wire.within("rootSlot") { try $0.uint64() }
            } else if wire.keyIs("epochCredits") {
                epochCredits = try wire.within("epochCredits") { try [EpochCredits](wire: &$0) }
            } else {
                try wire.skipValue()
            }
        }
        guard let votePubkey else { throw wire.missing("votePubkey") }
        guard let nodePubkey else { throw wire.missing("nodePubkey") }
        guard let activatedStake else { throw wire.missing("activatedStake") }
        guard let epochVoteAccount else { throw wire.missing("epochVoteAccount") }
        guard let lastVote else { throw wire.missing("lastVote") }
        guard let rootSlot else { throw wire.missing("rootSlot") }
        guard let epochCredits else { throw wire.missing("epochCredits") }
        if let problem = Self.commissionProblem(commission: commission, bps: bps) {
            throw JSONPullParser.Malformed(
                offset: wire.position, expected: problem.detail, path: [problem.key.stringValue], isSyntax: false)
        }
        self.init(
            votePubkey: votePubkey, nodePubkey: nodePubkey, activatedStake: activatedStake, epochVoteAccount: epochVoteAccount,
            commission: commission, inflationRewardsCommissionBps: bps, lastVote: lastVote, rootSlot: rootSlot,
            epochCredits: epochCredits)
    }
}

extension EpochCredits: WireDecodable {
    /// `[epoch, credits, previousCredits]`, exactly three numbers.
    public init(wire: inout JSONPullParser) throws {
        try wire.beginArray()
        func number(_ index: Int) throws -> UInt64 {
            guard try wire.nextElement() else {
                throw JSONPullParser.Malformed(offset: wire.position, expected: "3 numbers, found \(index)", isSyntax: false)
            }
            return try wire.within("[\(index)]") { try $0.uint64() }
        }
        let epoch = try number(0), credits = try number(1), previousCredits = try number(2)
        guard try !wire.nextElement() else {
            throw JSONPullParser.Malformed(
                offset: wire.position, expected: "epochCredits entry has more than 3 numbers", isSyntax: false)
        }
        self.init(epoch: epoch, credits: credits, previousCredits: previousCredits)
    }
}

/// `[epoch, credits, previousCredits]`: cumulative credits at the end of `epoch` and at the end of the one before.
public struct EpochCredits: Sendable, Encodable, Equatable {
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

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.unkeyedContainer()
        try c.encode(epoch)
        try c.encode(credits)
        try c.encode(previousCredits)
    }
}
