import Logging
import ServiceLifecycle
import SolStakeCore
import SolStakeJobs
import SolStakeStore
import SolanaRPC

/// The worker and the scheduler of one process, built from the configuration.
public enum BackgroundServices {
    public static func make(
        configuration: AppConfiguration, database: any DatabaseClient, client: any SolanaRPCClient, gate: ReadyGate,
        workerConfiguration: Worker.Configuration = .init(), scheduler includeScheduler: Bool = true, logger: Logger
    ) -> [any Service] {
        let queue = JobQueue(database: database)
        let worker = Worker(
            queue: queue, handlers: JobHandlers.all(client: client, scoringModel: configuration.scoringModel, rewardBackfillEpochs: configuration.rewardBackfillEpochs), configuration: workerConfiguration,
            logger: Logger(label: "solstake.worker"))
        let profile = configuration.scheduleProfile
        let scheduler = Scheduler(store: ScheduleStore(queue: queue), profile: profile, logger: Logger(label: "solstake.scheduler"))
        return [GatedService(gate: gate, inner: worker)] + (includeScheduler ? [GatedService(gate: gate, inner: scheduler)] : [])
    }
}
