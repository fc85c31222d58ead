import Logging
import ServiceLifecycle
import SolStakeStore

/// Prepares the schema (`DatabasePreparation`), opens the gate, then idles until shutdown: the first service of
/// `solstake worker`, which has no HTTP server to do it before starting.
public struct PreparationService: Service {
    public let database: any DatabaseClient
    public let gate: ReadyGate
    public let logger: Logger

    public init(database: any DatabaseClient, gate: ReadyGate, logger: Logger) {
        self.database = database
        self.gate = gate
        self.logger = logger
    }

    public func run() async throws {
        try await DatabasePreparation.prepare(database, logger: logger)
        gate.open()
        try? await gracefulShutdown()
    }
}
