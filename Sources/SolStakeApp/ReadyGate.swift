import Logging
import SolStakeStore
import ServiceLifecycle
import Synchronization

/// Opens once the schema is ready; background services wait on it, so a worker never claims from a database that
/// `serve` has not migrated (SQLite) or checked (PostgreSQL) yet.
public final class ReadyGate: Sendable {
    private struct State {
        var open = false
        var waiters: [CheckedContinuation<Void, Never>] = []
    }

    private let state = Mutex(State())

    public init() {}

    public func open() {
        let waiters = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.open = true
            defer { state.waiters = [] }
            return state.waiters
        }
        for waiter in waiters { waiter.resume() }
    }

    public func wait() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let isOpen = state.withLock { state -> Bool in
                if !state.open { state.waiters.append(continuation) }
                return state.open
            }
            if isOpen { continuation.resume() }
        }
    }
}

/// Runs `inner` once the gate opens; returns quietly if the process shuts down first.
public struct GatedService: Service {
    public let gate: ReadyGate
    public let inner: any Service

    public init(gate: ReadyGate, inner: any Service) {
        self.gate = gate
        self.inner = inner
    }

    public func run() async throws {
        let opened: Bool = await cancelWhenGracefulShutdown {
            await gate.wait()
            return !Task.isCancelled
        } ?? false
        guard opened, !Task.isShuttingDownGracefully else { return }
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
