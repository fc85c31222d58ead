import Foundation

/// A validator as last fetched.
public struct ValidatorRecord: Sendable, Decodable, Equatable {
    public let id: Int64
    public let voteAccount: String
    public let validatorPubkey: String
    public let name: String?
    public let website: String?
    public let details: String?
    public let iconUrl: String?
    public let keybaseUsername: String?
    public let commission: Int?
    public let uptime: Double?
    private let activatedStakeStored: Int64
    public let lastVote: Int64?
    public let rootSlot: Int64?
    public let delinquent: Bool
    public let version: String?
    public let gossipIp: String?
    public let skipRate: Double?
    public let firstSeenEpoch: Int64?
    public let mevCommissionBps: Int?
    public let runsJito: Bool?
    /// Estimated staker APY as of `apyEpoch` (fractions); `apyMev` nil when MEV is not known.
    public let apyInflation: Double?
    public let apyMev: Double?
    public let apyTotal: Double?
    public let apyEpoch: Int64?
    public let createdAtMillis: Int64
    public let updatedAtMillis: Int64

    public var activatedStake: UInt64 { UInt64(max(0, activatedStakeStored)) }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case id, voteAccount, validatorPubkey, name, website, details, iconUrl, keybaseUsername, commission, uptime, lastVote, rootSlot,
            delinquent, version, gossipIp, skipRate, firstSeenEpoch, mevCommissionBps, runsJito, apyInflation, apyMev, apyTotal, apyEpoch
        case activatedStakeStored = "activatedStake"
        case createdAtMillis = "createdAt"
        case updatedAtMillis = "updatedAt"
    }

    static let columns = CodingKeys.allCases.map(\.rawValue)
}

/// A validator's trust score in one scoring run.
public struct TrustScoreRecord: Sendable, Decodable, Equatable {
    public let id: Int64
    public let validatorId: Int64
    public let scoringRunId: Int64
    public let score: Double
    public let uptime: Double?
    private let componentsJSON: String
    private let reasonsJSON: String
    public let createdAtMillis: Int64

    enum CodingKeys: String, CodingKey, CaseIterable {
        case id, validatorId, scoringRunId, score, uptime
        case componentsJSON = "components"
        case reasonsJSON = "reasons"
        case createdAtMillis = "createdAt"
    }

    static let columns = CodingKeys.allCases.map(\.rawValue)

    /// The named parts of the score, sorted by name (stored as one JSON object per score; decoded only when asked for).
    public var components: [(name: String, value: Double)] {
        guard let object = try? JSONSerialization.jsonObject(with: Data(componentsJSON.utf8)) as? [String: Any] else { return [] }
        return object.keys.sorted().compactMap { key in (object[key] as? NSNumber).map { (key, $0.doubleValue) } }
    }

    public var reasons: [String] { (try? JSONDecoder().decode([String].self, from: Data(reasonsJSON.utf8))) ?? [] }

    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.id == rhs.id }
}

/// A scoring run: when, on which epoch, with which algorithm and configuration, and how it ended.
public struct ScoringRunRecord: Sendable, Decodable, Equatable {
    public let id: Int64
    public let runDateMillis: Int64
    public let status: String
    public let epoch: Int64?
    public let algorithmVersion: String
    public let configuration: String
    public let validatorCount: Int
    public let successCount: Int
    public let failCount: Int
    public let durationMs: Int64?
    public let error: String?
    public let finishedAtMillis: Int64?
    public let createdAtMillis: Int64

    enum CodingKeys: String, CodingKey, CaseIterable {
        case id, status, epoch, algorithmVersion, configuration, validatorCount, successCount, failCount, durationMs, error
        case runDateMillis = "runDate"
        case finishedAtMillis = "finishedAt"
        case createdAtMillis = "createdAt"
    }

    static let columns = CodingKeys.allCases.map(\.rawValue)
}

/// One epoch of a validator's history.
public struct EpochStatRecord: Sendable, Decodable, Equatable {
    public let validatorId: Int64
    public let epoch: Int64
    public let credits: Int64?
    public let creditCeiling: Int64?
    public let commission: Int?
    private let activatedStakeStored: Int64?
    public let leaderSlots: Int64?
    public let blocksProduced: Int64?
    public let mevCommissionBps: Int?
    public let runsJito: Bool?
    public let version: String?
    public let importedAtMillis: Int64?

    public var activatedStake: UInt64? { activatedStakeStored.map { UInt64(max(0, $0)) } }

    /// Leader slots without a block, as a fraction of leader slots; nil without leader slots.
    public var skipRate: Double? {
        guard let leaderSlots, leaderSlots > 0, let blocksProduced else { return nil }
        return Double(leaderSlots - blocksProduced) / Double(leaderSlots)
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case validatorId, epoch, credits, creditCeiling, commission, leaderSlots, blocksProduced, mevCommissionBps, runsJito, version
        case activatedStakeStored = "activatedStake"
        case importedAtMillis = "importedAt"
    }

    static let columns = CodingKeys.allCases.map(\.rawValue)
}

/// A commission change seen between two observations of a validator.
public struct CommissionChange: Sendable, Equatable {
    public let epoch: Int64
    public let from: Int?
    public let to: Int?
    public let observedAtMillis: Int64
}

/// A tracked wallet.
public struct UserRecord: Sendable, Decodable, Equatable {
    public let id: Int64
    public let walletPubkey: String
    public let label: String?
    public let lastSyncedAtMillis: Int64?
    public let createdAtMillis: Int64

    public init(id: Int64, walletPubkey: String, label: String?, lastSyncedAtMillis: Int64?, createdAtMillis: Int64) {
        self.id = id
        self.walletPubkey = walletPubkey
        self.label = label
        self.lastSyncedAtMillis = lastSyncedAtMillis
        self.createdAtMillis = createdAtMillis
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case id, walletPubkey, label
        case lastSyncedAtMillis = "lastSyncedAt"
        case createdAtMillis = "createdAt"
    }

    static let columns = CodingKeys.allCases.map(\.rawValue)
}

/// A stake account of a tracked wallet.
public struct StakeAccountRecord: Sendable, Decodable, Equatable {
    public let id: Int64
    public let pubkey: String
    public let userId: Int64?
    public let validatorId: Int64?
    public let voteAccount: String?
    private let stakedAmountStored: Int64
    public let state: String
    public let activationEpoch: Int64?
    public let deactivationEpoch: Int64?
    public let staker: String?
    public let withdrawer: String?
    public let closedAtMillis: Int64?
    public let updatedAtMillis: Int64

    public var stakedAmount: UInt64 { UInt64(max(0, stakedAmountStored)) }
    public var isClosed: Bool { closedAtMillis != nil }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case id, pubkey, userId, validatorId, voteAccount, state, activationEpoch, deactivationEpoch, staker, withdrawer
        case stakedAmountStored = "stakedAmount"
        case closedAtMillis = "closedAt"
        case updatedAtMillis = "updatedAt"
    }

    static let columns = CodingKeys.allCases.map(\.rawValue)
}

/// A validator with its score in the latest completed run: what the network summary and recommendations read.
public struct NetworkValidator: Sendable, Decodable, Equatable {
    public let id: Int64
    public let voteAccount: String
    private let activatedStake: Int64
    public let delinquent: Bool
    public let version: String?
    public let gossipIp: String?
    public let commission: Int?
    public let skipRate: Double?
    public let score: Double?

    public var stake: UInt64 { UInt64(max(0, activatedStake)) }
}
