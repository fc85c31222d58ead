import Foundation
import Graphiti
import SolStakeCore
import SolStakeJobs
import SolStakeStore

/// The root resolvers.
public struct GraphQLResolver: Sendable {
    public init() {}

    // MARK: Queries

    public func validators(context: GraphQLContext, arguments: ValidatorsArguments) async throws -> [ValidatorNode] {
        let page = try PageSizes.page(arguments.limit, PageSizes.validators, field: "validators")
        let offset = arguments.offset ?? 0
        guard offset >= 0 else { throw APIError.badInput("validators: offset must not be negative") }
        try validate(filter: arguments.filter)
        let fetched = try await context.readModel.validators(
            filter: arguments.filter, order: arguments.orderBy ?? .STAKE, direction: arguments.direction ?? .DESC, limit: page.limit + (page.complete ? 1 : 0), offset: offset)
        let rows = try PageSizes.complete(fetched, page, field: "validators", paging: "limit and offset, or validatorsConnection")
        context.validatorKeys.register(rows.map(\.validator.id))
        return rows.map { ValidatorNode($0.validator) }
    }

    public func validatorsConnection(context: GraphQLContext, arguments: ConnectionArguments) async throws -> ValidatorConnectionNode {
        let first = try PageSizes.clamp(arguments.first, PageSizes.connection, field: "validatorsConnection.first")
        let order = arguments.orderBy ?? .STAKE
        let direction = arguments.direction ?? .DESC
        let filter = arguments.filter
        try validate(filter: filter)
        var cursor: ValidatorCursor?
        if let after = arguments.after {
            guard let decoded = ValidatorCursor.decode(after) else {
                throw APIError.badInput("validatorsConnection: after is not a cursor this API issued")
            }
            guard decoded.order == order, decoded.direction == direction else {
                throw APIError.badInput("validatorsConnection: the cursor belongs to orderBy \(decoded.order.rawValue) \(decoded.direction.rawValue), not \(order.rawValue) \(direction.rawValue)")
            }
            cursor = decoded
        }
        // One row more than asked tells whether there is a next page.
        let rows = try await context.readModel.validators(filter: filter, order: order, direction: direction, limit: first + 1, after: cursor)
        let page = Array(rows.prefix(first))
        context.validatorKeys.register(page.map(\.validator.id))
        let edges = page.map { ValidatorConnectionNode.Edge(node: ValidatorNode($0.validator), cursor: $0.cursor.encoded) }
        return ValidatorConnectionNode(
            edges: edges,
            pageInfo: .of(fetched: rows.count, first: first, after: cursor != nil, cursors: edges.map(\.cursor)),
            filter: filter)
    }

    private func validate(filter: ValidatorFilter) throws {
        if let minScore = filter.minScore, !(0...100).contains(minScore) { throw APIError.badInput("minScore must be between 0 and 100") }
        if let maxCommission = filter.maxCommission, !(0...100).contains(maxCommission) {
            throw APIError.badInput("maxCommission must be between 0 and 100")
        }
        if let minApy = filter.minApy, !(0...1).contains(minApy) { throw APIError.badInput("minApy is a fraction between 0 and 1 (0.07 is 7%)") }
        if let search = filter.search, search.count > 100 { throw APIError.badInput("search is limited to 100 characters") }
    }

    public func validator(context: GraphQLContext, arguments: ValidatorLookupArguments) async throws -> ValidatorNode? {
        guard (arguments.voteAccount == nil) != (arguments.validatorPubkey == nil) else {
            throw APIError.badInput("validator: give exactly one of voteAccount or validatorPubkey")
        }
        for key in [arguments.voteAccount, arguments.validatorPubkey].compactMap({ $0 }) where !Base58.isPublicKey(key) {
            throw APIError.badInput("validator: \"\(key.prefix(64))\" is not a base58 public key")
        }
        let found = try await context.readModel.validator(voteAccount: arguments.voteAccount, validatorPubkey: arguments.validatorPubkey)
        if let found { context.validatorKeys.register([found.id]) }
        return found.map(ValidatorNode.init)
    }

    public func scoringRuns(context: GraphQLContext, arguments: ScoringRunsArguments) async throws -> [ScoringRunNode] {
        let page = try PageSizes.page(arguments.limit, PageSizes.scoringRuns, field: "scoringRuns")
        let offset = arguments.offset ?? 0
        guard offset >= 0 else { throw APIError.badInput("scoringRuns: offset must not be negative") }
        let runs = try PageSizes.complete(
            try await context.readModel.scoringRuns(limit: page.limit + (page.complete ? 1 : 0), offset: offset, status: arguments.status?.rawValue), page,
            field: "scoringRuns", paging: "limit and offset")
        context.runKeys.register(runs.map(\.id))
        return runs.map(ScoringRunNode.init)
    }

    public func scoringRunsConnection(context: GraphQLContext, arguments: ScoringRunPageArguments) async throws -> ScoringRunConnectionNode {
        let first = try PageSizes.clamp(arguments.first, PageSizes.connection, field: "scoringRunsConnection.first")
        let before = try arguments.after.map { try IDCursor.decode($0, list: "scoringRunsConnection") }
        let rows = try await context.readModel.scoringRuns(beforeId: before, limit: first + 1, status: arguments.status?.rawValue)
        let page = Array(rows.prefix(first))
        context.runKeys.register(page.map(\.id))
        let edges = page.map { IDConnectionEdge(node: ScoringRunNode($0), cursor: IDCursor(list: "scoringRunsConnection", id: $0.id).encoded) }
        return ScoringRunConnectionNode(
            edges: edges, pageInfo: .of(fetched: rows.count, first: first, after: before != nil, cursors: edges.map(\.cursor)),
            status: arguments.status?.rawValue)
    }

    public func usersConnection(context: GraphQLContext, arguments: PageArguments) async throws -> UserConnectionNode {
        let first = try PageSizes.clamp(arguments.first, PageSizes.connection, field: "usersConnection.first")
        let after = try arguments.after.map { try IDCursor.decode($0, list: "usersConnection") }
        let rows = try await context.readModel.users(afterId: after ?? 0, limit: first + 1)
        let page = Array(rows.prefix(first))
        context.userKeys.register(page.map(\.id))
        let edges = page.map { IDConnectionEdge(node: UserNode($0), cursor: IDCursor(list: "usersConnection", id: $0.id).encoded) }
        return UserConnectionNode(edges: edges, pageInfo: .of(fetched: rows.count, first: first, after: after != nil, cursors: edges.map(\.cursor)))
    }

    public func scoringRun(context: GraphQLContext, arguments: IDArguments) async throws -> ScoringRunNode? {
        guard let id = Int64(arguments.id.value) else { throw APIError.badInput("scoringRun: id \"\(arguments.id.value.prefix(40))\" is not a run id") }
        let run = try await context.readModel.scoringRun(id: id)
        if let run { context.runKeys.register([run.id]) }
        return run.map(ScoringRunNode.init)
    }

    public func latestScoringRun(context: GraphQLContext, arguments: NoArguments) async throws -> ScoringRunNode? {
        let run = try await context.readModel.latestCompletedRun()
        if let run { context.runKeys.register([run.id]) }
        return run.map(ScoringRunNode.init)
    }

    /// The model's own definitions (`ScoringConfiguration` shares), so the summary and the scores agree.
    private static let model = ScoringConfiguration()

    public func networkSummary(context: GraphQLContext, arguments: NoArguments) async throws -> NetworkSummaryNode {
        let rows = try await context.readModel.networkValidators()
        let latestRun = try await context.readModel.latestCompletedRun()
        let epoch = try await context.readModel.latestEpoch()
        let economics = try await context.readModel.latestEconomics()
        let total = rows.reduce(UInt64(0)) { $0 + $1.stake }
        let delinquentRows = rows.filter(\.delinquent)
        let delinquentStake = delinquentRows.reduce(UInt64(0)) { $0 + $1.stake }
        let superminority = ClusterAnalysis.superminority(stakes: rows.map { ($0.voteAccount, $0.stake) }, share: Self.model.superminorityShare)
        let consensus = ClusterAnalysis.consensusVersion(
            stakes: rows.map { ($0.stake, $0.delinquent, $0.version) }, share: Self.model.consensusStakeShare)
        var weighted = 0.0
        var weightedStake = 0.0
        for row in rows { if let skip = row.skipRate { weighted += skip * Double(row.stake); weightedStake += Double(row.stake) } }
        var buckets = [Int](repeating: 0, count: 10)
        for row in rows { if let score = row.score { buckets[min(9, Int(score / 10))] += 1 } }
        return NetworkSummaryNode(
            validatorCount: rows.count, activeCount: rows.count - delinquentRows.count, delinquentCount: delinquentRows.count,
            totalStake: LamportAmount(total), delinquentStake: LamportAmount(delinquentStake),
            stakeWeightedSkipRate: weightedStake > 0 ? (weighted / weightedStake * 1_000_000).rounded() / 1_000_000 : nil,
            superminoritySize: superminority.count, consensusVersion: consensus?.text, latestScoringRunId: latestRun.map { GraphID($0.id) },
            scoreHistogram: buckets.enumerated().map { HistogramBucketNode(from: Double($0.offset * 10), to: Double($0.offset * 10 + 10), count: $0.element) },
            epoch: epoch.map(Int.init), stakingApy: economics?.networkApy, stakingApyEpoch: economics.map { Int($0.epoch) })
    }

    public func recommendedValidators(context: GraphQLContext, arguments: RecommendArguments) async throws -> [ValidatorNode] {
        let count = arguments.count ?? 10
        guard (1...100).contains(count) else { throw APIError.badInput("recommendedValidators: count must be between 1 and 100") }
        let maxCommission = arguments.maxCommission ?? 10
        guard (0...100).contains(maxCommission) else { throw APIError.badInput("recommendedValidators: maxCommission must be between 0 and 100") }
        let rows = try await context.readModel.networkValidators()
        let superminority = ClusterAnalysis.superminority(stakes: rows.map { ($0.voteAccount, $0.stake) }, share: Self.model.superminorityShare)
        let picks = Recommender.recommend(
            rows.map {
                .init(voteAccount: $0.voteAccount, activatedStake: $0.stake, score: $0.score, commission: $0.commission,
                      delinquent: $0.delinquent, version: $0.version, gossipIp: $0.gossipIp)
            }, count: count, maxCommission: maxCommission, superminority: superminority)
        // The picks' rows in one statement, in the picks' order.
        let idByVote = Dictionary(rows.map { ($0.voteAccount, $0.id) }, uniquingKeysWith: { first, _ in first })
        let ids = picks.compactMap { idByVote[$0.voteAccount] }
        let found = try await context.readModel.validators(ids: ids)
        let nodes = ids.compactMap { found[$0].map(ValidatorNode.init) }
        context.validatorKeys.register(ids)
        return nodes
    }

    public func users(context: GraphQLContext, arguments: UsersArguments) async throws -> [UserNode] {
        let page = try PageSizes.page(arguments.limit, PageSizes.users, field: "users")
        let offset = arguments.offset ?? 0
        guard offset >= 0 else { throw APIError.badInput("users: offset must not be negative") }
        let users = try PageSizes.complete(
            try await context.readModel.users(limit: page.limit + (page.complete ? 1 : 0), offset: offset), page, field: "users", paging: "limit and offset")
        context.userKeys.register(users.map(\.id))
        return users.map(UserNode.init)
    }

    public func user(context: GraphQLContext, arguments: WalletArguments) async throws -> UserNode? {
        let key: WalletKey
        do { key = try WalletKey(validating: arguments.walletPubkey) } catch { throw APIError.badInput("walletPubkey: \(error)") }
        let user = try await context.readModel.user(walletPubkey: key.text)
        if let user { context.userKeys.register([user.id]) }
        return user.map(UserNode.init)
    }

    // MARK: Mutations (the HTTP layer has already required a valid API key)

    private func actor(_ context: GraphQLContext) throws -> String {
        guard let id = context.apiKeyId else { throw APIError(.UNAUTHENTICATED, "mutations need an API key: Authorization: Bearer <key>") }
        return "apikey:\(id)"
    }

    public func trackWallet(context: GraphQLContext, arguments: TrackWalletArguments) async throws -> TrackWalletResultNode {
        let actor = try actor(context)
        if let label = arguments.label, label.count > 100 { throw APIError.badInput("label is limited to 100 characters") }
        let result: Wallets.TrackResult
        do {
            result = try await Wallets.track(arguments.walletPubkey, label: arguments.label, actor: actor, database: context.database)
        } catch let error as WalletKeyError {
            throw APIError.badInput("walletPubkey: \(error)")
        }
        let user = UserNode(UserRecord(
            id: result.wallet.id, walletPubkey: result.wallet.walletPubkey, label: result.wallet.label,
            lastSyncedAtMillis: result.wallet.lastSyncedAt, createdAtMillis: result.wallet.createdAt))
        context.userKeys.register([user.id])
        return TrackWalletResultNode(user: user, created: result.created, syncJobId: GraphID(result.syncJobId))
    }

    public func untrackWallet(context: GraphQLContext, arguments: WalletArguments) async throws -> Bool {
        let actor = try actor(context)
        do {
            return try await Wallets.untrack(arguments.walletPubkey, actor: actor, database: context.database)
        } catch let error as WalletKeyError {
            throw APIError.badInput("walletPubkey: \(error)")
        }
    }

    public func enqueueJob(context: GraphQLContext, arguments: EnqueueJobArguments) async throws -> EnqueuedJobNode {
        let actor = try actor(context)
        let kind = arguments.kind.kind
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        let queue = context.queue
        let enqueued = try await context.database.transaction { db in
            let enqueued = try await queue.enqueue(JobRequest(kind: kind, dedupeKey: kind == JobKinds.stakeSync ? "stake-sync:all" : kind), on: db)
            try await AuditLogWriter.append(
                [.init(action: "job.enqueued", actorId: actor, metadata: ["kind": kind, "jobId": "\(enqueued.id)", "created": "\(enqueued.created)"])],
                nowMillis: now, on: db)
            return enqueued
        }
        return EnqueuedJobNode(id: GraphID(enqueued.id), kind: arguments.kind, created: enqueued.created)
    }

    // MARK: Subscriptions

    public func scoringRunCompleted(context: GraphQLContext, arguments: NoArguments) async throws -> AsyncThrowingStream<ScoringRunNode, any Error> {
        let runs = context.feed.subscribe()
        let runKeys = context.runKeys
        return AsyncThrowingStream { continuation in
            let task = Task {
                for await run in runs {
                    runKeys.register([run.id])
                    continuation.yield(run)
                }
                continuation.finish()
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }

    public func validatorScoreChanged(context: GraphQLContext, arguments: ScoreChangedArguments) async throws -> AsyncThrowingStream<ScoreChangeNode, any Error> {
        guard Base58.isPublicKey(arguments.voteAccount) else {
            throw APIError.badInput("validatorScoreChanged: \"\(arguments.voteAccount.prefix(64))\" is not a base58 public key")
        }
        let runs = context.feed.subscribe()
        let readModel = context.readModel
        let voteAccount = arguments.voteAccount
        return AsyncThrowingStream { continuation in
            let task = Task {
                do {
                    for await run in runs {
                        guard let validator = try await readModel.validator(voteAccount: voteAccount, validatorPubkey: nil) else { continue }
                        let history = try await readModel.scoreHistory(validatorIds: [validator.id], limit: 2)[validator.id] ?? []
                        guard let latest = history.first, latest.scoringRunId == run.id else { continue }
                        let previous = history.count > 1 ? history[1].score : nil
                        guard previous != latest.score else { continue }
                        continuation.yield(ScoreChangeNode(
                            voteAccount: voteAccount, scoringRunId: GraphID(run.id), score: latest.score, previousScore: previous))
                    }
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }
}
