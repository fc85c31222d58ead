import Logging

/// Opens the database a `DatabaseURL` names.
public enum DatabaseFactory {
    /// `waitLimit`: how long a caller waits for a PostgreSQL connection before `DatabaseError.unavailable` (nil: no bound);
    /// `statementTimeout`: PostgreSQL's `statement_timeout` on every connection (nil: the server's).
    public static func open(
        _ url: DatabaseURL, waitLimit: Duration? = .seconds(10), statementTimeout: Duration? = .seconds(60), logger: Logger
    ) async throws -> any DatabaseClient {
        switch url {
        case .sqliteMemory:
            return try await SQLiteDatabaseClient.open(path: nil, logger: logger)
        case .sqliteFile(let path):
            if let problem = SQLiteFileAccess.problem(path: path) {
                return UnusableDatabaseClient(flavor: .sqlite, location: "sqlite://\(path)", problem: problem)
            }
            return try await SQLiteDatabaseClient.open(path: path, logger: logger)
        case .postgres(let location):
            return PostgresDatabaseClient(location: location, waitLimit: waitLimit, statementTimeout: statementTimeout, logger: logger)
        }
    }

    /// Opens the database, runs it for the duration of `body` (one-shot commands and tests), then closes it.
    public static func withDatabase<T: Sendable>(
        _ url: DatabaseURL, waitLimit: Duration? = .seconds(10), logger: Logger, _ body: @Sendable (any DatabaseClient) async throws -> T
    ) async throws -> T {
        let database = try await open(url, waitLimit: waitLimit, logger: logger)
        return try await withRunning(database, body)
    }

    /// Runs an opened database's service for the duration of `body`, then closes it.
    public static func withRunning<T: Sendable>(
        _ database: any DatabaseClient, _ body: @Sendable (any DatabaseClient) async throws -> T
    ) async throws -> T {
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await database.run() }
            do {
                let result = try await body(database)
                group.cancelAll()
                await database.shutdown()
                return result
            } catch {
                group.cancelAll()
                await database.shutdown()
                throw error
            }
        }
    }
}
