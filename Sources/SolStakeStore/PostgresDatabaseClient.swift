import Logging
import PostgresKit
import PostgresNIO
import SQLKit
import ServiceLifecycle
import Synchronization

/// PostgreSQL behind `DatabaseClient`, on PostgresNIO's `PostgresClient` connection pool.
///
/// The pool only serves connections while `run()` is running: in `serve` and `worker` it is a service of the
/// `ServiceGroup`; one-shot commands use `DatabaseFactory.withDatabase`, which runs it for the duration of the work.
public final class PostgresDatabaseClient: DatabaseClient {
    public let flavor = SQLFlavor.postgres
    public let statements = StatementCounter()
    public let location: String

    private let client: PostgresClient
    private let direct: PostgresConnection.Configuration
    /// How long a caller waits for a connection before the database counts as unavailable; nil: as long as it takes.
    private let waitLimit: Duration?
    private let logger: Logger
    private let closed = Mutex(false)
    private let running = Atomic<Bool>(false)
    /// Opens when the pool starts running: queries wait for it instead of tripping PostgresNIO's "run() not called" warning.
    private let poolStarted = ReadyGate()

    /// `statementTimeout` is the server's `statement_timeout` for every connection (nil: the server's default).
    public init(
        location: DatabaseURL.PostgresLocation, maximumConnections: Int = 20, waitLimit: Duration? = .seconds(10),
        statementTimeout: Duration? = .seconds(60), logger: Logger
    ) {
        let tls: PostgresClient.Configuration.TLS
        let directTLS: PostgresConnection.Configuration.TLS
        switch location.tls {
        case .disable: (tls, directTLS) = (.disable, .disable)
        case .prefer:
            tls = .prefer(.clientDefault)
            directTLS = (try? NIOSSLContext(configuration: .clientDefault)).map { .prefer($0) } ?? .disable
        case .require:
            tls = .require(.clientDefault)
            directTLS = (try? NIOSSLContext(configuration: .clientDefault)).map { .require($0) } ?? .disable
        }
        direct = PostgresConnection.Configuration(
            host: location.host, port: location.port, username: location.username, password: location.password,
            database: location.database, tls: directTLS)
        self.waitLimit = waitLimit
        var configuration = PostgresClient.Configuration(
            host: location.host, port: location.port, username: location.username, password: location.password,
            database: location.database, tls: tls)
        configuration.options.maximumConnections = maximumConnections
        configuration.options.connectTimeout = .seconds(5)
        if let statementTimeout {
            let millis = statementTimeout.components.seconds * 1000 + statementTimeout.components.attoseconds / 1_000_000_000_000_000
            configuration.options.additionalStartupParameters = [("statement_timeout", "\(max(1, millis))")]
        }
        // The pool retries a refused connection every few hundred milliseconds and logs each at info: the callers'
        // bounded waits and `diagnose()` say what is wrong once, so the pool speaks from warnings up.
        var poolLogger = logger
        poolLogger.logLevel = max(logger.logLevel, .warning)
        self.client = PostgresClient(configuration: configuration, backgroundLogger: poolLogger)
        self.location = DatabaseURL.postgres(location).description
        self.logger = logger
    }

    private func sql(_ connection: PostgresConnection) -> any SQLDatabase {
        CountingSQLDatabase(base: connection.sql(queryLogLevel: .trace), counter: statements)
    }

    public func read<T>(_ body: (any SQLDatabase) async throws -> T) async throws -> T {
        try checkOpen()
        await poolStarted.wait()
        try await requireConnection()
        return try await client.withConnection { (connection: PostgresConnection) async throws -> T in
            try await body(sql(connection))
        }
    }

    public func transaction<T>(_ body: (any SQLDatabase) async throws -> T) async throws -> T {
        try checkOpen()
        await poolStarted.wait()
        try await requireConnection()
        return try await client.withConnection { (connection: PostgresConnection) async throws -> T in
            let db = sql(connection)
            try await db.raw("BEGIN").run()
            do {
                let result = try await body(db)
                try await db.raw("COMMIT").run()
                statements.committed()
                return result
            } catch {
                do {
                    try await db.raw("ROLLBACK").run()
                } catch {
                    logger.error("Rollback failed", metadata: ["error": "\(String(reflecting: error))"])
                }
                throw error
            }
        }
    }

    public func listen(channel: String, onEvent: @escaping @Sendable (ListenEvent) -> Void) async {
        await poolStarted.wait()
        while !Task.isCancelled {
            do {
                try await client.withConnection { (connection: PostgresConnection) async throws -> Void in
                    // The closure runs once the server confirmed LISTEN.
                    try await connection.listen(on: channel) { notifications in
                        onEvent(.listening)
                        for try await _ in notifications { onEvent(.notified) }
                    }
                }
                onEvent(.lost)
            } catch {
                onEvent(.lost)
                if Task.isCancelled { return }
                logger.debug("LISTEN connection lost; reconnecting", metadata: ["channel": "\(channel)", "error": "\(error)"])
                try? await Task.sleep(for: .seconds(1))
            }
        }
    }

    /// Waits at most `waitLimit` for the pool to hand out a connection (and hands it back): past it the database is
    /// unavailable, with the reason a direct connection attempt gives. The statements then lease their own.
    private func requireConnection() async throws {
        guard let limit = waitLimit else { return }
        let client = self.client
        let leased = try await withThrowingTaskGroup(of: Bool.self) { group in
            group.addTask { try await client.withConnection { _ in }; return true }
            group.addTask { try await Task.sleep(for: limit); return false }
            defer { group.cancelAll() }
            return try await group.next() ?? false
        }
        guard leased else {
            if let problem = await diagnose() { throw problem }
            throw DatabaseError.unavailable(location: location, cause: "no connection within \(limit)")
        }
    }

    public func diagnose() async -> DatabaseError? {
        let configuration = direct
        let logger = self.logger
        let outcome: Result<Void, any Error> = await withTaskGroup(of: Result<Void, any Error>?.self) { group in
            group.addTask {
                do {
                    let connection = try await PostgresConnection.connect(configuration: configuration, id: 0, logger: logger)
                    try? await connection.close()
                    return .success(())
                } catch {
                    return .failure(error)
                }
            }
            group.addTask {
                try? await Task.sleep(for: .seconds(5))
                return nil
            }
            defer { group.cancelAll() }
            return await group.next().flatMap { $0 } ?? .failure(DatabaseError.unavailable(location: location, cause: "no answer within 5 s"))
        }
        guard case .failure(let error) = outcome else { return nil }
        return DatabaseProblem.classify(error, location: location)
    }

    private func checkOpen() throws {
        if closed.withLock({ $0 }) { throw DatabaseError.closed }
    }

    public func run() async throws {
        // The pool may be run once; a second owner (say, a test that runs the database and an application that lists
        // it among its services) just waits for shutdown.
        guard running.compareExchange(expected: false, desired: true, ordering: .relaxed).exchanged else {
            try? await gracefulShutdown()
            return
        }
        // PostgresClient.run returns when its task is cancelled, which ServiceGroup does on graceful shutdown. Queries are
        // let through a moment after the pool started running (it has no "started" signal of its own).
        let opener = Task { [poolStarted] in
            try? await Task.sleep(for: .milliseconds(20))
            poolStarted.open()
        }
        await cancelWhenGracefulShutdown {
            await self.client.run()
        }
        opener.cancel()
        poolStarted.open()
        closed.withLock { $0 = true }
    }

    public func shutdown() async {
        closed.withLock { $0 = true }
    }
}
