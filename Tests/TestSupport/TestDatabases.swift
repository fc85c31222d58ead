import Foundation
import Logging
import SQLKit
import SolStakeStore

/// Real databases for tests: SQLite in memory or in a temporary directory, and PostgreSQL when
/// `SOLSTAKE_TEST_POSTGRES_URL` is set (each test gets a database of its own, created and dropped around it).
public enum TestDatabases {
    public static let postgresEnvironmentKey = "SOLSTAKE_TEST_POSTGRES_URL"

    public static var postgresURL: DatabaseURL? {
        guard let text = ProcessInfo.processInfo.environment[postgresEnvironmentKey], !text.isEmpty else { return nil }
        return try? DatabaseURL(parsing: text)
    }

    /// True when PostgreSQL tests can run; suites use it in `.enabled(if:)` so they show as skipped otherwise.
    public static var hasPostgres: Bool { postgresURL != nil }

    public static var logger: Logger {
        var logger = Logger(label: "test")
        logger.logLevel = .warning
        return logger
    }

    /// A fresh, empty temporary directory removed after `body`.
    public static func withTemporaryDirectory<T>(_ body: (URL) async throws -> T) async throws -> T {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("solstake-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: url) }
        return try await body(url)
    }

    /// Runs `body` against a brand-new database of the given kind (migrated when `migrate` is true).
    public static func with<T: Sendable>(
        _ kind: Kind, migrate: Bool = true, _ body: @Sendable (any DatabaseClient) async throws -> T
    ) async throws -> T {
        switch kind {
        case .sqliteMemory:
            return try await run(.sqliteMemory, migrate: migrate, body)
        case .sqliteFile:
            return try await withTemporaryDirectory { dir in
                try await run(.sqliteFile(path: dir.appendingPathComponent("test.sqlite").path), migrate: migrate, body)
            }
        case .postgres:
            return try await withFreshPostgres { url in try await run(url, migrate: migrate, body) }
        }
    }

    public enum Kind: String, Sendable, CustomStringConvertible {
        case sqliteMemory, sqliteFile, postgres
        public var description: String { rawValue }
    }

    private static func run<T: Sendable>(
        _ url: DatabaseURL, migrate: Bool, _ body: @Sendable (any DatabaseClient) async throws -> T
    ) async throws -> T {
        try await DatabaseFactory.withDatabase(url, logger: logger) { database in
            if migrate { try await Migrator(database: database, logger: logger).migrate() }
            return try await body(database)
        }
    }

    /// Creates `solstake_test_<random>` on the server of `SOLSTAKE_TEST_POSTGRES_URL`, hands its URL to `body`, drops it.
    public static func withFreshPostgres<T: Sendable>(_ body: @Sendable (DatabaseURL) async throws -> T) async throws -> T {
        guard case .postgres(let admin)? = postgresURL else {
            throw TestDatabaseError.postgresNotConfigured
        }
        let name = "solstake_test_\(UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(16))"
        try await DatabaseFactory.withDatabase(.postgres(admin), logger: logger) { server in
            try await server.read { db in try await db.raw("CREATE DATABASE \(unsafeRaw: name)").run() }
        }
        var location = admin
        location.database = name
        do {
            let result = try await body(.postgres(location))
            try await drop(name, admin: admin)
            return result
        } catch {
            try? await drop(name, admin: admin)
            throw error
        }
    }

    private static func drop(_ name: String, admin: DatabaseURL.PostgresLocation) async throws {
        try await DatabaseFactory.withDatabase(.postgres(admin), logger: logger) { server in
            try await server.read { db in try await db.raw("DROP DATABASE IF EXISTS \(unsafeRaw: name) WITH (FORCE)").run() }
        }
    }
}

public enum TestDatabaseError: Error {
    case postgresNotConfigured
}
