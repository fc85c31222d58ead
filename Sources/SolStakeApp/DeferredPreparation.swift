import Logging
import ServiceLifecycle
import SolStakeStore
import Synchronization

/// `serve` on a database that could not be prepared at start (down, or refusing the configuration): prepares it every
/// few seconds until it works, then opens the gate the workers and the subscription feed wait on.
final class DeferredPreparation: Service {
    let database: any DatabaseClient
    let gate: ReadyGate
    let logger: Logger
    let serving: Logger.Metadata
    let retryInterval: Duration = .seconds(5)
    /// Set when the preparation before the server started failed on an unusable database.
    let failedAtStart = Atomic(false)

    init(database: any DatabaseClient, gate: ReadyGate, logger: Logger, serving: Logger.Metadata) {
        self.database = database
        self.gate = gate
        self.logger = logger
        self.serving = serving
    }

    /// Prepares the schema, opens the gate and says so: before the server starts, and on every retry.
    func attempt() async throws {
        try await DatabasePreparation.prepare(database, logger: logger)
        gate.open()
        logger.info("Serving", metadata: serving)
    }

    func run() async throws {
        while !gate.isOpen, !Task.isCancelled, !Task.isShuttingDownGracefully {
            try? await Task.sleep(for: retryInterval)
            guard failedAtStart.load(ordering: .relaxed) else { continue }
            guard !gate.isOpen, !Task.isShuttingDownGracefully else { break }
            do {
                try await attempt()
            } catch {
                logger.warning("The database still cannot be used", metadata: ["error": "\(error)"])
            }
        }
        try? await gracefulShutdown()
    }
}
