import Logging
import ServiceLifecycle
import SolStakeCore

/// Enqueues due schedule slots every `tick` and applies retention every `retentionInterval`. No leader: any number of
/// schedulers in any number of processes may run; the database decides who enqueues each slot.
public final class Scheduler: Service, Sendable {
    public let store: ScheduleStore
    public let profile: ScheduleProfile
    public let tick: Duration
    public let retentionInterval: Duration
    private let logger: Logger

    public init(store: ScheduleStore, profile: ScheduleProfile, tick: Duration = .seconds(1), retentionInterval: Duration = .seconds(60), logger: Logger) {
        self.store = store
        self.profile = profile
        self.tick = tick
        self.retentionInterval = retentionInterval
        self.logger = logger
    }

    public func run() async throws {
        // First start on this database: install the configured profile. Afterwards `solstake queue scheduler` switches it.
        try await store.install(profile, replace: false)
        var lastRetention = ContinuousClock.now - retentionInterval
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            do {
                let created = try await store.enqueueDue()
                if !created.isEmpty { logger.info("Enqueued scheduled jobs", metadata: ["jobs": .array(created.map { .stringConvertible($0) })]) }
                if ContinuousClock.now - lastRetention >= retentionInterval {
                    lastRetention = ContinuousClock.now
                    let cleaned = try await store.applyRetention(fallback: profile)
                    if cleaned.completed + cleaned.failed > 0 {
                        logger.info("Retention", metadata: ["completed": "\(cleaned.completed)", "failed": "\(cleaned.failed)"])
                    }
                }
            } catch {
                logger.error("Scheduler tick failed", metadata: ["error": "\(error)"])
            }
            try? await Task.sleep(for: tick)
        }
    }
}
