import Foundation
import Logging
import SQLKit
import SolStakeCore
import SolStakeStore

/// Real databases for tests: SQLite in memory or in a temporary directory, and PostgreSQL when
/// `SOLSTAKE_TEST_POSTGRES_URL` is set (each test gets a database of its own, created and dropped around it; a migrated
/// one is copied from a template migrated once per schema version).
public enum TestDatabases {
    /// How long a test waits for a PostgreSQL connection: the suite opens dozens of databases at once on 2 cores, and
    /// 10 s (the product default) was once missed at its start.
    static let waitLimit: Duration = .seconds(60)
    public static let postgresEnvironmentKey = "SOLSTAKE_TEST_POSTGRES_URL"

    public static var postgresURL: DatabaseURL? {
        guard let text = ProcessInfo.processInfo.environment[postgresEnvironmentKey], !text.isEmpty else { return nil }
        return try? DatabaseURL(parsing: text)
    }

    /// A test database's `location` (password shown as `***`) with the test server's password back in, for the
    /// command line of a child process.
    public static func commandLineURL(_ location: String) -> String {
        guard case .postgres(let admin)? = postgresURL, let password = admin.password else { return location }
        return location.replacingOccurrences(of: ":***@", with: ":\(password)@")
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
            guard migrate, case .postgres(let admin)? = postgresURL else {
                return try await withFreshPostgres { url in try await run(url, migrate: migrate, body) }
            }
            let template = try await PostgresTemplate.shared.name(admin: admin)
            return try await withFreshPostgres(template: template) { url in try await run(url, migrate: false, body) }
        }
    }

    public enum Kind: String, Sendable, CustomStringConvertible {
        case sqliteMemory, sqliteFile, postgres
        public var description: String { rawValue }
    }

    private static func run<T: Sendable>(
        _ url: DatabaseURL, migrate: Bool, _ body: @Sendable (any DatabaseClient) async throws -> T
    ) async throws -> T {
        try await DatabaseFactory.withDatabase(url, waitLimit: TestDatabases.waitLimit, logger: logger) { database in
            if migrate { try await Migrator(database: database, logger: logger).migrate() }
            return try await body(database)
        }
    }

    /// Creates `solstake_test_<random>` (empty, or a copy of `template`) on the server of `SOLSTAKE_TEST_POSTGRES_URL`,
    /// hands its URL to `body`, drops it.
    public static func withFreshPostgres<T: Sendable>(
        template: String? = nil, _ body: @Sendable (DatabaseURL) async throws -> T
    ) async throws -> T {
        guard case .postgres(let admin)? = postgresURL else {
            throw TestDatabaseError.postgresNotConfigured
        }
        let name = "solstake_test_\(UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(16))"
        try await PostgresTemplate.shared.create(name, from: template, admin: admin)
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

    static func drop(_ name: String, admin: DatabaseURL.PostgresLocation) async throws {
        try await DatabaseFactory.withDatabase(.postgres(admin), waitLimit: TestDatabases.waitLimit, logger: logger) { server in
            try await server.read { db in try await db.raw("DROP DATABASE IF EXISTS \(unsafeRaw: name) WITH (FORCE)").run() }
        }
    }
}

public enum TestDatabaseError: Error {
    case postgresNotConfigured
}

/// The migrated schema on the test server, built once per schema version (named by a hash of the migrations) and
/// copied for each test with `CREATE DATABASE … TEMPLATE`, which is much faster than migrating every database.
actor PostgresTemplate {
    static let shared = PostgresTemplate()
    private var built: String?

    private struct Row: Decodable { let n: Int64 }

    func name(admin: DatabaseURL.PostgresLocation) async throws -> String {
        if let built { return built }
        let schema = Schema.migrations.map { ([$0.id] + $0.up).joined(separator: "\n") }.joined(separator: "\n--\n")
        let name = "solstake_template_" + SHA256.hex(schema).prefix(16)
        let logger = TestDatabases.logger
        let exists = try await DatabaseFactory.withDatabase(.postgres(admin), waitLimit: TestDatabases.waitLimit, logger: logger) { server in
            try await server.read { db in
                try await db.raw("SELECT COUNT(*) AS \"n\" FROM pg_database WHERE datname = \(bind: name)").first(decoding: Row.self)?.n ?? 0
            }
        }
        if exists == 0 {
            // Built under a temporary name and renamed when complete, so an interrupted build never passes for a template.
            let building = name + "_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(8)
            try await create(building, from: nil, admin: admin)
            var location = admin
            location.database = building
            try await DatabaseFactory.withDatabase(.postgres(location), waitLimit: TestDatabases.waitLimit, logger: logger) { database in
                _ = try await Migrator(database: database, logger: logger).migrate()
            }
            do {
                try await DatabaseFactory.withDatabase(.postgres(admin), waitLimit: TestDatabases.waitLimit, logger: logger) { server in
                    try await server.read { db in try await db.raw("ALTER DATABASE \(unsafeRaw: building) RENAME TO \(unsafeRaw: name)").run() }
                }
            } catch {
                try? await TestDatabases.drop(building, admin: admin)  // another run renamed its copy first
            }
        }
        built = name
        return name
    }

    /// `CREATE DATABASE`, one at a time: a copy fails while another session is connected to its template.
    func create(_ name: String, from template: String?, admin: DatabaseURL.PostgresLocation) async throws {
        try await DatabaseFactory.withDatabase(.postgres(admin), logger: TestDatabases.logger) { server in
            try await server.read { db in
                try await db.raw("CREATE DATABASE \(unsafeRaw: name)\(unsafeRaw: template.map { " TEMPLATE \($0)" } ?? "")").run()
            }
        }
    }
}
