import SQLKit

/// The data figures of health checks, `/metrics` and `metrics summary`: how fresh the data is, what the validator set
/// holds and how the latest scoring run went. Each reads on the caller's connection so a report is one pass.
public enum OperationsFigures {
    private struct LastRow: Decodable { let last: Int64? }

    /// When the latest fetch finished (milliseconds), if any.
    public static func lastFetchFinished(on db: any SQLDatabase) async throws -> Int64? {
        try await db.raw(#"SELECT MAX("finishedAt") AS "last" FROM "fetchRun""#).first(decoding: LastRow.self)?.last
    }

    /// When the latest completed scoring run finished.
    public static func lastScoreFinished(on db: any SQLDatabase) async throws -> Int64? {
        try await db.raw(#"SELECT MAX("finishedAt") AS "last" FROM "scoringRun" WHERE "status" = 'completed'"#).first(decoding: LastRow.self)?.last
    }

    public struct ValidatorTotals: Sendable, Decodable, Equatable {
        public let validators: Int64
        public let delinquent: Int64
        public let delinquentStake: Int64
        public let totalStake: Int64
    }

    public static func validatorTotals(on db: any SQLDatabase) async throws -> ValidatorTotals {
        try await db.raw("""
            SELECT COUNT(*) AS "validators", COALESCE(CAST(SUM(CASE WHEN "delinquent" THEN 1 ELSE 0 END) AS BIGINT), 0) AS "delinquent",
                   COALESCE(CAST(SUM(CASE WHEN "delinquent" THEN "activatedStake" ELSE 0 END) AS BIGINT), 0) AS "delinquentStake",
                   COALESCE(CAST(SUM("activatedStake") AS BIGINT), 0) AS "totalStake"
            FROM "validator"
            """).first(decoding: ValidatorTotals.self) ?? ValidatorTotals(validators: 0, delinquent: 0, delinquentStake: 0, totalStake: 0)
    }

    public struct RunSummary: Sendable, Decodable, Equatable {
        public let id: Int64
        public let epoch: Int64?
        public let successCount: Int64
        public let failCount: Int64
    }

    /// The scoring run that completed last.
    public static func latestCompletedRun(on db: any SQLDatabase) async throws -> RunSummary? {
        try await db.raw("""
            SELECT "id", "epoch", "successCount", "failCount" FROM "scoringRun" WHERE "status" = 'completed'
            ORDER BY "finishedAt" DESC, "id" DESC LIMIT 1
            """).first(decoding: RunSummary.self)
    }

    private struct RateRow: Decodable { let completed: Int64; let finished: Int64 }

    /// Completed runs and finished (completed or failed) runs.
    public static func runOutcomes(on db: any SQLDatabase) async throws -> (completed: Int64, finished: Int64) {
        let row = try await db.raw("""
            SELECT CAST(COALESCE(SUM(CASE WHEN "status" = 'completed' THEN 1 ELSE 0 END), 0) AS BIGINT) AS "completed", COUNT(*) AS "finished"
            FROM "scoringRun" WHERE "status" IN ('completed', 'failed')
            """).first(decoding: RateRow.self)
        return (row?.completed ?? 0, row?.finished ?? 0)
    }

    public struct ScoreBucket: Sendable, Decodable, Equatable {
        /// `floor(score / 10)`; 10 for a score of exactly 100.
        public let bucket: Int
        public let n: Int64
        public let total: Double
    }

    /// A run's scores counted by the database in buckets of ten points: one row per bucket, whatever the number of
    /// validators.
    public static func scoreBuckets(run: Int64, on db: any SQLDatabase) async throws -> [ScoreBucket] {
        // Scores are >= 0, so SQLite's truncating CAST is a floor.
        let bucket = SQLFlavor(of: db) == .postgres ? #"CAST(FLOOR("score" / 10) AS INTEGER)"# : #"CAST("score" / 10 AS INTEGER)"#
        return try await db.raw("""
            SELECT \(unsafeRaw: bucket) AS "bucket", COUNT(*) AS "n", SUM("score") AS "total" FROM "trustScore"
            WHERE "scoringRunId" = \(bind: run) GROUP BY \(unsafeRaw: bucket)
            """).all(decoding: ScoreBucket.self)
    }
}

extension OperationsFigures {
    /// A run's scores as a Prometheus histogram: how many are at most each bound (cumulative), their count and sum.
    public struct ScoreHistogram: Sendable, Codable, Equatable {
        public let upperBounds: [Int]
        public let cumulativeCounts: [Int64]
        public let count: Int64
        public let sum: Double

        public init(upperBounds: [Int], cumulativeCounts: [Int64], count: Int64, sum: Double) {
            self.upperBounds = upperBounds
            self.cumulativeCounts = cumulativeCounts
            self.count = count
            self.sum = sum
        }
    }

    public static let scoreHistogramBounds = Array(stride(from: 10, through: 100, by: 10))

    /// One row whatever the number of validators: the database counts `score <= bound` for every bound.
    public static func scoreHistogram(run: Int64, on db: any SQLDatabase) async throws -> ScoreHistogram {
        let bounds = scoreHistogramBounds
        let columns = bounds.enumerated().map { index, bound in
            #"CAST(COALESCE(SUM(CASE WHEN "score" <= \#(bound) THEN 1 ELSE 0 END), 0) AS BIGINT) AS "le\#(index)""#
        }.joined(separator: ", ")
        let row = try await db.raw("""
            SELECT COUNT(*) AS "n", CAST(COALESCE(SUM("score"), 0) AS DOUBLE PRECISION) AS "total", \(unsafeRaw: columns)
            FROM "trustScore" WHERE "scoringRunId" = \(bind: run)
            """).first()
        guard let row else { return ScoreHistogram(upperBounds: bounds, cumulativeCounts: bounds.map { _ in 0 }, count: 0, sum: 0) }
        return ScoreHistogram(
            upperBounds: bounds, cumulativeCounts: try bounds.indices.map { try row.decode(column: "le\($0)", as: Int64.self) },
            count: try row.decode(column: "n", as: Int64.self), sum: try row.decode(column: "total", as: Double.self))
    }
}
