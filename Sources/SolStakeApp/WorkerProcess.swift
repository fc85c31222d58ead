import Logging
import ServiceLifecycle
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
        let services: [any Service] = [database, PreparationService(database: database, gate: gate, logger: environment.logger)] + background
        let group = ServiceGroup(configuration: .init(
            services: services.map { .init(service: $0) }, gracefulShutdownSignals: [.sigterm, .sigint], logger: environment.logger))
        try await group.run()
    }
}
