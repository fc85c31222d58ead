import SQLKit

/// A whole result set as one JSON text (`[[…],[…]]`), aggregated by the database and read with `JSONRowsReader`: for
/// reads of hundreds of thousands of rows, where decoding row by row through SQLKit's `Codable` path costs far more.
enum JSONAggregate {
    /// The select list: `SELECT <aggregate>(<array>(columns) [ORDER BY …]) AS "rows"`, in the database's dialect.
    /// An empty result aggregates to NULL in PostgreSQL and to `[]` in SQLite; the reader takes both as no rows.
    static func select(_ columns: [String], orderBy: String? = nil, postgres: Bool) -> String {
        let order = orderBy.map { " ORDER BY \($0)" } ?? ""
        let list = columns.joined(separator: ", ")
        return postgres
            ? #"SELECT json_agg(json_build_array(\#(list))\#(order))::text AS "rows""#
            : #"SELECT json_group_array(json_array(\#(list))\#(order)) AS "rows""#
    }

    static func fetch(_ query: SQLQueryString, on db: any SQLDatabase) async throws -> JSONRowsReader {
        try JSONRowsReader(try await text(query, on: db))
    }

    /// The aggregate's text (its `"rows"` column), to be read later.
    static func text(_ query: SQLQueryString, on db: any SQLDatabase) async throws -> String? {
        struct Result: Decodable { let rows: String? }
        return try await db.raw(query).first(decoding: Result.self)?.rows
    }
}
