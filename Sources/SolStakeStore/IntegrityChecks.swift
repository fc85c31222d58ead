import SQLKit

/// The database integrity checks behind `solstake verify db`: each is one query counting violations.
public enum IntegrityChecks {
    public struct Check: Sendable, Equatable {
        public var name: String
        public var passed: Bool
        public var detail: String

        public init(name: String, passed: Bool, detail: String) {
            self.name = name
            self.passed = passed
            self.detail = detail
        }
    }

    struct Count: Decodable { let n: Int64 }

    static let checks: [(name: String, sql: String, explain: String)] = [
        ("no orphan epoch stats",
         #"SELECT COUNT(*) AS "n" FROM "validatorEpochStat" s LEFT JOIN "validator" v ON v."id" = s."validatorId" WHERE v."id" IS NULL"#,
         "epoch stats without a validator"),
        ("no orphan observations",
         #"SELECT COUNT(*) AS "n" FROM "validatorObservation" o LEFT JOIN "validator" v ON v."id" = o."validatorId" WHERE v."id" IS NULL"#,
         "observations without a validator"),
        ("no orphan trust scores",
         #"SELECT COUNT(*) AS "n" FROM "trustScore" t LEFT JOIN "validator" v ON v."id" = t."validatorId" LEFT JOIN "scoringRun" r ON r."id" = t."scoringRunId" WHERE v."id" IS NULL OR r."id" IS NULL"#,
         "trust scores without their validator or run"),
        ("no orphan stake accounts",
         #"SELECT COUNT(*) AS "n" FROM "stakeAccount" a LEFT JOIN "user" u ON u."id" = a."userId" WHERE a."userId" IS NOT NULL AND u."id" IS NULL"#,
         "stake accounts of a missing user"),
        ("no duplicate epoch stats",
         #"SELECT COUNT(*) AS "n" FROM (SELECT "validatorId", "epoch" FROM "validatorEpochStat" GROUP BY "validatorId", "epoch" HAVING COUNT(*) > 1) d"#,
         "(validator, epoch) pairs stored more than once"),
        ("counts on completed runs match their scores",
         #"SELECT COUNT(*) AS "n" FROM "scoringRun" r WHERE r."status" = 'completed' AND (r."successCount" <> (SELECT COUNT(*) FROM "trustScore" t WHERE t."scoringRunId" = r."id") OR r."validatorCount" <> r."successCount" + r."failCount")"#,
         "completed runs whose counts disagree with their stored scores"),
        ("latest completed run scored every validator it counted",
         #"SELECT COUNT(*) AS "n" FROM (SELECT r."id", r."successCount" FROM "scoringRun" r WHERE r."status" = 'completed' ORDER BY r."runDate" DESC, r."id" DESC LIMIT 1) latest WHERE latest."successCount" <> (SELECT COUNT(DISTINCT t."validatorId") FROM "trustScore" t WHERE t."scoringRunId" = latest."id")"#,
         "the latest completed run is missing scores"),
        ("scores lie in [0, 100]",
         #"SELECT COUNT(*) AS "n" FROM "trustScore" WHERE "score" < 0 OR "score" > 100"#,
         "scores out of range"),
        ("one scoring run per job",
         #"SELECT COUNT(*) AS "n" FROM (SELECT "jobId" FROM "scoringRun" WHERE "jobId" IS NOT NULL GROUP BY "jobId" HAVING COUNT(*) > 1) d"#,
         "jobs with more than one scoring run"),
        ("every fetch recorded one observation per validator",
         #"SELECT COUNT(*) AS "n" FROM "fetchRun" f WHERE f."validatorCount" <> (SELECT COUNT(*) FROM "validatorObservation" o WHERE o."fetchId" = f."jobId")"#,
         "fetch runs whose observation count differs from their validator count"),
    ]

    public static func run(on db: any SQLDatabase) async throws -> [Check] {
        var results: [Check] = []
        for check in checks {
            let violations = try await db.raw(SQLQueryString(check.sql)).first(decoding: Count.self)?.n ?? 0
            results.append(Check(
                name: check.name, passed: violations == 0,
                detail: violations == 0 ? "ok" : "\(violations) \(check.explain)"))
        }
        return results
    }
}
