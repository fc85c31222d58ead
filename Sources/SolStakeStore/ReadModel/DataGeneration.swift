import Logging
import SQLKit
import ServiceLifecycle
import Synchronization

/// A number that moves whenever a write to a table that queries read (`Schema.queriedTables`) has committed, from any
/// process, so an answer computed at one generation may be served again while the generation stays.
///
/// - Writes of other processes: on PostgreSQL the triggers' `NOTIFY solstake_data` (pushed, so no statement is polled);
///   on SQLite the triggers' `dataChange` counter, polled every `pollInterval`.
/// - This process's own writes are seen at once (read-your-writes after a mutation): a transaction committed here moves
///   the generation before the next answer (SQLite reads the counter again; PostgreSQL moves it outright).
/// - Unknown (nil) while changes could be missed: before the first poll or LISTEN, while the poll fails, and while the
///   LISTEN connection is down.
public final class DataGeneration: Service, Sendable {
    public static let channel = "solstake_data"

    private struct State {
        var generation: UInt64 = 0
        /// PostgreSQL: LISTEN is in effect. SQLite: the last poll succeeded.
        var watching = false
        var lastPoll: ContinuousClock.Instant?
        var counter: Int64?
        var seenCommits = 0
    }

    public let database: any DatabaseClient
    let pollInterval: Duration
    private let logger: Logger
    private let state = Mutex(State())

    public init(database: any DatabaseClient, pollInterval: Duration = .milliseconds(200), logger: Logger) {
        self.database = database
        self.pollInterval = pollInterval
        self.logger = logger
    }

    /// The current generation, or nil when a change could have been missed (answers must not be reused then).
    public func current() async -> UInt64? {
        let commits = database.statements.commits
        let ownWrite = state.withLock { state in
            defer { state.seenCommits = commits }
            return state.seenCommits != commits
        }
        switch database.flavor {
        case .postgres:
            if ownWrite { state.withLock { $0.generation &+= 1 } }
        case .sqlite:
            // Without a recent poll (the loop is not running, or is late) the counter is read here.
            let stale = state.withLock { state in
                state.lastPoll.map { ContinuousClock.now - $0 > pollInterval * 3 } ?? true
            }
            if ownWrite || stale { await poll() }
        }
        return state.withLock { $0.watching ? $0.generation : nil }
    }

    public func run() async throws {
        switch database.flavor {
        case .postgres:
            await cancelWhenGracefulShutdown {
                await self.database.listen(channel: Self.channel) { event in self.note(event) }
            }
        case .sqlite:
            await cancelWhenGracefulShutdown {
                while !Task.isCancelled {
                    await self.poll()
                    try? await Task.sleep(for: self.pollInterval)
                }
            }
        }
    }

    private func note(_ event: ListenEvent) {
        state.withLock { state in
            switch event {
            // Whatever committed while nobody listened is unknown: a new generation.
            case .listening: state.generation &+= 1; state.watching = true
            case .notified: state.generation &+= 1
            case .lost: state.watching = false
            }
        }
    }

    private func poll() async {
        let started = ContinuousClock.now
        do {
            let counter = try await Self.readCounter(database)
            state.withLock { state in
                if state.counter != counter { state.generation &+= 1 }
                state.counter = counter
                state.watching = true
                state.lastPoll = started
            }
        } catch {
            let wasWatching = state.withLock { state in
                defer { state.watching = false }
                return state.watching
            }
            if wasWatching { logger.warning("Cannot read the data-change counter; cached answers are not served", metadata: ["error": "\(error)"]) }
        }
    }

    private struct Counter: Decodable { let generation: Int64 }

    /// SQLite's change counter (one statement).
    static func readCounter(_ database: any DatabaseClient) async throws -> Int64 {
        try await database.read { db in
            try await db.raw(#"SELECT "generation" FROM "dataChange" WHERE "id" = 1"#).first(decoding: Counter.self)?.generation ?? 0
        }
    }
}
