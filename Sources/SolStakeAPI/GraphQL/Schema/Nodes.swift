import Foundation
import Graphiti
import SolStakeCore
import SolStakeStore

/// A node of the schema that wraps one of the store's records: the record's fields read through, and the node adds what
/// only the API shows (string ids, exact lamports, ISO-8601 times).
@dynamicMemberLookup
public protocol RecordNode: Sendable {
    associatedtype Record: Sendable
    var record: Record { get }
}

extension RecordNode {
    public subscript<T>(dynamicMember path: KeyPath<Record, T>) -> T { record[keyPath: path] }
}

/// A validator as the API shows it.
public struct ValidatorNode: RecordNode {
    public let record: ValidatorRecord
    public init(_ record: ValidatorRecord) { self.record = record }

    public var graphID: GraphID { GraphID(record.id) }
    public var activatedStake: LamportAmount { LamportAmount(record.activatedStake) }
    public var createdAt: DateTime { DateTime(millis: record.createdAtMillis) }
    public var updatedAt: DateTime { DateTime(millis: record.updatedAtMillis) }
    public var apy: ValidatorApyNode? {
        guard let total = record.apyTotal, let inflation = record.apyInflation, let epoch = record.apyEpoch else { return nil }
        return ValidatorApyNode(total: total, inflation: inflation, mev: record.apyMev, mevKnown: record.apyMev != nil, asOfEpoch: Int(epoch))
    }
}

/// A validator's estimated staker APY (fractions: 0.07 is 7%).
public struct ValidatorApyNode: Sendable, Codable {
    public let total: Double
    public let inflation: Double
    public let mev: Double?
    public let mevKnown: Bool
    public let asOfEpoch: Int
}

/// One named part of a trust score.
public struct ScoreComponentNode: Sendable, Codable {
    public let name: String
    public let value: Double
}

/// A trust score of one validator in one scoring run.
public struct TrustScoreNode: RecordNode {
    public let record: TrustScoreRecord
    public init(_ record: TrustScoreRecord) { self.record = record }

    public var graphID: GraphID { GraphID(record.id) }
    public var scoringRunId: GraphID { GraphID(record.scoringRunId) }
    public var createdAt: DateTime { DateTime(millis: record.createdAtMillis) }
    public var components: [ScoreComponentNode] { record.components.map { ScoreComponentNode(name: $0.name, value: $0.value) } }
    /// Model v2's share of rewards delegators keep after inflation and MEV commission (nil for v1 runs).
    public var keptShare: Double? { record.components.first { $0.name == "keptShare" }?.value }
}

/// The states of a scoring run.
public enum ScoringRunStatus: String, Sendable, Codable, CaseIterable {
    case running, completed, failed
}

/// A scoring run.
public struct ScoringRunNode: RecordNode {
    public let record: ScoringRunRecord
    public init(_ record: ScoringRunRecord) { self.record = record }

    public var graphID: GraphID { GraphID(record.id) }
    /// The store writes only these three; anything else reads as failed rather than as a success.
    public var statusValue: ScoringRunStatus { ScoringRunStatus(rawValue: record.status) ?? .failed }
    /// The stored configuration is JSON the run wrote; text that is not (never written) is served as a string.
    public var config: JSONValue { JSONValue(text: record.configuration) ?? .string(record.configuration) }
    public var runDate: DateTime { DateTime(millis: record.runDateMillis) }
    public var finishedAt: DateTime? { record.finishedAtMillis.map(DateTime.init(millis:)) }
    public var createdAt: DateTime { DateTime(millis: record.createdAtMillis) }
}

/// One epoch of a validator's history.
public struct EpochStatNode: RecordNode {
    public let record: EpochStatRecord
    public init(_ record: EpochStatRecord) { self.record = record }

    public var activatedStake: LamportAmount? { record.activatedStake.map(LamportAmount.init) }
}

/// A commission change seen between two observations of a validator.
public struct CommissionChangeNode: RecordNode {
    public let record: CommissionChange
    public init(_ record: CommissionChange) { self.record = record }

    public var observedAt: DateTime { DateTime(millis: record.observedAtMillis) }
}

/// A tracked wallet.
public struct UserNode: RecordNode {
    public let record: UserRecord
    public init(_ record: UserRecord) { self.record = record }

    public var graphID: GraphID { GraphID(record.id) }
    public var lastSyncedAt: DateTime? { record.lastSyncedAtMillis.map(DateTime.init(millis:)) }
    public var createdAt: DateTime { DateTime(millis: record.createdAtMillis) }
}

/// A stake account of a tracked wallet.
public struct StakeAccountNode: RecordNode {
    public let record: StakeAccountRecord
    public init(_ record: StakeAccountRecord) { self.record = record }

    public var graphID: GraphID { GraphID(record.id) }
    public var stakedAmount: LamportAmount { LamportAmount(record.stakedAmount) }
    /// The store writes only `StakeState` values; anything else reads as inactive (earning nothing) rather than active.
    public var stateValue: StakeState { StakeState(rawValue: record.state) ?? .inactive }
    public var closedAt: DateTime? { record.closedAtMillis.map(DateTime.init(millis:)) }
    public var updatedAt: DateTime { DateTime(millis: record.updatedAtMillis) }
}

/// A stake account's inflation reward for one completed epoch; `amount` null: the node reported none.
public struct StakeRewardNode: Sendable, Codable {
    public let epoch: Int
    public let amount: LamportAmount?
    public let postBalance: LamportAmount?
    public let commission: Int?
    public let effectiveSlot: Int?

    init(_ row: RewardStore.StoredReward) {
        epoch = Int(row.epoch)
        amount = row.amount.map(LamportAmount.init(stored:))
        postBalance = row.postBalance.map(LamportAmount.init(stored:))
        commission = row.commission
        effectiveSlot = row.effectiveSlot.map(Int.init)
    }
}

/// A wallet's rewards in one completed epoch, over its stake accounts.
public struct EpochRewardNode: Sendable, Codable {
    public let epoch: Int
    public let amount: LamportAmount
    public let rewardedAccounts: Int
    public let accountsWithoutReward: Int
}

/// Something about a wallet's stake that needs attention.
public struct AlertNode: Sendable, Codable {
    public enum Kind: String, Sendable, Codable, CaseIterable {
        case DELINQUENT, HIGH_COMMISSION, COMMISSION_RAISED, SCORE_DROPPED, REWARDS_MISSED, APY_BELOW_NETWORK
    }
    public let kind: Kind
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
    public let latestScoringRunId: GraphID?
    public let scoreHistogram: [HistogramBucketNode]
    public let epoch: Int?
    public let stakingApy: Double?
    public let stakingApyEpoch: Int?
}

/// What `enqueueJob` did.
public struct EnqueuedJobNode: Sendable, Codable {
    public let id: GraphID
    public let kind: JobKindArgument
    public let created: Bool
}

/// What `trackWallet` did.
public struct TrackWalletResultNode: Sendable {
    public let user: UserNode
    public let created: Bool
    public let syncJobId: GraphID
}

/// A validator's score in a newly completed run, compared with its previous one.
public struct ScoreChangeNode: Sendable {
    public let voteAccount: String
    public let scoringRunId: GraphID
    public let score: Double
    public let previousScore: Double?
    public var delta: Double? { previousScore.map { ((score - $0) * 1_000_000).rounded() / 1_000_000 } }
}

/// A Relay connection of validators.
public struct ValidatorConnectionNode: Sendable {
    public struct Edge: Sendable {
        public let node: ValidatorNode
        public let cursor: String
    }

    public struct PageInfo: Sendable {
        public let hasNextPage: Bool
        public let hasPreviousPage: Bool
        public let startCursor: String?
        public let endCursor: String?
    }

    public let edges: [Edge]
    public let pageInfo: PageInfo
    let filter: ValidatorFilter

    public func totalCount(context: GraphQLContext, arguments: NoArguments) async throws -> Int {
        try await context.readModel.validatorCount(filter: filter)
    }
}
