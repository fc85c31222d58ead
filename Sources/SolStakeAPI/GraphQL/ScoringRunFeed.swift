import Logging
import ServiceLifecycle
import SolStakeJobs
import SolStakeStore
import Synchronization

/// Completed scoring runs as they appear, from any process: on PostgreSQL a `NOTIFY solstake_scoring_runs` (sent by the
/// run's own transaction) wakes the feed; on SQLite, and as a safety net, it polls. Subscriptions read from it.
public final class ScoringRunFeed: Service, Sendable {
    private struct State {
        var subscribers: [Int: AsyncStream<ScoringRunNode>.Continuation] = [:]
        var nextId = 0
    }

    private let readModel: ReadModel
    private let pollInterval: Duration
    private let logger: Logger
    private let state = Mutex(State())
    private let wake = WakeSignal()

    public init(readModel: ReadModel, pollInterval: Duration, logger: Logger) {
        self.readModel = readModel
        self.pollInterval = pollInterval
        self.logger = logger
    }

    /// Runs completed after the call, until the stream is dropped.
    public func subscribe() -> AsyncStream<ScoringRunNode> {
        let (stream, continuation) = AsyncStream.makeStream(of: ScoringRunNode.self, bufferingPolicy: .bufferingNewest(64))
        let id = state.withLock { state in
            state.nextId += 1
            state.subscribers[state.nextId] = continuation
            return state.nextId
        }
        continuation.onTermination = { [weak self] _ in
            _ = self?.state.withLock { $0.subscribers.removeValue(forKey: id) }
        }
        return stream
    }

    public var subscriberCount: Int { state.withLock { $0.subscribers.count } }

    public func run() async throws {
        let database = readModel.database
        let wake = self.wake
        try await withGracefulShutdownHandler {
            try await withThrowingTaskGroup(of: Void.self) { group in
                // SQLite has no notifications: listen returns at once and the loop polls.
                group.addTask { await database.listen(channel: "solstake_scoring_runs") { wake.signal() } }
                try await self.loop()
                group.cancelAll()
            }
        } onGracefulShutdown: {
            wake.signal()
        }
        state.withLock { state in
            for continuation in state.subscribers.values { continuation.finish() }
            state.subscribers.removeAll()
        }
    }

    private func loop() async throws {
        var lastId: Int64? = nil
        while !Task.isCancelled, !Task.isShuttingDownGracefully {
            do {
                if lastId == nil {
                    lastId = try await readModel.latestCompletedRun()?.id ?? 0
                } else {
                    for run in try await readModel.completedRuns(after: lastId!).map(ScoringRunNode.init) {
                        lastId = run.id
                        let subscribers = state.withLock { Array($0.subscribers.values) }
                        for continuation in subscribers { continuation.yield(run) }
                    }
                }
            } catch {
                logger.warning("Scoring-run feed could not read the database; retrying", metadata: ["error": "\(error)"])
            }
            await wake.wait(timeout: pollInterval)
        }
    }
}
