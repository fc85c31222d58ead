import SQLKit

extension ReadModel {
    /// Each validator's most recent trust score (scores are only written by completed runs).
    public func latestScores(validatorIds: [Int64]) async throws -> [Int64: TrustScoreRecord] {
        var out: [Int64: TrustScoreRecord] = [:]
        let columns = TrustScoreRecord.columns.map { #""t"."\#($0)""# }.joined(separator: ", ")
        for part in validatorIds.chunked(Self.chunk) {
            let sql: SQLQueryString = """
                SELECT \(unsafeRaw: columns) FROM "trustScore" "t"
                JOIN (SELECT MAX("id") AS "id" FROM "trustScore" WHERE "validatorId" IN (\(binds: part)) GROUP BY "validatorId") "m"
                  ON "m"."id" = "t"."id"
                """
            let rows = try await database.read { db in try await db.raw(sql).all(decoding: TrustScoreRecord.self) }
            for row in rows { out[row.validatorId] = row }
        }
        return out
    }

    /// Up to `limit` rows per key of `table`, ranked within each key by `rankOrder`: one statement per chunk of keys.
    private func ranked<Row: Decodable & Sendable>(
        _ type: Row.Type, table: String, columns: [String], key: String, keys: [Int64], rankOrder: String, limit: Int,
        group: (Row) -> Int64
    ) async throws -> [Int64: [Row]] {
        var out: [Int64: [Row]] = [:]
        let list = columns.map { #""\#($0)""# }.joined(separator: ", ")
        for part in keys.chunked(Self.chunk) {
            let sql: SQLQueryString = """
                SELECT \(unsafeRaw: list) FROM (
                  SELECT \(unsafeRaw: list), ROW_NUMBER() OVER (PARTITION BY "\(unsafeRaw: key)" ORDER BY \(unsafeRaw: rankOrder)) AS "rank"
                  FROM "\(unsafeRaw: table)" WHERE "\(unsafeRaw: key)" IN (\(binds: part))
                ) "ranked" WHERE "rank" <= \(bind: limit) ORDER BY "\(unsafeRaw: key)", \(unsafeRaw: rankOrder)
                """
            let rows = try await database.read { db in try await db.raw(sql).all(decoding: Row.self) }
            for row in rows { out[group(row), default: []].append(row) }
        }
        return out
    }

    /// Scores of runs, best first, at most `limit` per run.
    public func scores(runIds: [Int64], limit: Int) async throws -> [Int64: [TrustScoreRecord]] {
        try await ranked(
            TrustScoreRecord.self, table: "trustScore", columns: TrustScoreRecord.columns, key: "scoringRunId", keys: runIds,
            rankOrder: #""score" DESC, "validatorId""#, limit: limit, group: \.scoringRunId)
    }

    /// Validators' score history, newest first, at most `limit` each.
    public func scoreHistory(validatorIds: [Int64], limit: Int) async throws -> [Int64: [TrustScoreRecord]] {
        try await ranked(
            TrustScoreRecord.self, table: "trustScore", columns: TrustScoreRecord.columns, key: "validatorId", keys: validatorIds,
            rankOrder: #""id" DESC"#, limit: limit, group: \.validatorId)
    }

    /// Each validator's score in the completed run before its latest one (for score-drop alerts).
    public func previousScores(validatorIds: [Int64]) async throws -> [Int64: TrustScoreRecord] {
        try await scoreHistory(validatorIds: validatorIds, limit: 2).compactMapValues { $0.count == 2 ? $0[1] : nil }
    }

    /// Validators' per-epoch history, newest first, at most `limit` epochs each.
    public func epochStats(validatorIds: [Int64], limit: Int) async throws -> [Int64: [EpochStatRecord]] {
        try await ranked(
            EpochStatRecord.self, table: "validatorEpochStat", columns: EpochStatRecord.columns, key: "validatorId", keys: validatorIds,
            rankOrder: #""epoch" DESC"#, limit: limit, group: \.validatorId)
    }

    private struct ObservationRow: Decodable { let validatorId: Int64; let epoch: Int64; let commission: Int?; let observedAt: Int64 }

    /// Commission changes, newest first, between consecutive observations (every fetch) of each validator.
    public func commissionHistory(validatorIds: [Int64]) async throws -> [Int64: [CommissionChange]] {
        var out: [Int64: [CommissionChange]] = [:]
        for part in validatorIds.chunked(Self.chunk) {
            let rows = try await database.read { db in
                try await db.raw("""
                    SELECT "validatorId", "epoch", "commission", "observedAt" FROM "validatorObservation"
                    WHERE "validatorId" IN (\(binds: part)) ORDER BY "validatorId", "observedAt", "id"
                    """).all(decoding: ObservationRow.self)
            }
            for (validatorId, observations) in Dictionary(grouping: rows, by: \.validatorId) {
                let changes = zip(observations, observations.dropFirst()).compactMap { previous, current in
                    previous.commission == current.commission
                        ? nil : CommissionChange(epoch: current.epoch, from: previous.commission, to: current.commission, observedAtMillis: current.observedAt)
                }
                out[validatorId] = changes.reversed()
            }
        }
        return out
    }

    // MARK: Runs

    /// Scoring runs, newest first.
    public func scoringRuns(limit: Int, offset: Int, status: String?) async throws -> [ScoringRunRecord] {
        try await database.read { db in
            var query = db.select().columns(ScoringRunRecord.columns.map { SQLColumn($0) }).from("scoringRun")
            if let status { query = query.where("status", .equal, status) }
            return try await query.orderBy("id", .descending).limit(limit).offset(offset).all(decoding: ScoringRunRecord.self)
        }
    }

    public func scoringRun(id: Int64) async throws -> ScoringRunRecord? {
        try await database.read { db in
            try await db.select().columns(ScoringRunRecord.columns.map { SQLColumn($0) }).from("scoringRun").where("id", .equal, id)
                .first(decoding: ScoringRunRecord.self)
        }
    }

    public func latestCompletedRun() async throws -> ScoringRunRecord? {
        try await scoringRuns(limit: 1, offset: 0, status: "completed").first
    }

    /// Completed runs with an id above `id`, oldest first, at most 100 (subscriptions).
    public func completedRuns(after id: Int64) async throws -> [ScoringRunRecord] {
        try await database.read { db in
            try await db.select().columns(ScoringRunRecord.columns.map { SQLColumn($0) }).from("scoringRun")
                .where("status", .equal, "completed").where("id", .greaterThan, id).orderBy("id").limit(100)
                .all(decoding: ScoringRunRecord.self)
        }
    }
}

extension ReadModel {
    public struct ScoredValidator: Sendable, Decodable, Equatable {
        public let score: Double
        public let commission: Int?
        public let delinquent: Bool
    }

    /// A run's scores with the scored validators' commission and delinquency (the pipeline check's invariants).
    public func scoredValidators(run: Int64) async throws -> [ScoredValidator] {
        try await database.read { db in
            try await db.raw("""
                SELECT t."score", v."commission", v."delinquent" FROM "trustScore" t JOIN "validator" v ON v."id" = t."validatorId"
                WHERE t."scoringRunId" = \(bind: run)
                """).all(decoding: ScoredValidator.self)
        }
    }

    private struct RowCount: Decodable { let n: Int64 }

    /// Whether the final block-production totals of `epoch` are stored (a fetch after the epoch ended wrote them).
    public func hasFinalTotals(epoch: UInt64) async throws -> Bool {
        try await database.read { db in
            try await db.raw(#"SELECT COUNT(*) AS "n" FROM "validatorEpochStat" WHERE "epoch" = \#(bind: Int64(epoch)) AND "creditCeiling" IS NOT NULL"#)
                .first(decoding: RowCount.self)?.n ?? 0
        } > 0
    }
}

extension ReadModel {
    /// A keyset page of scoring runs, newest first: the runs with an id below `beforeId` (every run when nil).
    public func scoringRuns(beforeId: Int64?, limit: Int, status: String?) async throws -> [ScoringRunRecord] {
        try await database.read { db in
            var query = db.select().columns(ScoringRunRecord.columns.map { SQLColumn($0) }).from("scoringRun")
            if let status { query = query.where("status", .equal, status) }
            if let beforeId { query = query.where("id", .lessThan, beforeId) }
            return try await query.orderBy("id", .descending).limit(limit).all(decoding: ScoringRunRecord.self)
        }
    }

    public func scoringRunCount(status: String?) async throws -> Int {
        try await database.read { db in
            var sql: SQLQueryString = #"SELECT COUNT(*) AS "n" FROM "scoringRun""#
            if let status { sql += #" WHERE "status" = \#(bind: status)"# }
            return try await db.raw(sql).first(decoding: RowCount.self).map { Int($0.n) } ?? 0
        }
    }
}
