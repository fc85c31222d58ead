import SQLKit

/// A large read as a sequence of pages, each one JSON text (`JSONAggregate`'s form) of the rows whose integer key lies in
/// one range of `pageSize` consecutive values, from the table's smallest key to its largest.
///
/// One text for the whole result (at 100,000 validators the epoch stats make 18.8 MB) is built, copied, sent, received and
/// scanned at memory speed; a page (1.8 MB for 50,000 epoch stats, 0.9 MB for 10,000 validators) stays in the CPU's
/// caches through all of that. Measured on PostgreSQL: the 500,000-row aggregate took 15x the time of a 50,000-row one.
/// Pages are key ranges rather than `ORDER BY key LIMIT n` after the last key: each range is a bounded index range on
/// either database, where PostgreSQL, without statistics on a fresh table, sorted everything past the last key for every
/// page. The next page is read from the database while this one is decoded (`overlapped`). Call inside one snapshot
/// (`DatabaseClient.readSnapshot`), so that the bounds and the pages see the same rows.
struct JSONAggregatePages {
    /// Key values per page.
    static let defaultPageSize: Int64 = 50_000

    /// Selected expressions, in the order the page's rows carry them.
    let columns: [String]
    /// The table whose integer column `keyColumn` bounds the pages (its smallest and largest values, read from its index).
    let keyTable: String
    let keyColumn: String
    /// The key as the page query names it (e.g. `"id"`); in a join, every column equal to it (each gets the page's range,
    /// so that each table is read by a bounded index range: PostgreSQL does not carry a range across a join's equality).
    let keys: [String]
    /// `FROM … WHERE <condition>`: the condition is required (use `true` for none); the page's range is added to it.
    let from: SQLQueryString
    var pageSize = Self.defaultPageSize

    private struct Bounds: Decodable {
        let low: Int64?
        let high: Int64?
    }

    /// The statement of the page of keys in `low ... high`.
    func statement(_ keys: ClosedRange<Int64>, postgres: Bool) -> SQLQueryString {
        var query: SQLQueryString = "\(unsafeRaw: JSONAggregate.select(columns, postgres: postgres)) \(from)"
        for key in self.keys {
            query += " AND \(unsafeRaw: key) BETWEEN \(bind: keys.lowerBound) AND \(bind: keys.upperBound)"
        }
        return query
    }

    /// The pages' key ranges, from the key table's smallest key to its largest; none for an empty table.
    func ranges(low: Int64, high: Int64) -> [ClosedRange<Int64>] {
        guard low <= high else { return [] }
        return stride(from: low, through: high, by: Int(pageSize)).map { start in
            start...(high - start < pageSize ? high : start + pageSize - 1)
        }
    }

    /// Reads every page in key order; `decode` reads one page's rows (all of them) while the next page is being read.
    /// Returns the number of statements sent.
    @discardableResult
    func forEach(on db: any SQLDatabase, _ decode: (inout JSONRowsReader) throws -> Void) async throws -> Int {
        let postgres = SQLFlavor(of: db) == .postgres
        let bounds = try await db.raw("""
            SELECT MIN(\(ident: keyColumn)) AS "low", MAX(\(ident: keyColumn)) AS "high" FROM \(ident: keyTable)
            """).first(decoding: Bounds.self)
        guard let low = bounds?.low, let high = bounds?.high else { return 1 }
        @Sendable func read(_ page: ClosedRange<Int64>) async throws -> String? {
            try await JSONAggregate.text(statement(page, postgres: postgres), on: db)
        }
        let pages = ranges(low: low, high: high)
        var text = try await read(pages[0])
        for index in pages.indices {
            var reader = try JSONRowsReader(text)
            if index + 1 < pages.count {
                text = try await overlapped({ try await read(pages[index + 1]) }, while: { try decode(&reader) }).sent
            } else {
                try decode(&reader)
            }
        }
        return 1 + pages.count
    }
}
