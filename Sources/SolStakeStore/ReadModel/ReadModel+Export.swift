import SQLKit

/// Pages for the CSV exports: keyset by id, so a stream of any length costs one statement per page and sees each row once.
extension ReadModel {
    public struct ExportedValidator: Decodable, Sendable {
        public let validator: ValidatorRecord
        /// The score in the latest completed scoring run.
        public let score: Double?

        public init(from decoder: any Decoder) throws {
            validator = try ValidatorRecord(from: decoder)
            score = try decoder.container(keyedBy: Key.self).decodeIfPresent(Double.self, forKey: .latestScore)
        }
        enum Key: String, CodingKey { case latestScore }
    }

    public func exportValidators(afterId: Int64, limit: Int) async throws -> [ExportedValidator] {
        var sql: SQLQueryString = "SELECT "
        sql += SQLQueryString(ValidatorRecord.columns.map { #""v"."\#($0)""# }.joined(separator: ", ") + #", "ls"."score" AS "latestScore""#)
        sql += #" FROM "validator" "v" LEFT JOIN "trustScore" "ls" ON "ls"."validatorId" = "v"."id" AND "ls"."scoringRunId" = "#
        sql += Self.latestRun
        sql += #" WHERE "v"."id" > \#(bind: afterId) ORDER BY "v"."id" LIMIT \#(bind: limit)"#
        return try await database.read { db in try await db.raw(sql).all(decoding: ExportedValidator.self) }
    }

    public struct ExportedScore: Decodable, Sendable {
        public let score: TrustScoreRecord
        public let voteAccount: String
        public let validatorPubkey: String
        public let name: String?

        public init(from decoder: any Decoder) throws {
            score = try TrustScoreRecord(from: decoder)
            let container = try decoder.container(keyedBy: Key.self)
            voteAccount = try container.decode(String.self, forKey: .voteAccount)
            validatorPubkey = try container.decode(String.self, forKey: .validatorPubkey)
            name = try container.decodeIfPresent(String.self, forKey: .name)
        }
        enum Key: String, CodingKey { case voteAccount, validatorPubkey, name }
    }

    /// A run's scores, by score id.
    public func exportScores(runId: Int64, afterId: Int64, limit: Int) async throws -> [ExportedScore] {
        var sql: SQLQueryString = "SELECT "
        sql += SQLQueryString(TrustScoreRecord.columns.map { #""t"."\#($0)""# }.joined(separator: ", ") + #", "v"."voteAccount", "v"."validatorPubkey", "v"."name""#)
        sql += #" FROM "trustScore" "t" JOIN "validator" "v" ON "v"."id" = "t"."validatorId""#
        sql += #" WHERE "t"."scoringRunId" = \#(bind: runId) AND "t"."id" > \#(bind: afterId) ORDER BY "t"."id" LIMIT \#(bind: limit)"#
        return try await database.read { db in try await db.raw(sql).all(decoding: ExportedScore.self) }
    }
}
