import Foundation
import SQLKit
import SolStakeCore
import SolStakeStore

/// The SQL behind the GraphQL schema. Every method is one statement (IN lists are chunked at `chunk` keys, so a page of
/// bounded size costs a bounded number of statements), and every list comes back in a deterministic order.
public struct GraphQLRepository: Sendable {
    public let database: any DatabaseClient
    static let chunk = 5_000

    public init(database: any DatabaseClient) { self.database = database }

    // MARK: Validators

    public enum ValidatorOrder: String, Sendable, Codable, CaseIterable {
        case SCORE, STAKE, COMMISSION, NAME
    }

    public enum Direction: String, Sendable, Codable, CaseIterable {
        case ASC, DESC
    }

    public struct ValidatorFilter: Sendable, Equatable {
        public var delinquent: Bool?
        public var minScore: Double?
        public var maxCommission: Int?
        public var search: String?

        public init(delinquent: Bool? = nil, minScore: Double? = nil, maxCommission: Int? = nil, search: String? = nil) {
            self.delinquent = delinquent
            self.minScore = minScore
            self.maxCommission = maxCommission
            self.search = search
        }
    }

    /// The position of a row in an ordering: the sort value (as text, typed by the order) and the id.
    public struct Cursor: Codable, Sendable, Equatable {
        public var order: ValidatorOrder
        public var direction: Direction
        public var value: String
        public var id: Int64

        public init(order: ValidatorOrder, direction: Direction, value: String, id: Int64) {
            self.order = order
            self.direction = direction
            self.value = value
            self.id = id
        }

        public var encoded: String { Data(try! JSONEncoder().encode(self)).base64EncodedString() }

        public static func decode(_ text: String) -> Cursor? {
            guard let data = Data(base64Encoded: text) else { return nil }
            return try? JSONDecoder().decode(Cursor.self, from: data)
        }
    }

    static let latestRun: SQLQueryString = #"(SELECT MAX("id") FROM "scoringRun" WHERE "status" = 'completed')"#

    /// The sort expression of an order; nulls are mapped to a value below (score) or beyond (commission) every real one
    /// so keyset paging is total.
    static func sortExpression(_ order: ValidatorOrder) -> SQLQueryString {
        switch order {
        case .SCORE: return #"COALESCE("ls"."score", -1)"#
        case .STAKE: return #""v"."activatedStake""#
        case .COMMISSION: return #"COALESCE("v"."commission", 101)"#
        case .NAME: return #"COALESCE("v"."name", '')"#
        }
    }

    func sortBind(_ order: ValidatorOrder, _ text: String) -> (any Encodable & Sendable)? {
        switch order {
        case .SCORE: return Double(text)
        case .STAKE: return Int64(text)
        case .COMMISSION: return Int(text)
        case .NAME: return text
        }
    }

    private func fromAndWhere(_ filter: ValidatorFilter) -> SQLQueryString {
        var sql: SQLQueryString = #" FROM "validator" "v" LEFT JOIN "trustScore" "ls" ON "ls"."validatorId" = "v"."id" AND "ls"."scoringRunId" = "#
        sql += Self.latestRun
        sql += " WHERE 1 = 1"
        if let delinquent = filter.delinquent { sql += #" AND "v"."delinquent" = \#(bind: delinquent)"# }
        if let minScore = filter.minScore { sql += #" AND "ls"."score" >= \#(bind: minScore)"# }
        if let maxCommission = filter.maxCommission { sql += #" AND "v"."commission" <= \#(bind: maxCommission)"# }
        if let search = filter.search, !search.isEmpty {
            let pattern = "%" + search.lowercased().replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%")
                .replacingOccurrences(of: "_", with: "\\_") + "%"
            sql += #" AND (LOWER("v"."name") LIKE \#(bind: pattern) ESCAPE '\' OR "v"."voteAccount" = \#(bind: search) OR "v"."validatorPubkey" = \#(bind: search))"#
        }
        return sql
    }

    private var selectColumns: SQLQueryString {
        SQLQueryString(ValidatorNode.columns.map { #""v"."\#($0)""# }.joined(separator: ", ") + #", "ls"."score" AS "sortScore""#)
    }

    struct ValidatorWithScore: Decodable {
        let validator: ValidatorNode
        let sortScore: Double?
        init(from decoder: any Decoder) throws {
            validator = try ValidatorNode(from: decoder)
            sortScore = try decoder.container(keyedBy: Key.self).decodeIfPresent(Double.self, forKey: .sortScore)
        }
        enum Key: String, CodingKey { case sortScore }
    }

    /// A page of validators: `limit` rows after `offset`, or after `cursor` (keyset) when given.
    public func validators(
        filter: ValidatorFilter, order: ValidatorOrder, direction: Direction, limit: Int, offset: Int = 0, after cursor: Cursor? = nil
    ) async throws -> [(node: ValidatorNode, cursor: Cursor)] {
        var sql: SQLQueryString = "SELECT "
        sql += selectColumns
        sql += fromAndWhere(filter)
        let sort = Self.sortExpression(order)
        let op = direction == .ASC ? ">" : "<"
        if let cursor, let value = sortBind(order, cursor.value) {
            sql += " AND (" + sort + " \(unsafeRaw: op) \(bind: value) OR (" + sort + #" = \#(bind: value) AND "v"."id" \#(unsafeRaw: op) \#(bind: cursor.id)))"#
        }
        sql += " ORDER BY " + sort + " \(unsafeRaw: direction.rawValue), \"v\".\"id\" \(unsafeRaw: direction.rawValue)"
        sql += " LIMIT \(bind: limit) OFFSET \(bind: offset)"
        let rows = try await database.read { db in try await db.raw(sql).all(decoding: ValidatorWithScore.self) }
        return rows.map { row in
            let value: String
            switch order {
            case .SCORE: value = String(row.sortScore ?? -1)
            case .STAKE: value = String(row.validator.activatedStakeStored)
            case .COMMISSION: value = String(row.validator.commission ?? 101)
            case .NAME: value = row.validator.name ?? ""
            }
            return (row.validator, Cursor(order: order, direction: direction, value: value, id: row.validator.id))
        }
    }

    struct CountRow: Decodable { let n: Int64 }

    public func validatorCount(filter: ValidatorFilter) async throws -> Int {
        var sql: SQLQueryString = #"SELECT COUNT(*) AS "n""#
        sql += fromAndWhere(filter)
        return Int(try await database.read { db in try await db.raw(sql).first(decoding: CountRow.self)?.n ?? 0 })
    }

    public func validator(voteAccount: String?, validatorPubkey: String?) async throws -> ValidatorNode? {
        try await database.read { db in
            var query = db.select().columns(ValidatorNode.columns.map { SQLColumn($0) }).from("validator")
            if let voteAccount { query = query.where("voteAccount", .equal, voteAccount) }
            if let validatorPubkey { query = query.where("validatorPubkey", .equal, validatorPubkey) }
            return try await query.orderBy("activatedStake", .descending).orderBy("id").limit(1).first(decoding: ValidatorNode.self)
        }
    }

    public func validators(ids: [Int64]) async throws -> [Int64: ValidatorNode] {
        var out: [Int64: ValidatorNode] = [:]
        for part in ids.chunked(Self.chunk) {
            let rows = try await database.read { db in
                try await db.select().columns(ValidatorNode.columns.map { SQLColumn($0) }).from("validator").where("id", .in, part)
                    .all(decoding: ValidatorNode.self)
            }
            for row in rows { out[row.id] = row }
        }
        return out
    }

    // MARK: Scores

    /// Each validator's most recent trust score (scores are only written by completed runs).
    public func latestScores(validatorIds: [Int64]) async throws -> [Int64: TrustScoreNode] {
        var out: [Int64: TrustScoreNode] = [:]
        for part in validatorIds.chunked(Self.chunk) {
            let columns = TrustScoreNode.columns.map { #""t"."\#($0)""# }.joined(separator: ", ")
            let sql: SQLQueryString = """
                SELECT \(unsafeRaw: columns) FROM "trustScore" "t"
                JOIN (SELECT MAX("id") AS "id" FROM "trustScore" WHERE "validatorId" IN (\(binds: part)) GROUP BY "validatorId") "m"
                  ON "m"."id" = "t"."id"
                """
            let rows = try await database.read { db in try await db.raw(sql).all(decoding: TrustScoreNode.self) }
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
    public func scores(runIds: [Int64], limit: Int) async throws -> [Int64: [TrustScoreNode]] {
        try await ranked(
            TrustScoreNode.self, table: "trustScore", columns: TrustScoreNode.columns, key: "scoringRunId", keys: runIds,
            rankOrder: #""score" DESC, "validatorId""#, limit: limit, group: \.scoringRunIdValue)
    }

    /// Validators' score history, newest first, at most `limit` each.
    public func scoreHistory(validatorIds: [Int64], limit: Int) async throws -> [Int64: [TrustScoreNode]] {
        try await ranked(
            TrustScoreNode.self, table: "trustScore", columns: TrustScoreNode.columns, key: "validatorId", keys: validatorIds,
            rankOrder: #""id" DESC"#, limit: limit, group: \.validatorId)
    }

    /// Each validator's score in the completed run before its latest one (for score-drop alerts).
    public func previousScores(validatorIds: [Int64]) async throws -> [Int64: TrustScoreNode] {
        try await scoreHistory(validatorIds: validatorIds, limit: 2).compactMapValues { $0.count == 2 ? $0[1] : nil }
    }

    // MARK: History

    public func epochStats(validatorIds: [Int64], limit: Int) async throws -> [Int64: [EpochStatNode]] {
        try await ranked(
            EpochStatNode.self, table: "validatorEpochStat", columns: EpochStatNode.columns, key: "validatorId", keys: validatorIds,
            rankOrder: #""epoch" DESC"#, limit: limit, group: \.validatorId)
    }

    struct ObservationRow: Decodable { let validatorId: Int64; let epoch: Int64; let commission: Int?; let observedAt: Int64 }
    struct StatCommissionRow: Decodable { let validatorId: Int64; let epoch: Int64; let commission: Int? }

    /// Commission changes, newest first: from per-epoch stats and from every observation (fetches within an epoch).
    public func commissionHistory(validatorIds: [Int64]) async throws -> [Int64: [CommissionChangeNode]] {
        var out: [Int64: [CommissionChangeNode]] = [:]
        for part in validatorIds.chunked(Self.chunk) {
            let rows = try await database.read { db in
                try await db.raw("""
                    SELECT "validatorId", "epoch", "commission", "observedAt" FROM "validatorObservation"
                    WHERE "validatorId" IN (\(binds: part)) ORDER BY "validatorId", "observedAt", "id"
                    """).all(decoding: ObservationRow.self)
            }
            for (validatorId, observations) in Dictionary(grouping: rows, by: \.validatorId) {
                var changes: [CommissionChangeNode] = []
                for (previous, current) in zip(observations, observations.dropFirst()) where previous.commission != current.commission {
                    changes.append(CommissionChangeNode(
                        epoch: current.epoch, from: previous.commission, to: current.commission, observedAt: DateTime(millis: current.observedAt)))
                }
                out[validatorId] = changes.reversed()
            }
        }
        return out
    }

    // MARK: Runs

    public func scoringRuns(limit: Int, offset: Int, status: String?) async throws -> [ScoringRunNode] {
        try await database.read { db in
            var query = db.select().columns(ScoringRunNode.columns.map { SQLColumn($0) }).from("scoringRun")
            if let status { query = query.where("status", .equal, status) }
            return try await query.orderBy("id", .descending).limit(limit).offset(offset).all(decoding: ScoringRunNode.self)
        }
    }

    public func scoringRun(id: Int64) async throws -> ScoringRunNode? {
        try await database.read { db in
            try await db.select().columns(ScoringRunNode.columns.map { SQLColumn($0) }).from("scoringRun").where("id", .equal, id)
                .first(decoding: ScoringRunNode.self)
        }
    }

    public func latestCompletedRun() async throws -> ScoringRunNode? {
        try await scoringRuns(limit: 1, offset: 0, status: "completed").first
    }

    /// Completed runs with an id above `id`, oldest first (subscriptions).
    public func completedRuns(after id: Int64) async throws -> [ScoringRunNode] {
        try await database.read { db in
            try await db.select().columns(ScoringRunNode.columns.map { SQLColumn($0) }).from("scoringRun")
                .where("status", .equal, "completed").where("id", .greaterThan, id).orderBy("id").limit(100)
                .all(decoding: ScoringRunNode.self)
        }
    }

    // MARK: Stakers

    public func users(limit: Int, offset: Int) async throws -> [UserNode] {
        try await database.read { db in
            try await db.select().columns(UserNode.columns.map { SQLColumn($0) }).from("user").orderBy("id").limit(limit).offset(offset)
                .all(decoding: UserNode.self)
        }
    }

    public func user(walletPubkey: String) async throws -> UserNode? {
        try await database.read { db in
            try await db.select().columns(UserNode.columns.map { SQLColumn($0) }).from("user").where("walletPubkey", .equal, walletPubkey)
                .first(decoding: UserNode.self)
        }
    }

    public func stakeAccounts(userIds: [Int64], includeClosed: Bool) async throws -> [Int64: [StakeAccountNode]] {
        var out: [Int64: [StakeAccountNode]] = [:]
        for part in userIds.chunked(Self.chunk) {
            let rows = try await database.read { db in
                var query = db.select().columns(StakeAccountNode.columns.map { SQLColumn($0) }).from("stakeAccount").where("userId", .in, part)
                if !includeClosed { query = query.where("closedAt", .is, SQLLiteral.null) }
                return try await query.orderBy("userId").orderBy("pubkey").all(decoding: StakeAccountNode.self)
            }
            for row in rows { out[row.userId ?? 0, default: []].append(row) }
        }
        return out
    }

    // MARK: Network

    struct NetworkRow: Decodable {
        let id: Int64
        let voteAccount: String
        let activatedStake: Int64
        let delinquent: Bool
        let version: String?
        let gossipIp: String?
        let commission: Int?
        let skipRate: Double?
        let score: Double?

        var stake: UInt64 { UInt64(max(0, activatedStake)) }
    }

    /// Every validator with its score in the latest completed run: the network summary and recommendations.
    func networkRows() async throws -> [NetworkRow] {
        try await database.read { db in
            try await db.raw("""
                SELECT "v"."id", "v"."voteAccount", "v"."activatedStake", "v"."delinquent", "v"."version", "v"."gossipIp", "v"."commission",
                       "v"."skipRate", "ls"."score"
                FROM "validator" "v" LEFT JOIN "trustScore" "ls" ON "ls"."validatorId" = "v"."id" AND "ls"."scoringRunId" = \(Self.latestRun)
                ORDER BY "v"."id"
                """).all(decoding: NetworkRow.self)
        }
    }

    struct EpochRow: Decodable { let epoch: Int64? }

    func latestEpoch() async throws -> Int64? {
        try await database.read { db in
            try await db.raw(#"SELECT MAX("epoch") AS "epoch" FROM "fetchRun""#).first(decoding: EpochRow.self)?.epoch
        }
    }
}

extension Array {
    func chunked(_ size: Int) -> [[Element]] {
        guard count > size else { return isEmpty ? [] : [self] }
        return stride(from: 0, to: count, by: size).map { Array(self[$0..<Swift.min($0 + size, count)]) }
    }
}
