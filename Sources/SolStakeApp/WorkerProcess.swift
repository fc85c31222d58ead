import Hummingbird
import Logging
import ServiceLifecycle
import SolStakeAPI
import SolStakeJobs
import SolStakeStore

public typealias SolStakeJobsWorkerConfiguration = Worker.Configuration

/// `solstake worker`: the database, the worker and (unless disabled) the scheduler in one `ServiceGroup` with graceful
/// SIGTERM/SIGINT shutdown.
public enum WorkerProcess {
    public static func run(environment: AppEnvironment, workerConfiguration: Worker.Configuration, scheduler: Bool) async throws {
        let database = try await environment.openDatabase()
        // A database that refuses this configuration stops the worker at once; one that is down is waited for.
        if let problem = await database.diagnose(), case .misconfigured = problem { throw problem }
        let gate = ReadyGate()
        let background = BackgroundServices.make(
            configuration: environment.configuration, database: database, client: environment.makeRPCClient(), gate: gate,
            workerConfiguration: workerConfiguration, scheduler: scheduler, logger: environment.logger)
        var services: [any Service] = [database, PreparationService(database: database, gate: gate, logger: environment.logger)] + background
        if let port = environment.configuration.workerMetricsPort {
            try ListenAddressCheck.ensureAvailable(host: environment.configuration.host, port: port)
            services.append(metricsListener(environment: environment, database: database, port: port))
        }
        let group = ServiceGroup(configuration: .init(
            services: services.map { .init(service: $0) }, gracefulShutdownSignals: [.sigterm, .sigint], logger: environment.logger))
        try await group.run()
    }

    /// Health and metrics of this worker process, for an orchestrator's probes and a Prometheus scrape (its job counters
    /// exist only here). Readiness is the database's; there is no GraphQL or queue API on this port.
    static func metricsListener(environment: AppEnvironment, database: any DatabaseClient, port: Int) -> some Service {
        let router = Router()
        ObservabilityController(database: database, version: SolStakeVersion.current, processRegistry: environment.metricsRegistry)
            .addRoutes(to: router)
        return Application(
            router: router,
            configuration: .init(address: .hostname(environment.configuration.host, port: port), serverName: "solstake-worker"),
            logger: environment.logger)
    }
}
