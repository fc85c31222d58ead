import Hummingbird
import HummingbirdWebSocket
import ServiceLifecycle
import Logging
import SolStakeAPI
import Prometheus
import SolStakeJobs
import SolanaRPC
import SolStakeStore

/// Builds the HTTP application over an opened database. The database's service is added to the application's service
/// group; its schema is prepared (`DatabasePreparation`) before the server accepts connections.
public func buildApplication(
    configuration: AppConfiguration, database: any DatabaseClient, logger: Logger, background: [any Service] = [],
    gate: ReadyGate = ReadyGate(), processRegistry: PrometheusCollectorRegistry? = nil, rpc: RPCObservations? = nil
) throws -> some ApplicationProtocol {
    let router = Router(context: SolStakeRequestContext.self)
    router.add(middleware: LogRequestsMiddleware(.debug))
    router.add(middleware: HTTPMetricsMiddleware())
    ObservabilityController(
        database: database, version: SolStakeVersion.current, processRegistry: processRegistry,
        rpcStatus: { rpc?.last.map(SystemReport.RPCStatus.init) }
    ).addRoutes(to: router)
    QueueController(queue: JobQueue(database: database)).addRoutes(to: router)
    ExportController<SolStakeRequestContext>(readModel: ReadModel(database: database)).addRoutes(to: router)
    let graphQL = try GraphQLService(database: database, settings: configuration.graphQL, logger: Logger(label: "solstake.graphql"))
    GraphQLController<SolStakeRequestContext>(service: graphQL).addRoutes(to: router)
    let webSocketRouter = Router(context: SolStakeWebSocketRequestContext.self)
    GraphQLWebSocket(service: graphQL).addRoutes(to: webSocketRouter)

    var app = Application(
        router: router,
        server: .guardedHTTP1WebSocketUpgrade(
            webSocketRouter: webSocketRouter, limits: configuration.http, maxWebSocketFrameBytes: configuration.graphQL.maxBodyBytes,
            logger: Logger(label: "solstake.http")),
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "solstake"),
        logger: logger)
    app.addServices(database)
    app.addServices(GatedService(gate: gate, inner: graphQL.feed))
    if configuration.graphQL.responseCache { app.addServices(GatedService(gate: gate, inner: graphQL.generation)) }
    app.addServices(background)
    let serving: Logger.Metadata = [
        "address": "http://\(configuration.host):\(configuration.port)", "database": "\(database.location)",
        "environment": "\(configuration.environment.rawValue)",
    ]
    let deferred = DeferredPreparation(database: database, gate: gate, logger: logger, serving: serving)
    app.beforeServerStarts {
        do {
            if let problem = await database.diagnose(), case .misconfigured = problem { throw problem }
            try await deferred.attempt()
        } catch let error as DatabaseError where error.isUnavailable {
            // The port opens anyway: /health/live answers, /health and /health/ready say what is wrong, and
            // `DeferredPreparation` opens the gate once the database can be prepared.
            logger.error("The database cannot be used yet; serving health checks until it can", metadata: ["error": "\(error)"])
            deferred.failedAtStart.store(true, ordering: .relaxed)
        }
    }
    app.addServices(deferred)
    return app
}

extension SystemReport.RPCStatus {
    init(_ call: RPCObservations.Call) {
        self.init(
            method: call.method, endpoint: call.endpoint, succeeded: call.succeeded, latencyMs: (call.latencySeconds * 1000).rounded(),
            error: call.error, at: call.at.formatted(.iso8601))
    }
}
