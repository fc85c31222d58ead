import Logging
import SolStakeJobs
import SolStakeStore
import Synchronization

/// Everything resolvers of one request need: the repository, the caller, and the request's loaders.
public final class GraphQLContext: Sendable {
    public let repository: GraphQLRepository
    public let queue: JobQueue
    public let feed: ScoringRunFeed
    public let settings: GraphQLSettings
    public let logger: Logger
    /// The id of the API key the request presented, when it is valid.
    public let apiKeyId: String?

    /// Parents registered for batching, per kind of parent. Validator ids come from validator lists and from loaded
    /// scores and stake accounts (which reach validators, whose own children then batch too).
    public let validatorKeys = KeyRegistry<Int64>()
    public let runKeys = KeyRegistry<Int64>()
    public let userKeys = KeyRegistry<Int64>()
    private let loaders = Mutex<[String: any Sendable]>([:])

    public init(
        repository: GraphQLRepository, queue: JobQueue, feed: ScoringRunFeed, settings: GraphQLSettings, logger: Logger, apiKeyId: String?
    ) {
        self.repository = repository
        self.queue = queue
        self.feed = feed
        self.settings = settings
        self.logger = logger
        self.apiKeyId = apiKeyId
    }

    var database: any DatabaseClient { repository.database }

    /// The request's loader called `name` (one per field and argument values), created on first use.
    func loader<Key, Value>(
        _ name: String, registry: KeyRegistry<Key>, batch: @escaping @Sendable ([Key]) async throws -> [Key: Value]
    ) -> BatchLoader<Key, Value> {
        loaders.withLock { loaders in
            if let existing = loaders[name] as? BatchLoader<Key, Value> { return existing }
            let created = BatchLoader(registry: registry, batch: batch)
            loaders[name] = created
            return created
        }
    }

    // MARK: Loaders used by the schema

    func latestScore(_ validatorId: Int64) async throws -> TrustScoreNode? {
        let repository = repository
        return try await loader("latestScore", registry: validatorKeys) { ids in try await repository.latestScores(validatorIds: ids) }
            .load(validatorId)
    }

    func previousScore(_ validatorId: Int64) async throws -> TrustScoreNode? {
        let repository = repository
        return try await loader("previousScore", registry: validatorKeys) { ids in try await repository.previousScores(validatorIds: ids) }
            .load(validatorId)
    }

    func validator(_ id: Int64) async throws -> ValidatorNode? {
        let repository = repository
        return try await loader("validatorById", registry: validatorKeys) { ids in try await repository.validators(ids: ids) }.load(id)
    }

    func scores(run: Int64, limit: Int) async throws -> [TrustScoreNode] {
        let repository = repository
        let referenced = validatorKeys
        return try await loader("runScores:\(limit)", registry: runKeys) { ids in
            let found = try await repository.scores(runIds: ids, limit: limit)
            referenced.register(found.values.flatMap { $0.map(\.validatorId) })
            return found
        }.load(run) ?? []
    }

    func scoreHistory(_ validatorId: Int64, limit: Int) async throws -> [TrustScoreNode] {
        let repository = repository
        return try await loader("scoreHistory:\(limit)", registry: validatorKeys) { ids in
            try await repository.scoreHistory(validatorIds: ids, limit: limit)
        }.load(validatorId) ?? []
    }

    func epochStats(_ validatorId: Int64, limit: Int) async throws -> [EpochStatNode] {
        let repository = repository
        return try await loader("epochStats:\(limit)", registry: validatorKeys) { ids in
            try await repository.epochStats(validatorIds: ids, limit: limit)
        }.load(validatorId) ?? []
    }

    func commissionHistory(_ validatorId: Int64) async throws -> [CommissionChangeNode] {
        let repository = repository
        return try await loader("commissionHistory", registry: validatorKeys) { ids in
            try await repository.commissionHistory(validatorIds: ids)
        }.load(validatorId) ?? []
    }

    func stakeAccounts(user: Int64, includeClosed: Bool) async throws -> [StakeAccountNode] {
        let repository = repository
        let referenced = validatorKeys
        return try await loader("stakeAccounts:\(includeClosed)", registry: userKeys) { ids in
            let found = try await repository.stakeAccounts(userIds: ids, includeClosed: includeClosed)
            referenced.register(found.values.flatMap { $0.compactMap(\.validatorId) })
            return found
        }.load(user) ?? []
    }
}
