import Foundation
import Logging
import SQLKit

/// Applies and reverts migrations, recording them in the `migrations` table.
///
/// Each migration runs in its own transaction with its record, so a failed migration leaves nothing behind. On
/// PostgreSQL an advisory lock makes concurrent `migrate` calls from several processes take turns; on SQLite
/// `BEGIN IMMEDIATE` does the same.
public struct Migrator: Sendable {
    public let database: any DatabaseClient
    public let migrations: [Migration]
    private let logger: Logger

    /// An arbitrary constant naming solstake's migration lock among PostgreSQL advisory locks.
    static let advisoryLockKey: Int64 = 0x50_4C_53_54_41_4B_45  // "SOLSTAKE"-ish

    public init(database: any DatabaseClient, migrations: [Migration] = Schema.migrations, logger: Logger) {
        self.database = database
        self.migrations = migrations
        self.logger = logger
    }

    /// The state of every migration, known or found in the database.
    public struct Status: Sendable, Equatable {
        public var applied: [(id: String, appliedAt: Int64)]
        public var pending: [String]
        /// Recorded in the database but unknown to this build (a newer solstake migrated it).
        public var unknown: [String]

        public static func == (lhs: Status, rhs: Status) -> Bool {
            lhs.applied.map(\.id) == rhs.applied.map(\.id) && lhs.applied.map(\.appliedAt) == rhs.applied.map(\.appliedAt)
                && lhs.pending == rhs.pending && lhs.unknown == rhs.unknown
        }
    }

    private struct Record: Decodable {
        let id: String
        let appliedAt: Int64
    }

    private func ensureTable(_ db: any SQLDatabase) async throws {
        try await db.raw(#"CREATE TABLE IF NOT EXISTS "migrations" ("id" TEXT PRIMARY KEY, "appliedAt" BIGINT NOT NULL)"#).run()
    }

    private func records(_ db: any SQLDatabase) async throws -> [Record] {
        try await db.raw(#"SELECT "id", "appliedAt" FROM "migrations" ORDER BY "id""#).all(decoding: Record.self)
    }

    private func lock(_ db: any SQLDatabase) async throws {
        if database.flavor == .postgres {
            try await db.raw("SELECT pg_advisory_xact_lock(\(bind: Migrator.advisoryLockKey))").run()
        }
    }

    public func status() async throws -> Status {
        try await database.transaction { db in
            try await ensureTable(db)
            return status(recorded: try await records(db))
        }
    }

    /// The status without writing anything (no table creation, no transaction): readiness probes use it, so a long
    /// write transaction on SQLite's single writer never blocks them. A database without a `migrations` table throws.
    public func readOnlyStatus() async throws -> Status {
        try await database.read { db in status(recorded: try await records(db)) }
    }

    private struct CountRow: Decodable { let count: Int64 }

    /// How many migrations are recorded as applied; throws without a `migrations` table (health probes ask this).
    public func appliedCount() async throws -> Int {
        Int(try await database.read { db in
            try await db.raw(#"SELECT COUNT(*) AS "count" FROM "migrations""#).first(decoding: CountRow.self)?.count ?? 0
        })
    }

    private func status(recorded: [Record]) -> Status {
        let known = Set(migrations.map(\.id))
        let appliedIDs = Set(recorded.map(\.id))
        return Status(
            applied: recorded.filter { known.contains($0.id) }.map { ($0.id, $0.appliedAt) },
            pending: migrations.map(\.id).filter { !appliedIDs.contains($0) },
            unknown: recorded.map(\.id).filter { !known.contains($0) })
    }

    /// Applies every pending migration in order; returns the ids applied (empty when up to date).
    @discardableResult
    public func migrate() async throws -> [String] {
        var applied: [String] = []
        for migration in migrations {
            let didApply = try await database.transaction { db -> Bool in
                try await lock(db)
                try await ensureTable(db)
                let done = try await db.raw(#"SELECT "id", "appliedAt" FROM "migrations" WHERE "id" = \#(bind: migration.id)"#)
                    .all(decoding: Record.self)
                guard done.isEmpty else { return false }
                for statement in migration.statements(migration.up, for: database.flavor) {
                    try await db.raw(SQLQueryString(statement)).run()
                }
                let now = Int64(Date().timeIntervalSince1970 * 1000)
                try await db.raw(#"INSERT INTO "migrations" ("id", "appliedAt") VALUES (\#(bind: migration.id), \#(bind: now))"#).run()
                return true
            }
            if didApply {
                logger.info("Applied migration", metadata: ["migration": "\(migration.id)"])
                applied.append(migration.id)
            }
        }
        return applied
    }

    /// Reverts the most recently applied migration; returns its id.
    @discardableResult
    public func revertLast() async throws -> String {
        let reverted = try await database.transaction { db -> String in
            try await lock(db)
            try await ensureTable(db)
            let recorded = try await records(db)
            guard let last = recorded.last else { throw DatabaseError.nothingToRevert }
            guard let migration = migrations.first(where: { $0.id == last.id }) else {
                throw DatabaseError.unknownMigrations([last.id])
            }
            for statement in migration.statements(migration.down, for: database.flavor) {
                try await db.raw(SQLQueryString(statement)).run()
            }
            try await db.raw(#"DELETE FROM "migrations" WHERE "id" = \#(bind: migration.id)"#).run()
            return migration.id
        }
        logger.info("Reverted migration", metadata: ["migration": "\(reverted)"])
        return reverted
    }

    /// Throws `pendingMigrations` or `unknownMigrations` unless the database is exactly at this build's schema.
    public func requireUpToDate(readOnly: Bool = false) async throws {
        let status = readOnly ? try await readOnlyStatus() : try await status()
        if !status.unknown.isEmpty { throw DatabaseError.unknownMigrations(status.unknown) }
        if !status.pending.isEmpty { throw DatabaseError.pendingMigrations(status.pending) }
    }
}
