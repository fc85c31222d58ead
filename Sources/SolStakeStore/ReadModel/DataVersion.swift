import SQLKit

/// A fingerprint of everything a query can show. It changes only through a few writes: a fetch (a new `fetchRun`), a
/// scoring run starting, completing or failing, and tracked wallets and their stake accounts changing.
public struct DataVersion: Decodable, Equatable, Sendable {
    let fetches: Int64
    let runs: Int64
    let runsFinished: Int64
    let running: Int64
    let users: Int64
    let usersUpdated: Int64
    let accounts: Int64
    let accountsUpdated: Int64

    /// One statement.
    public static func read(_ database: any DatabaseClient) async throws -> DataVersion? {
        try await database.read { db in
            try await db.raw("""
                SELECT (SELECT COALESCE(MAX("id"), 0) FROM "fetchRun") AS "fetches",
                       (SELECT COUNT(*) FROM "scoringRun") AS "runs",
                       (SELECT COALESCE(MAX(COALESCE("finishedAt", "createdAt")), 0) FROM "scoringRun") AS "runsFinished",
                       (SELECT COUNT(*) FROM "scoringRun" WHERE "status" = 'running') AS "running",
                       (SELECT COUNT(*) FROM "user") AS "users",
                       (SELECT COALESCE(MAX("updatedAt"), 0) FROM "user") AS "usersUpdated",
                       (SELECT COUNT(*) FROM "stakeAccount") AS "accounts",
                       (SELECT COALESCE(MAX("updatedAt"), 0) FROM "stakeAccount") AS "accountsUpdated"
                """).first(decoding: DataVersion.self)
        }
    }
}
