import ServiceLifecycle
import SolStakeStore

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
