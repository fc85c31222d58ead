import Foundation
import SolStakeCore
import SolStakeJobs
import SolStakeStore

/// The arguments of the schema's fields, as Graphiti decodes them.

/// Arguments that filter validators (`validators`, `validatorsConnection`).
protocol ValidatorFilterArguments {
    var delinquent: Bool? { get }
    var minScore: Double? { get }
    var maxCommission: Int? { get }
    var search: String? { get }
    var minApy: Double? { get }
}

extension ValidatorFilterArguments {
    var filter: ValidatorFilter {
        .init(delinquent: delinquent, minScore: minScore, maxCommission: maxCommission, search: search, minApy: minApy)
    }
}

public struct ValidatorsArguments: Decodable, Sendable, ValidatorFilterArguments {
    public let delinquent: Bool?
    public let minScore: Double?
    public let maxCommission: Int?
    public let search: String?
    public let minApy: Double?
    public let orderBy: ValidatorOrder?
    public let direction: SortDirection?
    public let limit: Int?
    public let offset: Int?
}

public struct ConnectionArguments: Decodable, Sendable, ValidatorFilterArguments {
    public let first: Int?
    public let after: String?
    public let delinquent: Bool?
    public let minScore: Double?
    public let maxCommission: Int?
    public let search: String?
    public let minApy: Double?
    public let orderBy: ValidatorOrder?
    public let direction: SortDirection?
}

public struct ValidatorLookupArguments: Decodable, Sendable {
    public let voteAccount: String?
    public let validatorPubkey: String?
}

public struct PageArguments: Decodable, Sendable {
    public let first: Int?
    public let after: String?
}

public struct ScoringRunPageArguments: Decodable, Sendable {
    public let first: Int?
    public let after: String?
    public let status: ScoringRunStatus?
}

public struct ScoringRunsArguments: Decodable, Sendable {
    public let limit: Int?
    public let offset: Int?
    public let status: ScoringRunStatus?
}

public struct IDArguments: Decodable, Sendable {
    public let id: GraphID
}

public struct RecommendArguments: Decodable, Sendable {
    public let count: Int?
    public let maxCommission: Int?
}

public struct UsersArguments: Decodable, Sendable {
    public let limit: Int?
    public let offset: Int?
}

public struct WalletArguments: Decodable, Sendable {
    public let walletPubkey: String
}

public struct TrackWalletArguments: Decodable, Sendable {
    public let walletPubkey: String
    public let label: String?
}

public enum JobKindArgument: String, Codable, CaseIterable, Sendable {
    case FETCH, SCORE, STAKE_SYNC

    var kind: String {
        switch self {
        case .FETCH: return JobKinds.fetch
        case .SCORE: return JobKinds.score
        case .STAKE_SYNC: return JobKinds.stakeSync
        }
    }
}

public struct EnqueueJobArguments: Decodable, Sendable {
    public let kind: JobKindArgument
}

public struct ScoreChangedArguments: Decodable, Sendable {
    public let voteAccount: String
}

public struct LimitArguments: Decodable, Sendable {
    public let limit: Int?
}

public struct StakeAccountsArguments: Decodable, Sendable {
    public let includeClosed: Bool?
}

public struct AlertArguments: Decodable, Sendable {
    public let commissionAbove: Int?
    public let scoreDropAbove: Double?
    public let apyBelowNetworkBy: Double?
}

public struct RewardWindowArguments: Decodable, Sendable {
    public let lastEpochs: Int?
}
