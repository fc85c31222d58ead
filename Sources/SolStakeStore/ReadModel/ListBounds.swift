import SQLKit

/// How long each list the API serves can be right now, so that a query's estimated cost counts what it can really
/// return rather than the largest page it may ask for.
public struct ListBounds: Decodable, Sendable, Equatable {
    public let validators: Int64
    public let runs: Int64
    /// Scores in the largest scoring run.
    public let largestRun: Int64
    public let users: Int64
    /// Stake accounts (closed ones too) of the wallet with the most.
    public let largestWallet: Int64

    /// One statement.
    public static func read(_ database: any DatabaseClient) async throws -> ListBounds? {
        try await database.read { db in
            try await db.raw(#"""
                SELECT (SELECT COUNT(*) FROM "validator") AS "validators",
                       (SELECT COUNT(*) FROM "scoringRun") AS "runs",
                       (SELECT COALESCE(MAX("validatorCount"), 0) FROM "scoringRun") AS "largestRun",
                       (SELECT COUNT(*) FROM "user") AS "users",
                       (SELECT COALESCE(MAX("n"), 0) FROM (SELECT COUNT(*) AS "n" FROM "stakeAccount" WHERE "userId" IS NOT NULL GROUP BY "userId") AS "perWallet") AS "largestWallet"
                """#).first(decoding: ListBounds.self)
        }
    }

    /// The bound of each list field of the schema, as `Type.field`.
    public var byField: [String: Int] {
        let validators = Int(clamping: validators)
        return [
            "Query.validators": validators, "Query.validatorsConnection": validators, "Query.recommendedValidators": validators,
            "Query.scoringRuns": Int(clamping: runs), "ScoringRun.trustScores": Int(clamping: largestRun),
            "Query.users": Int(clamping: users), "Query.usersConnection": Int(clamping: users),
            "Query.scoringRunsConnection": Int(clamping: runs), "User.stakeAccounts": Int(clamping: largestWallet),
        ]
    }
}
