import Foundation
import Logging
import SolStakeStore

/// A fresh database for one benchmark run: a SQLite file in a temporary directory, or a new database on the PostgreSQL
/// server of `SOLSTAKE_TEST_POSTGRES_URL` (dropped by `remove()`, so runs leave nothing behind).
public struct BenchDatabase: Sendable {
    public let url: DatabaseURL
    /// The SQLite file (nil on PostgreSQL), for size figures.
    public let sqlitePath: String?
    private let directory: URL
    private let server: DatabaseURL.PostgresLocation?
    private let logger: Logger

    /// Nil for `postgres` when `SOLSTAKE_TEST_POSTGRES_URL` is unset (the caller prints that it skipped). `kind` is
    /// `sqlite` or `postgres`; anything else is refused.
    public static func fresh(_ kind: String, label: String, logger: Logger) async throws -> BenchDatabase? {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("solstake-\(label)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        switch kind {
        case "sqlite":
            let path = directory.appendingPathComponent("bench.sqlite").path
            return BenchDatabase(url: .sqliteFile(path: path), sqlitePath: path, directory: directory, server: nil, logger: logger)
        case "postgres":
            guard let text = ProcessInfo.processInfo.environment["SOLSTAKE_TEST_POSTGRES_URL"],
                case .postgres(let server) = try DatabaseURL(parsing: text)
            else { return nil }
            let name = "solstake_\(label.replacingOccurrences(of: "-", with: "_"))_\(UInt32.random(in: 0...UInt32.max))"
            try await DatabaseFactory.withDatabase(.postgres(server), logger: logger) { db in
                try await db.read { try await $0.raw("CREATE DATABASE \(unsafeRaw: name)").run() }
            }
            var location = server
            location.database = name
            return BenchDatabase(url: .postgres(location), sqlitePath: nil, directory: directory, server: server, logger: logger)
        default:
            throw BenchError("unknown --database \(kind) (sqlite or postgres)")
        }
    }

    /// Drops the PostgreSQL database, removes the temporary directory.
    public func remove() async throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        guard let server, case .postgres(let location) = url else { return }
        try await DatabaseFactory.withDatabase(.postgres(server), logger: logger) { db in
            try await db.read { try await $0.raw("DROP DATABASE IF EXISTS \(unsafeRaw: location.database) WITH (FORCE)").run() }
        }
    }
}

public struct BenchError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
