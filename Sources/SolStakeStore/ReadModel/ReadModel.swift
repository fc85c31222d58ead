import Foundation
import SQLKit

/// What the GraphQL API reads. Every method is one statement per `chunk` of keys, so a page of bounded size costs a
/// bounded number of statements, and every list comes back in a deterministic order.
public struct ReadModel: Sendable {
    public let database: any DatabaseClient
    static let chunk = 5_000

    public init(database: any DatabaseClient) { self.database = database }

    static let latestRun: SQLQueryString = #"(SELECT MAX("id") FROM "scoringRun" WHERE "status" = 'completed')"#

    /// The sort expression of an order; nulls map to a value below (score, APY) or beyond (commission) every real one so
    /// keyset paging is total.
    static func sortExpression(_ order: ValidatorOrder) -> SQLQueryString {
        switch order {
        case .SCORE: return #"COALESCE("ls"."score", -1)"#
        case .STAKE: return #""v"."activatedStake""#
        case .COMMISSION: return #"COALESCE("v"."commission", 101)"#
        case .NAME: return #"COALESCE("v"."name", '')"#
        case .APY: return #"COALESCE("v"."apyTotal", -1)"#
        }
    }

    static func sortBind(_ order: ValidatorOrder, _ text: String) -> (any Encodable & Sendable)? {
        switch order {
        case .SCORE: return Double(text)
        case .STAKE: return Int64(text)
        case .COMMISSION: return Int(text)
        case .NAME: return text
        case .APY: return Double(text)
        }
    }

    private static func fromAndWhere(_ filter: ValidatorFilter) -> SQLQueryString {
        var sql: SQLQueryString = #" FROM "validator" "v" LEFT JOIN "trustScore" "ls" ON "ls"."validatorId" = "v"."id" AND "ls"."scoringRunId" = "#
        sql += latestRun
        sql += " WHERE 1 = 1"
        if let delinquent = filter.delinquent { sql += #" AND "v"."delinquent" = \#(bind: delinquent)"# }
        if let minScore = filter.minScore { sql += #" AND "ls"."score" >= \#(bind: minScore)"# }
        if let maxCommission = filter.maxCommission { sql += #" AND "v"."commission" <= \#(bind: maxCommission)"# }
        if let minApy = filter.minApy { sql += #" AND "v"."apyTotal" >= \#(bind: minApy)"# }
        if let search = filter.search, !search.isEmpty {
            let pattern = "%" + search.lowercased().replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%")
                .replacingOccurrences(of: "_", with: "\\_") + "%"
            sql += #" AND (LOWER("v"."name") LIKE \#(bind: pattern) ESCAPE '\' OR "v"."voteAccount" = \#(bind: search) OR "v"."validatorPubkey" = \#(bind: search))"#
        }
        return sql
    }

    private struct ValidatorWithScore: Decodable {
        let validator: ValidatorRecord
        let sortScore: Double?
        init(from decoder: any Decoder) throws {
            validator = try ValidatorRecord(from: decoder)
            sortScore = try decoder.container(keyedBy: Key.self).decodeIfPresent(Double.self, forKey: .sortScore)
        }
        enum Key: String, CodingKey { case sortScore }
    }

    /// A page of validators: `limit` rows after `offset`, or after `cursor` (keyset) when given.
    public func validators(
        filter: ValidatorFilter, order: ValidatorOrder, direction: SortDirection, limit: Int, offset: Int = 0,
        after cursor: ValidatorCursor? = nil
    ) async throws -> [(validator: ValidatorRecord, cursor: ValidatorCursor)] {
        var sql: SQLQueryString = "SELECT "
        sql += SQLQueryString(ValidatorRecord.columns.map { #""v"."\#($0)""# }.joined(separator: ", ") + #", "ls"."score" AS "sortScore""#)
        sql += Self.fromAndWhere(filter)
        let sort = Self.sortExpression(order)
        let op = direction == .ASC ? ">" : "<"
        if let cursor, let value = Self.sortBind(order, cursor.value) {
            sql += " AND (" + sort + " \(unsafeRaw: op) \(bind: value) OR (" + sort + #" = \#(bind: value) AND "v"."id" \#(unsafeRaw: op) \#(bind: cursor.id)))"#
        }
        sql += " ORDER BY " + sort + " \(unsafeRaw: direction.rawValue), \"v\".\"id\" \(unsafeRaw: direction.rawValue)"
        sql += " LIMIT \(bind: limit) OFFSET \(bind: offset)"
        let rows = try await database.read { db in try await db.raw(sql).all(decoding: ValidatorWithScore.self) }
        return rows.map { ($0.validator, ValidatorCursor(order: order, direction: direction, validator: $0.validator, score: $0.sortScore)) }
    }

    private struct CountRow: Decodable { let n: Int64 }

    public func validatorCount(filter: ValidatorFilter) async throws -> Int {
        var sql: SQLQueryString = #"SELECT COUNT(*) AS "n""#
        sql += Self.fromAndWhere(filter)
        return Int(try await database.read { db in try await db.raw(sql).first(decoding: CountRow.self)?.n ?? 0 })
    }

    /// The validator with this vote account and/or identity (the most staked one if an identity runs several).
    public func validator(voteAccount: String?, validatorPubkey: String?) async throws -> ValidatorRecord? {
        try await database.read { db in
            var query = db.select().columns(ValidatorRecord.columns.map { SQLColumn($0) }).from("validator")
            if let voteAccount { query = query.where("voteAccount", .equal, voteAccount) }
            if let validatorPubkey { query = query.where("validatorPubkey", .equal, validatorPubkey) }
            return try await query.orderBy("activatedStake", .descending).orderBy("id").limit(1).first(decoding: ValidatorRecord.self)
        }
    }

    public func validators(ids: [Int64]) async throws -> [Int64: ValidatorRecord] {
        var out: [Int64: ValidatorRecord] = [:]
        for part in ids.chunked(Self.chunk) {
            let rows = try await database.read { db in
                try await db.select().columns(ValidatorRecord.columns.map { SQLColumn($0) }).from("validator").where("id", .in, part)
                    .all(decoding: ValidatorRecord.self)
            }
            for row in rows { out[row.id] = row }
        }
        return out
    }

    /// Every validator with its score in the latest completed run: the network summary and recommendations.
    public func networkValidators() async throws -> [NetworkValidator] {
        try await database.read { db in
            try await db.raw("""
                SELECT "v"."id", "v"."voteAccount", "v"."activatedStake", "v"."delinquent", "v"."version", "v"."gossipIp", "v"."commission",
                       "v"."skipRate", "ls"."score"
                FROM "validator" "v" LEFT JOIN "trustScore" "ls" ON "ls"."validatorId" = "v"."id" AND "ls"."scoringRunId" = \(Self.latestRun)
                ORDER BY "v"."id"
                """).all(decoding: NetworkValidator.self)
        }
    }

    private struct EpochRow: Decodable { let epoch: Int64? }

    /// The epoch of the latest fetch.
    public func latestEpoch() async throws -> Int64? {
        try await database.read { db in
            try await db.raw(#"SELECT MAX("epoch") AS "epoch" FROM "fetchRun""#).first(decoding: EpochRow.self)?.epoch
        }
    }

    /// The newest epoch's yield-estimate inputs (nil before a fetch could read them).
    public func latestEconomics() async throws -> EpochEconomicsStore.Row? {
        try await database.read { db in try await EpochEconomicsStore.latest(on: db) }
    }
}

extension Array {
    func chunked(_ size: Int) -> [[Element]] {
        guard count > size else { return isEmpty ? [] : [self] }
        return stride(from: 0, to: count, by: size).map { Array(self[$0..<Swift.min($0 + size, count)]) }
    }
}
