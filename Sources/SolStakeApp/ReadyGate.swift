import Logging
import ServiceLifecycle
import SolStakeStore
import Synchronization

/// Runs `inner` once the gate opens; returns quietly if the process shuts down first.
public struct GatedService: Service {
    public let gate: ReadyGate
    public let inner: any Service

    public init(gate: ReadyGate, inner: any Service) {
        self.gate = gate
        self.inner = inner
    }

    public func run() async throws {
        await cancelWhenGracefulShutdown { await gate.wait() }
        guard gate.isOpen, !Task.isCancelled, !Task.isShuttingDownGracefully else { return }
        try await inner.run()
    }
}

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
