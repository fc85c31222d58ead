import Synchronization

/// Keys of the parents resolved so far in one request (validator ids of a `validators` page, run ids of `scoringRuns`,
/// ...). Parent resolvers register their keys before their children resolve.
public final class KeyRegistry<Key: Hashable & Sendable>: Sendable {
    private let keys = Mutex<[Key]>([])

    public init() {}

    public func register(_ new: some Sequence<Key>) { keys.withLock { $0.append(contentsOf: new) } }
    var all: [Key] { keys.withLock { $0 } }
}

/// Per-request batching: the first child that asks for a key loads that key together with every registered sibling
/// not loaded yet, in one call of `batch` (one SQL statement per chunk); concurrent children wait for that load; later
/// children read the results. GraphQL resolves list items concurrently, so a time-window DataLoader is not needed: the
/// parent's registration tells the loader the whole batch up front, which keeps statements per request constant and
/// deterministic.
public final class BatchLoader<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    private struct State {
        var results: [Key: Value] = [:]
        var attempted: Set<Key> = []
        var inflight: [Key: Task<[Key: Value], any Error>] = [:]
    }

    private let registry: KeyRegistry<Key>
    private let batch: @Sendable ([Key]) async throws -> [Key: Value]
    private let state = Mutex(State())

    public init(registry: KeyRegistry<Key>, batch: @escaping @Sendable ([Key]) async throws -> [Key: Value]) {
        self.registry = registry
        self.batch = batch
    }

    private enum Step { case done(Value?), wait(Task<[Key: Value], any Error>) }

    public func load(_ key: Key) async throws -> Value? {
        let step: Step = state.withLock { state in
            if state.attempted.contains(key) { return .done(state.results[key]) }
            if let task = state.inflight[key] { return .wait(task) }
            var keys: [Key] = [key]
            var seen: Set<Key> = [key]
            for candidate in registry.all where !state.attempted.contains(candidate) && state.inflight[candidate] == nil {
                if seen.insert(candidate).inserted { keys.append(candidate) }
            }
            let batch = self.batch
            let task = Task { try await batch(keys) }
            for k in keys { state.inflight[k] = task }
            return .wait(task)
        }
        switch step {
        case .done(let value):
            return value
        case .wait(let task):
            let loaded = try await task.value
            return state.withLock { state in
                // The first waiter to wake up records the whole batch.
                if state.inflight[key] != nil {
                    for (k, t) in state.inflight where t == task {
                        state.inflight[k] = nil
                        state.attempted.insert(k)
                        if let value = loaded[k] { state.results[k] = value }
                    }
                }
                return loaded[key] ?? state.results[key]
            }
        }
    }
}
