import Logging
import SQLKit
import ServiceLifecycle

/// The SQL flavours solstake runs on. The schema is the same on both; a few statements differ.
public enum SQLFlavor: String, Sendable {
    case sqlite
    case postgres

    /// The flavour of a connection handed to a statement builder (inside `read` or `transaction`).
    public init(of db: any SQLDatabase) {
        self = db.dialect.name == "postgresql" ? .postgres : .sqlite
    }
}

/// One database interface over SQLite and PostgreSQL.
///
/// `read` runs statements that need no transaction (any connection, may run concurrently); `transaction` runs its body
/// in one transaction, committed when the body returns and rolled back when it throws. A `DatabaseClient` is a
/// `Service`: its `run()` keeps its connections alive until shutdown.
public protocol DatabaseClient: Service, Sendable {
    var flavor: SQLFlavor { get }
    /// Every statement sent through `read` and `transaction` is counted here (tests and benchmarks read it).
    var statements: StatementCounter { get }
    /// Where the data lives, with any password redacted.
    var location: String { get }

    func read<T>(_ body: (any SQLDatabase) async throws -> T) async throws -> T
    func transaction<T>(_ body: (any SQLDatabase) async throws -> T) async throws -> T
    /// Closes every connection. Idempotent.
    func shutdown() async

    /// Reports `NOTIFY`s on `channel` until the task is cancelled: `.listening` once `LISTEN` is in effect (again after
    /// each reconnection), `.notified` for each notification, `.lost` when the connection fails, so a caller knows when
    /// it may have missed some (PostgreSQL; reconnects after errors). Databases without notifications return at once:
    /// callers poll.
    func listen(channel: String, onEvent: @escaping @Sendable (ListenEvent) -> Void) async

    /// Upkeep that belongs between jobs rather than inside a commit: the worker calls it when it has nothing to run.
    /// SQLite checkpoints its WAL here; PostgreSQL's own background processes do that work, so it does nothing.
    func idle() async

    /// `read`, with every statement of `body` seeing the same snapshot of the database: a read-only transaction
    /// (REPEATABLE READ on PostgreSQL; on SQLite a read transaction, whose snapshot of the WAL is taken by its first read,
    /// on a connection no other read shares meanwhile). For reads of several statements that must not straddle a commit.
    func readSnapshot<T>(_ body: (any SQLDatabase) async throws -> T) async throws -> T

    /// Why the database cannot be used, found by a connection attempt of its own: `.misconfigured` when retrying cannot
    /// help, `.unavailable` when it may come back; nil when it answers.
    func diagnose() async -> DatabaseError?
}

/// What a `listen` reports.
public enum ListenEvent: Sendable {
    case listening
    case notified
    case lost
}

extension DatabaseClient {
    public func listen(channel: String, onEvent: @escaping @Sendable (ListenEvent) -> Void) async {}

    /// Calls `onNotification` for every `NOTIFY` on `channel` until the task is cancelled (see `listen(channel:onEvent:)`).
    public func listen(channel: String, onNotification: @escaping @Sendable () -> Void) async {
        await listen(channel: channel) { event in
            if case .notified = event { onNotification() }
        }
    }
    public func idle() async {}
    public func diagnose() async -> DatabaseError? { nil }

    /// A connection the caller holds alone (a pooled PostgreSQL connection; the in-memory SQLite database's only one).
    public func readSnapshot<T>(_ body: (any SQLDatabase) async throws -> T) async throws -> T {
        try await read { db in try await Self.inSnapshot(db, flavor: flavor, body) }
    }

    /// `body` inside a read-only transaction on `db`.
    static func inSnapshot<T>(_ db: any SQLDatabase, flavor: SQLFlavor, _ body: (any SQLDatabase) async throws -> T) async throws -> T {
        try await db.raw(flavor == .postgres ? "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY" : "BEGIN").run()
        do {
            let result = try await body(db)
            try await db.raw("COMMIT").run()
            return result
        } catch {
            try? await db.raw("ROLLBACK").run()
            throw error
        }
    }
}

extension DatabaseClient {
    /// The database's clock in milliseconds since the Unix epoch, as a SQL expression.
    /// Times are stored as integer milliseconds on both databases so one schema and one decoder serve both.
    public var nowMillisSQL: String { flavor.nowMillisSQL }
}

extension SQLFlavor {
    public var nowMillisSQL: String {
        switch self {
        case .sqlite: return "CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER)"
        case .postgres: return "CAST(EXTRACT(EPOCH FROM clock_timestamp()) * 1000 AS BIGINT)"
        }
    }
}
