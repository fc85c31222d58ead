import Foundation
import SolStakeCore

/// A validator as the API shows it (a row of `validator`).
public struct ValidatorNode: Sendable, Decodable {
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
    public let activatedStakeStored: Int64
    public let lastVote: Int64?
    public let rootSlot: Int64?
    public let delinquent: Bool
    public let version: String?
    public let gossipIp: String?
    public let skipRate: Double?
    public let firstSeenEpoch: Int64?
    public let createdAtMillis: Int64
    public let updatedAtMillis: Int64

    enum CodingKeys: String, CodingKey {
        case id, voteAccount, validatorPubkey, name, website, details, iconUrl, keybaseUsername, commission, uptime, lastVote, rootSlot,
            delinquent, version, gossipIp, skipRate, firstSeenEpoch
        case activatedStakeStored = "activatedStake"
        case createdAtMillis = "createdAt"
        case updatedAtMillis = "updatedAt"
    }

    public var graphID: String { String(id) }
    public var activatedStake: LamportAmount { LamportAmount(stored: activatedStakeStored) }
    public var createdAt: DateTime { DateTime(millis: createdAtMillis) }
    public var updatedAt: DateTime { DateTime(millis: updatedAtMillis) }

    static let columns = [
        "id", "voteAccount", "validatorPubkey", "name", "website", "details", "iconUrl", "keybaseUsername", "commission", "uptime",
        "activatedStake", "lastVote", "rootSlot", "delinquent", "version", "gossipIp", "skipRate", "firstSeenEpoch", "createdAt",
        "updatedAt",
    ]
}

/// One named part of a trust score.
public struct ScoreComponentNode: Sendable, Codable {
    public let name: String
    public let value: Double
}

/// A trust score of one validator in one scoring run.
public struct TrustScoreNode: Sendable, Decodable {
    public let id: Int64
    public let validatorId: Int64
    public let scoringRunIdValue: Int64
    public let score: Double
    public let uptime: Double?
    public let componentsJSON: String
    public let reasonsJSON: String
    public let createdAtMillis: Int64

    enum CodingKeys: String, CodingKey {
        case id, validatorId, score, uptime
        case scoringRunIdValue = "scoringRunId"
        case componentsJSON = "components"
        case reasonsJSON = "reasons"
        case createdAtMillis = "createdAt"
    }

    public var graphID: String { String(id) }
    public var scoringRunId: String { String(scoringRunIdValue) }
    public var createdAt: DateTime { DateTime(millis: createdAtMillis) }

    public var components: [ScoreComponentNode] {
        guard let object = try? JSONSerialization.jsonObject(with: Data(componentsJSON.utf8)) as? [String: Any] else { return [] }
        return object.keys.sorted().compactMap { key in (object[key] as? NSNumber).map { ScoreComponentNode(name: key, value: $0.doubleValue) } }
    }

    public var reasons: [String] { (try? JSONDecoder().decode([String].self, from: Data(reasonsJSON.utf8))) ?? [] }

    static let columns = ["id", "validatorId", "scoringRunId", "score", "uptime", "components", "reasons", "createdAt"]
}

/// A scoring run.
public struct ScoringRunNode: Sendable, Decodable {
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

    enum CodingKeys: String, CodingKey {
        case id, status, epoch, algorithmVersion, configuration, validatorCount, successCount, failCount, durationMs, error
        case runDateMillis = "runDate"
        case finishedAtMillis = "finishedAt"
        case createdAtMillis = "createdAt"
    }

    public var graphID: String { String(id) }
    public var runDate: DateTime { DateTime(millis: runDateMillis) }
    public var finishedAt: DateTime? { finishedAtMillis.map(DateTime.init(millis:)) }
    public var createdAt: DateTime { DateTime(millis: createdAtMillis) }

    static let columns = [
        "id", "runDate", "status", "epoch", "algorithmVersion", "configuration", "validatorCount", "successCount", "failCount",
        "durationMs", "error", "finishedAt", "createdAt",
    ]
}

/// One epoch of a validator's history.
public struct EpochStatNode: Sendable, Decodable {
    public let validatorId: Int64
    public let epoch: Int64
    public let credits: Int64?
    public let creditCeiling: Int64?
    public let commission: Int?
    public let activatedStakeStored: Int64?
    public let leaderSlots: Int64?
    public let blocksProduced: Int64?

    enum CodingKeys: String, CodingKey {
        case validatorId, epoch, credits, creditCeiling, commission, leaderSlots, blocksProduced
        case activatedStakeStored = "activatedStake"
    }

    public var activatedStake: LamportAmount? { activatedStakeStored.map(LamportAmount.init(stored:)) }
    public var skipRate: Double? {
        guard let leaderSlots, leaderSlots > 0, let blocksProduced else { return nil }
        return Double(leaderSlots - blocksProduced) / Double(leaderSlots)
    }

    static let columns = ["validatorId", "epoch", "credits", "creditCeiling", "commission", "activatedStake", "leaderSlots", "blocksProduced"]
}

/// A commission change seen between two observations of a validator.
public struct CommissionChangeNode: Sendable, Codable {
    public let epoch: Int64
    public let from: Int?
    public let to: Int?
    public let observedAt: DateTime
}

/// A tracked wallet.
public struct UserNode: Sendable, Decodable {
    public let id: Int64
    public let walletPubkey: String
    public let label: String?
    public let lastSyncedAtMillis: Int64?
    public let createdAtMillis: Int64

    enum CodingKeys: String, CodingKey {
        case id, walletPubkey, label
        case lastSyncedAtMillis = "lastSyncedAt"
        case createdAtMillis = "createdAt"
    }

    public var graphID: String { String(id) }
    public var lastSyncedAt: DateTime? { lastSyncedAtMillis.map(DateTime.init(millis:)) }
    public var createdAt: DateTime { DateTime(millis: createdAtMillis) }

    static let columns = ["id", "walletPubkey", "label", "lastSyncedAt", "createdAt"]
}

/// A stake account of a tracked wallet.
public struct StakeAccountNode: Sendable, Decodable {
    public let id: Int64
    public let pubkey: String
    public let userId: Int64?
    public let validatorId: Int64?
    public let voteAccount: String?
    public let stakedAmountStored: Int64
    public let state: String
    public let activationEpoch: Int64?
    public let deactivationEpoch: Int64?
    public let staker: String?
    public let withdrawer: String?
    public let closedAtMillis: Int64?
    public let updatedAtMillis: Int64

    enum CodingKeys: String, CodingKey {
        case id, pubkey, userId, validatorId, voteAccount, state, activationEpoch, deactivationEpoch, staker, withdrawer
        case stakedAmountStored = "stakedAmount"
        case closedAtMillis = "closedAt"
        case updatedAtMillis = "updatedAt"
    }

    public var graphID: String { String(id) }
    public var stakedAmount: LamportAmount { LamportAmount(stored: stakedAmountStored) }
    public var closedAt: DateTime? { closedAtMillis.map(DateTime.init(millis:)) }
    public var updatedAt: DateTime { DateTime(millis: updatedAtMillis) }
    public var isClosed: Bool { closedAtMillis != nil }

    static let columns = [
        "id", "pubkey", "userId", "validatorId", "voteAccount", "stakedAmount", "state", "activationEpoch", "deactivationEpoch", "staker",
        "withdrawer", "closedAt", "updatedAt",
    ]
}

/// Something about a wallet's stake that needs attention.
public struct AlertNode: Sendable, Codable {
    public let kind: String
    public let stakeAccount: String
    public let voteAccount: String?
    public let message: String
}

/// One bucket of a score histogram: scores in [from, to) (the last bucket includes 100).
public struct HistogramBucketNode: Sendable, Codable {
    public let from: Double
    public let to: Double
    public let count: Int
}

/// The network at a glance.
public struct NetworkSummaryNode: Sendable {
    public let validatorCount: Int
    public let activeCount: Int
    public let delinquentCount: Int
    public let totalStake: LamportAmount
    public let delinquentStake: LamportAmount
    public let stakeWeightedSkipRate: Double?
    public let superminoritySize: Int
    public let consensusVersion: String?
    public let latestScoringRunId: String?
    public let scoreHistogram: [HistogramBucketNode]
    public let epoch: Int?
}

/// What `enqueueJob` did.
public struct EnqueuedJobNode: Sendable, Codable {
    public let id: String
    public let kind: String
    public let created: Bool
}

/// What `trackWallet` did.
public struct TrackWalletResultNode: Sendable {
    public let user: UserNode
    public let created: Bool
    public let syncJobId: String
}
