import Logging
import SolStakeJobs
import SolStakeStore
import Synchronization

/// Everything resolvers of one request need: the read model, the caller, and the request's loaders.
public final class GraphQLContext: Sendable {
    public let readModel: ReadModel
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
    public let stakeAccountKeys = KeyRegistry<Int64>()
    /// The newest epoch's economics, read once per request (reward windows and APY comparisons share it).
    private let economics = Mutex<Task<EpochEconomicsStore.Row?, any Error>?>(nil)
    private let loaders = Mutex<[String: any Sendable]>([:])

    public init(
        readModel: ReadModel, queue: JobQueue, feed: ScoringRunFeed, settings: GraphQLSettings, logger: Logger, apiKeyId: String?
    ) {
        self.readModel = readModel
        self.queue = queue
        self.feed = feed
        self.settings = settings
        self.logger = logger
        self.apiKeyId = apiKeyId
    }

    var database: any DatabaseClient { readModel.database }

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
        let readModel = readModel
        return try await loader("latestScore", registry: validatorKeys) { ids in try await readModel.latestScores(validatorIds: ids).mapValues(TrustScoreNode.init) }
            .load(validatorId)
    }

    func previousScore(_ validatorId: Int64) async throws -> TrustScoreNode? {
        let readModel = readModel
        return try await loader("previousScore", registry: validatorKeys) { ids in try await readModel.previousScores(validatorIds: ids).mapValues(TrustScoreNode.init) }
            .load(validatorId)
    }

    func validator(_ id: Int64) async throws -> ValidatorNode? {
        let readModel = readModel
        return try await loader("validatorById", registry: validatorKeys) { ids in try await readModel.validators(ids: ids).mapValues(ValidatorNode.init) }.load(id)
    }

    func scores(run: Int64, limit: Int) async throws -> [TrustScoreNode] {
        let readModel = readModel
        let referenced = validatorKeys
        return try await loader("runScores:\(limit)", registry: runKeys) { ids in
            let found = try await readModel.scores(runIds: ids, limit: limit).mapValues { $0.map(TrustScoreNode.init) }
            referenced.register(found.values.flatMap { $0.map(\.validatorId) })
            return found
        }.load(run) ?? []
    }

    func scoreHistory(_ validatorId: Int64, limit: Int) async throws -> [TrustScoreNode] {
        let readModel = readModel
        return try await loader("scoreHistory:\(limit)", registry: validatorKeys) { ids in
            try await readModel.scoreHistory(validatorIds: ids, limit: limit).mapValues { $0.map(TrustScoreNode.init) }
        }.load(validatorId) ?? []
    }

    func epochStats(_ validatorId: Int64, limit: Int) async throws -> [EpochStatNode] {
        let readModel = readModel
        return try await loader("epochStats:\(limit)", registry: validatorKeys) { ids in
            try await readModel.epochStats(validatorIds: ids, limit: limit).mapValues { $0.map(EpochStatNode.init) }
        }.load(validatorId) ?? []
    }

    func commissionHistory(_ validatorId: Int64) async throws -> [CommissionChangeNode] {
        let readModel = readModel
        return try await loader("commissionHistory", registry: validatorKeys) { ids in
            try await readModel.commissionHistory(validatorIds: ids).mapValues { $0.map(CommissionChangeNode.init) }
        }.load(validatorId) ?? []
    }

    func stakeAccounts(user: Int64, includeClosed: Bool) async throws -> [StakeAccountNode] {
        let readModel = readModel
        let referenced = validatorKeys
        let accounts = stakeAccountKeys
        return try await loader("stakeAccounts:\(includeClosed)", registry: userKeys) { ids in
            let found = try await readModel.stakeAccounts(userIds: ids, includeClosed: includeClosed).mapValues { $0.map(StakeAccountNode.init) }
            referenced.register(found.values.flatMap { $0.compactMap(\.validatorId) })
            accounts.register(found.values.flatMap { $0.map(\.record.id) })
            return found
        }.load(user) ?? []
    }

    /// A stake account's stored rewards from `fromEpoch` on, oldest first.
    func rewards(stakeAccount: Int64, fromEpoch: UInt64) async throws -> [RewardStore.StoredReward] {
        let readModel = readModel
        return try await loader("rewards:\(fromEpoch)", registry: stakeAccountKeys) { ids in
            try await readModel.stakeRewards(stakeAccountIds: ids, fromEpoch: fromEpoch)
        }.load(stakeAccount) ?? []
    }

    func latestEconomics() async throws -> EpochEconomicsStore.Row? {
        let readModel = readModel
        let task = economics.withLock { cached in
            if let cached { return cached }
            let created = Task { try await readModel.latestEconomics() }
            cached = created
            return created
        }
        return try await task.value
    }
}
