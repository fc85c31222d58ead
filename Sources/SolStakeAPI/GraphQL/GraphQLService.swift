import Foundation
import Graphiti
import GraphQL
import Logging
import Metrics
import SolStakeCore
import SolStakeJobs
import SolStakeStore
import Synchronization

/// Runs GraphQL operations: size limit, parse, depth/alias/cost limits, validation (introspection optionally off),
/// execution, error masking. Transport-independent: the HTTP and WebSocket bindings call it.
public final class GraphQLService: Sendable {
    public let settings: GraphQLSettings
    public let readModel: ReadModel
    public let queue: JobQueue
    public let feed: ScoringRunFeed
    /// Requests per client, shared by HTTP and WebSocket operations.
    public let limiter: ClientRateLimiter
    let schema: Graphiti.Schema<GraphQLResolver, GraphQLContext>
    let limits: QueryLimits
    let logger: Logger
    private let resolver = GraphQLResolver()
    private let rules: [@Sendable (ValidationContext) -> Visitor]
    private let database: any DatabaseClient
    /// When the data last changed, for the response cache (`settings.responseCache`); a service of the application.
    public let generation: DataGeneration
    /// The list bounds of the cost estimate. Once the response cache reports data generations they are read again only
    /// after the generation moved; otherwise at most every `settings.costBoundsTTL`. Either way a bound lags by at most
    /// a request or a few seconds of growth.
    private let bounds = Mutex<ListBoundsCache>(.init())
    struct ListBoundsCache {
        var read: ContinuousClock.Instant?
        var byField: [String: Int] = [:]
        var generation: UInt64?
        var stale = true
    }

    public init(database: any DatabaseClient, settings: GraphQLSettings, logger: Logger, feed: ScoringRunFeed? = nil) throws {
        self.settings = settings
        readModel = ReadModel(database: database)
        self.database = database
        queue = JobQueue(database: database)
        generation = DataGeneration(database: database, pollInterval: .milliseconds(settings.dataChangePollMillis), logger: logger)
        limiter = ClientRateLimiter(perMinute: settings.rateLimitPerMinute)
        self.feed = feed ?? ScoringRunFeed(readModel: readModel, pollInterval: .milliseconds(settings.subscriptionPollMillis), logger: logger)
        schema = try SolStakeSchema.make()
        limits = QueryLimits(schema: schema.schema)
        self.logger = logger
        rules = settings.introspection ? specifiedRules : specifiedRules + [NoIntrospectionRule]
    }

    public func context(apiKeyId: String?) -> GraphQLContext {
        GraphQLContext(readModel: readModel, queue: queue, feed: feed, settings: settings, logger: logger, apiKeyId: apiKeyId)
    }

    /// The current list bounds for the cost estimate; without them (the database did not answer) the default pages.
    public func costBounds() async -> [String: Int] {
        let now = ContinuousClock.now
        let cached = bounds.withLock { $0 }
        if !cached.stale, let read = cached.read, cached.generation != nil || now - read < settings.costBoundsTTL { return cached.byField }
        guard let fresh = try? await ListBounds.read(database) else { return [:] }
        bounds.withLock { $0.read = now; $0.byField = fresh.byField; $0.stale = false }
        return fresh.byField
    }

    /// The data generation a request just saw: when it moved, the bounds are read again by the next request.
    public func noteGeneration(_ generation: UInt64) {
        bounds.withLock { state in
            guard state.generation != generation else { return }
            if state.generation != nil { state.stale = true }
            state.generation = generation
        }
    }

    /// A document that parsed, passed the limits and validated, with its selected operation. `@unchecked`: GraphQLSwift's
    /// AST types are not marked Sendable, but a parsed document is never mutated.
    public struct Prepared: @unchecked Sendable {
        public let document: Document
        public let operation: OperationType
        public let query: String
        /// The document selects `__InputValue.isDeprecated`, rewritten in `document` (see `InputValueDeprecation`).
        var restoresInputValueDeprecation = false
    }

    /// Limits, parse and validation. A failure is a request error (no `data`). The document is scanned and measured
    /// before the (recursive) parser and the validator see it, so no document can crash, hang or saturate the server.
    public func prepare(query: String, operationName: String?, variables: [String: Map], bounds: [String: Int] = [:]) -> Result<Prepared, APIErrors> {
        if let refusal = Self.firstOver([(query.utf8.count, settings.maxQueryBytes, .QUERY_TOO_LARGE, "The query is \(query.utf8.count) bytes")]) {
            return .failure(refusal)
        }
        let scan = GraphQLDocumentScan(query)
        if let error = scan.stringError {
            return .failure(.init([APIError(.GRAPHQL_PARSE_FAILED, "Syntax Error: \(error)").graphQLError]))
        }
        if let refusal = Self.firstOver([
            (scan.nesting, settings.maxNesting, .QUERY_TOO_DEEP, "The query nests braces, brackets and parentheses \(scan.nesting) levels deep"),
            (scan.valueNesting, settings.maxValueNesting, .QUERY_TOO_DEEP, "An argument nests lists and objects \(scan.valueNesting) levels deep"),
            (scan.tokens, settings.maxTokens, .TOO_MANY_TOKENS, "The query has \(scan.tokens) tokens"),
            (scan.fragmentSpreads, settings.maxFragmentSpreads, .TOO_MANY_FRAGMENT_SPREADS, "The query has \(scan.fragmentSpreads) fragment spreads"),
            (scan.directives, settings.maxDirectives, .TOO_MANY_DIRECTIVES, "The query has \(scan.directives) directives"),
        ]) {
            return .failure(refusal)
        }
        let document: Document
        do {
            document = try parse(source: Source(body: query, name: "GraphQL request"))
        } catch let error as GraphQLError {
            return .failure(.init([GraphQLError(message: error.message, locations: error.locations, extensions: ["code": "GRAPHQL_PARSE_FAILED"])]))
        } catch {
            return .failure(.init([APIError(.GRAPHQL_PARSE_FAILED, "\(error)").graphQLError]))
        }
        let operations = document.definitions.compactMap { $0 as? OperationDefinition }
        let selected: OperationDefinition?
        if let operationName {
            selected = operations.first { $0.name?.value == operationName }
            if selected == nil { return .failure(.init([APIError(.BAD_REQUEST, "Unknown operation named \"\(operationName.prefix(100))\"").graphQLError])) }
        } else if operations.count == 1 {
            selected = operations[0]
        } else {
            return .failure(.init([APIError(.BAD_REQUEST, operations.isEmpty ? "The document has no operation" : "Several operations: give operationName").graphQLError]))
        }
        if let analysis = limits.analyze(document, operationName: operationName, variables: variables, bounds: bounds), let refusal = Self.firstOver([
            (analysis.fields, settings.maxFields, .TOO_MANY_FIELDS, "The query selects \(analysis.fields) fields once its fragments are expanded"),
            (analysis.depth, settings.maxDepth, .QUERY_TOO_DEEP, "The query is \(analysis.depth) levels deep"),
            (analysis.aliases, settings.maxAliases, .TOO_MANY_ALIASES, "The query uses \(analysis.aliases) aliases"),
            (analysis.cost, settings.maxCost, .QUERY_TOO_COMPLEX, "The query's estimated cost is \(analysis.cost)"),
        ]) {
            return .failure(refusal)
        }
        let errors = validate(schema: schema.schema, ast: document, rules: rules)
        if !errors.isEmpty {
            return .failure(.init(errors.map { GraphQLError(message: $0.message, locations: $0.locations, extensions: ["code": "GRAPHQL_VALIDATION_FAILED"]) }))
        }
        if query.contains("isDeprecated") {
            let sites = InputValueDeprecation.sites(in: document, schema: schema.schema)
            if !sites.isEmpty, let rewritten = try? parse(source: Source(body: InputValueDeprecation.rewrite(query, sites: sites), name: "GraphQL request")) {
                return .success(Prepared(document: rewritten, operation: selected!.operation, query: query, restoresInputValueDeprecation: true))
            }
        }
        return .success(Prepared(document: document, operation: selected!.operation, query: query))
    }

    /// The first measure over its limit, in the order given, as a refusal naming both.
    static func firstOver(_ checks: [(value: Int, limit: Int, code: APIError.Code, what: String)]) -> APIErrors? {
        guard let over = checks.first(where: { $0.value > $0.limit }) else { return nil }
        let hint = over.code == .QUERY_TOO_COMPLEX ? " (lower page sizes with limit/first)" : ""
        return APIErrors([APIError(over.code, "\(over.what); the limit is \(over.limit)\(hint)").graphQLError], refusedByLimit: true)
    }

    public struct APIErrors: Error, Sendable {
        public let errors: [GraphQLError]
        /// Refused by a configured limit before validation: HTTP 400 whatever the response media type.
        public let refusedByLimit: Bool
        init(_ errors: [GraphQLError], refusedByLimit: Bool = false) {
            self.errors = errors
            self.refusedByLimit = refusedByLimit
        }
    }

    /// Executes a prepared query or mutation; errors in the result are masked.
    public func execute(_ prepared: Prepared, operationName: String?, variables: [String: Map], context: GraphQLContext) async -> GraphQLResult {
        let start = ContinuousClock.now
        let result: GraphQLResult
        do {
            result = try await GraphQL.execute(
                schema: schema.schema, documentAST: prepared.document, rootValue: resolver, context: context, variableValues: variables,
                operationName: operationName)
        } catch {
            result = GraphQLResult(errors: [GraphQLError(message: "\(error)", originalError: error)])
        }
        var masked = mask(result)
        if prepared.restoresInputValueDeprecation { masked.data = masked.data.map(InputValueDeprecation.restore) }
        let outcome = masked.errors.isEmpty ? "ok" : (masked.data == nil ? "request_error" : "field_error")
        Counter(label: "solstake_graphql_operations_total", dimensions: [("type", prepared.operation.rawValue), ("outcome", outcome)]).increment()
        Timer(label: "solstake_graphql_operation_duration_seconds", dimensions: [("type", prepared.operation.rawValue)])
            .recordNanoseconds(Int64((ContinuousClock.now - start) / .nanoseconds(1)))
        return masked
    }

    /// Starts a subscription; each event's errors are masked.
    public func subscribe(
        _ prepared: Prepared, operationName: String?, variables: [String: Map], context: GraphQLContext
    ) async -> Result<AsyncThrowingStream<GraphQLResult, any Error>, APIErrors> {
        do {
            let result = try await schema.subscribe(
                request: prepared.query, resolver: resolver, context: context, variables: variables, operationName: operationName,
                validationRules: settings.introspection ? [] : [NoIntrospectionRule])
            Counter(label: "solstake_graphql_operations_total", dimensions: [("type", "subscription"), ("outcome", "started")]).increment()
            switch result {
            case .failure(let errors):
                return .failure(.init(mask(GraphQLResult(errors: errors.errors)).errors))
            case .success(let stream):
                let masked = AsyncThrowingStream<GraphQLResult, any Error> { continuation in
                    let task = Task {
                        do {
                            for try await event in stream { continuation.yield(self.mask(event)) }
                            continuation.finish()
                        } catch {
                            continuation.finish(throwing: error)
                        }
                    }
                    continuation.onTermination = { _ in task.cancel() }
                }
                return .success(masked)
            }
        } catch {
            return .failure(.init(mask(GraphQLResult(errors: [GraphQLError(message: "\(error)", originalError: error)])).errors))
        }
    }

    /// Client errors keep their message and get `extensions.code`; anything else becomes "Internal server error" and is
    /// logged with its details.
    func mask(_ result: GraphQLResult) -> GraphQLResult {
        guard !result.errors.isEmpty else { return result }
        let errors = result.errors.map { error -> GraphQLError in
            if error.extensions["code"] != nil { return error }
            switch error.originalError {
            case let api as APIError:
                return GraphQLError(message: api.message, locations: error.locations, path: error.path, extensions: ["code": .string(api.code.rawValue)])
            case let database as DatabaseError where database.isUnavailable:
                logger.warning("GraphQL request could not reach the database", metadata: ["error": "\(database)", "path": "\(error.path)"])
                return GraphQLError(
                    message: "The database did not answer; try again shortly", locations: error.locations, path: error.path,
                    extensions: ["code": .string(APIError.Code.SERVICE_UNAVAILABLE.rawValue)])
            case is DecodingError:
                return GraphQLError(message: "Invalid argument: \(error.message)", locations: error.locations, path: error.path, extensions: ["code": "BAD_USER_INPUT"])
            case nil:
                // Errors GraphQL itself raised (variable coercion, non-null violations of input): the client's input.
                return GraphQLError(message: error.message, locations: error.locations, path: error.path, extensions: ["code": "BAD_USER_INPUT"])
            case let other?:
                logger.error("GraphQL resolver failed", metadata: ["error": "\(String(reflecting: other))", "path": "\(error.path)"])
                return GraphQLError(message: "Internal server error", locations: error.locations, path: error.path, extensions: ["code": "INTERNAL_SERVER_ERROR"])
            }
        }
        return GraphQLResult(data: result.data, errors: errors)
    }
}
