import Logging
import SolStakeStore

/// What `serve` does to the schema before it accepts requests.
///
/// On the embedded SQLite default it migrates by itself (zero setup on a fresh machine). On PostgreSQL, where several
/// processes of several versions share one database, only `solstake migrate` changes the schema: `serve` refuses to
/// start on pending (or unknown) migrations.
public enum DatabasePreparation {
    public static func prepare(_ database: any DatabaseClient, logger: Logger) async throws {
        let migrator = Migrator(database: database, logger: logger)
        switch database.flavor {
        case .sqlite:
            let applied = try await migrator.migrate()
            if !applied.isEmpty {
                logger.info("Migrated the embedded database", metadata: ["applied": "\(applied.joined(separator: ","))"])
            }
            try await migrator.requireUpToDate()
        case .postgres:
            try await migrator.requireUpToDate()
        }
    }
}
