import Foundation
import SolStakeStore

/// Why a command that only reads cannot: it never creates a SQLite file or migrates one to have something to read.
public enum ReadOnlyDatabaseError: Error, CustomStringConvertible {
    case noDatabase(path: String)
    case noSchema(location: String, detail: String)

    public var description: String {
        switch self {
        case .noDatabase(let path):
            return "no database at \(path): this command only reads (set DATABASE_URL or --database-url, or create it with `solstake migrate`)"
        case .noSchema(let location, let detail):
            return "\(location) has no solstake schema (\(detail)): run `solstake migrate` first"
        }
    }
}

extension AppEnvironment {
    /// For commands that only read: the configured database as it is, up to date with this build, else a clear error.
    public func withExistingDatabase<T: Sendable>(_ body: @Sendable (any DatabaseClient) async throws -> T) async throws -> T {
        if case .sqliteFile(let path) = configuration.databaseURL {
            guard FileManager.default.fileExists(atPath: path) else { throw ReadOnlyDatabaseError.noDatabase(path: path) }
            // Opening sets the page size and WAL, which would write to an empty file.
            let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.intValue
            if size == 0 { throw ReadOnlyDatabaseError.noSchema(location: "sqlite://\(path)", detail: "an empty file") }
        }
        return try await withDatabase { database in
            let migrator = Migrator(database: database, logger: logger)
            do {
                _ = try await migrator.appliedCount()
            } catch {
                throw ReadOnlyDatabaseError.noSchema(location: "\(database.location)", detail: "\(error)")
            }
            try await migrator.requireUpToDate(readOnly: true)
            return try await body(database)
        }
    }
}
