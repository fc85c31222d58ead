/// A stake account from `getProgramAccounts` on the Stake program with `jsonParsed` encoding. u64 fields arrive as decimal
/// strings and are decoded exactly.
public struct StakeAccount: Sendable, Equatable, Codable {
    public var pubkey: String
    public var lamports: UInt64
    /// `delegated`, `initialized`, `uninitialized`, `rewardsPool`.
    public var type: String
    public var staker: String?
    public var withdrawer: String?
    public var rentExemptReserve: UInt64?
    public var voter: String?
    public var stake: UInt64?
    public var activationEpoch: UInt64?
    /// `UInt64.max` means "not deactivating".
    public var deactivationEpoch: UInt64?

    public static let program = "Stake11111111111111111111111111111111111111"
    /// Byte offsets of the filterable pubkeys in a stake account's data.
    public static let stakerOffset = 12
    public static let withdrawerOffset = 44
    public static let voterOffset = 124
    public static let dataSize = 200

    public init(
        pubkey: String, lamports: UInt64, type: String, staker: String?, withdrawer: String?, rentExemptReserve: UInt64?,
        voter: String?, stake: UInt64?, activationEpoch: UInt64?, deactivationEpoch: UInt64?
    ) {
        self.pubkey = pubkey
        self.lamports = lamports
        self.type = type
        self.staker = staker
        self.withdrawer = withdrawer
        self.rentExemptReserve = rentExemptReserve
        self.voter = voter
        self.stake = stake
        self.activationEpoch = activationEpoch
        self.deactivationEpoch = deactivationEpoch
    }

    private struct Wire: Codable {
        struct Account: Codable {
            var lamports: UInt64
            var data: DataField
        }
        struct DataField: Codable {
            var program: String?
            var parsed: Parsed
        }
        struct Parsed: Codable {
            var type: String
            var info: Info?
        }
        struct Info: Codable {
            var meta: Meta?
            var stake: StakeField?
        }
        struct Meta: Codable {
            var rentExemptReserve: U64String
            var authorized: Authorized
        }
        struct Authorized: Codable {
            var staker: String
            var withdrawer: String
        }
        struct StakeField: Codable {
            var delegation: Delegation
        }
        struct Delegation: Codable {
            var voter: String
            var stake: U64String
            var activationEpoch: U64String
            var deactivationEpoch: U64String
        }
        var pubkey: String
        var account: Account
    }

    public init(from decoder: any Decoder) throws {
        let wire = try Wire(from: decoder)
        let info = wire.account.data.parsed.info
        self.init(
            pubkey: wire.pubkey, lamports: wire.account.lamports, type: wire.account.data.parsed.type,
            staker: info?.meta?.authorized.staker, withdrawer: info?.meta?.authorized.withdrawer,
            rentExemptReserve: info?.meta?.rentExemptReserve.value, voter: info?.stake?.delegation.voter,
            stake: info?.stake?.delegation.stake.value, activationEpoch: info?.stake?.delegation.activationEpoch.value,
            deactivationEpoch: info?.stake?.delegation.deactivationEpoch.value)
    }

    public func encode(to encoder: any Encoder) throws {
        var meta: Wire.Meta?
        if let staker, let withdrawer {
            meta = .init(rentExemptReserve: .init(rentExemptReserve ?? 0), authorized: .init(staker: staker, withdrawer: withdrawer))
        }
        var stakeField: Wire.StakeField?
        if let voter, let stake {
            stakeField = .init(delegation: .init(
                voter: voter, stake: .init(stake), activationEpoch: .init(activationEpoch ?? 0),
                deactivationEpoch: .init(deactivationEpoch ?? UInt64.max)))
        }
        let wire = Wire(
            pubkey: pubkey,
            account: .init(lamports: lamports, data: .init(program: "stake", parsed: .init(type: type, info: .init(meta: meta, stake: stakeField)))))
        try wire.encode(to: encoder)
    }
}

/// A u64 that jsonParsed encodes as a decimal string (a bare number is accepted too).
public struct U64String: Sendable, Equatable, Codable {
    public var value: UInt64

    public init(_ value: UInt64) { self.value = value }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if let text = try? c.decode(String.self) {
            guard let parsed = UInt64(text) else {
                throw DecodingError.dataCorruptedError(in: c, debugDescription: "\"\(text)\" is not a u64")
            }
            value = parsed
        } else {
            value = try c.decode(UInt64.self)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(String(value))
    }
}

/// `getInflationReward`: one entry per requested address, null when it earned nothing in the epoch.
public struct InflationReward: Sendable, Equatable, Codable {
    public var epoch: UInt64
    public var effectiveSlot: UInt64
    public var amount: UInt64
    public var postBalance: UInt64
    public var commission: UInt8?

    public init(epoch: UInt64, effectiveSlot: UInt64, amount: UInt64, postBalance: UInt64, commission: UInt8?) {
        self.epoch = epoch
        self.effectiveSlot = effectiveSlot
        self.amount = amount
        self.postBalance = postBalance
        self.commission = commission
    }
}
