import SolStakeCore
import SQLKit

/// The SQL type of a column written by `BulkInsert` (PostgreSQL casts the JSON text to it; SQLite's column affinity
/// does the same work).
enum BulkColumnType {
    case bigint, integer, text, boolean, double

    var postgresCast: String? {
        switch self {
        case .bigint: "bigint"
        case .integer: "integer"
        case .text: nil
        case .boolean: "boolean"
        case .double: "double precision"
        }
    }
}

struct BulkColumn {
    let name: String
    let type: BulkColumnType

    static func bigint(_ name: String) -> Self { .init(name: name, type: .bigint) }
    static func integer(_ name: String) -> Self { .init(name: name, type: .integer) }
    static func text(_ name: String) -> Self { .init(name: name, type: .text) }
    static func boolean(_ name: String) -> Self { .init(name: name, type: .boolean) }
    static func double(_ name: String) -> Self { .init(name: name, type: .double) }
}

/// A multi-row `INSERT … SELECT` over one JSON document of rows (`JSONRows`), optionally `ON CONFLICT … DO NOTHING` or
/// `DO UPDATE … WHERE <something changed>`, split into statements of `rowsPerStatement` rows.
///
/// The update's `WHERE` clause makes a repeated upsert of identical data a no-op: no row is rewritten and `updatedAt`
/// keeps its value. Columns in `keepExisting` are merged with `COALESCE(excluded.x, existing.x)`, so a later fetch that
/// does not know a value (null) never erases one an earlier fetch stored; `keepFirst` columns keep the earliest
/// non-null value (e.g. `firstSeenEpoch`); `touchColumns` are set only when something else changed (e.g. `updatedAt`).
struct BulkInsert {
    struct Update {
        let conflictColumns: [String]
        /// Columns compared to decide whether a row changed; they are overwritten when it did.
        let comparedColumns: [String]
        let keepExisting: Set<String>
        let touchColumns: [String]
        let keepFirst: Set<String>
        /// Columns that take the smaller of the stored and the new value (an imported `firstSeenEpoch`).
        var keepLeast: Set<String> = []
        /// Columns updated only where a condition on the stored row holds (SQL, the table named by its quoted name).
        var onlyWhere: [String: String] = [:]
    }

    enum OnConflict {
        case fail
        case ignore(columns: [String])
        case update(Update)
    }

    let table: String
    let columns: [BulkColumn]
    let onConflict: OnConflict

    static let rowsPerStatement = 10_000

    private static func quoted(_ name: String) -> String { "\"\(name)\"" }

    private var conflictClause: String {
        switch onConflict {
        case .fail:
            return ""
        case .ignore(let columns):
            return " ON CONFLICT (\(columns.map(Self.quoted).joined(separator: ", "))) DO NOTHING"
        case .update(let update):
            let table = Self.quoted(table)
            func newValue(_ column: String) -> String {
                let existing = "\(table).\(Self.quoted(column))"
                let incoming = "excluded.\(Self.quoted(column))"
                let value: String
                if update.keepExisting.contains(column) {
                    value = "COALESCE(\(incoming), \(existing))"
                } else if update.keepFirst.contains(column) {
                    value = "COALESCE(\(existing), \(incoming))"
                } else if update.keepLeast.contains(column) {
                    value = "CASE WHEN \(existing) IS NULL OR \(incoming) < \(existing) THEN \(incoming) ELSE \(existing) END"
                } else {
                    value = incoming
                }
                guard let condition = update.onlyWhere[column] else { return value }
                return "CASE WHEN \(condition) THEN \(value) ELSE \(existing) END"
            }
            let set = (update.comparedColumns + update.touchColumns).map { "\(Self.quoted($0)) = \(newValue($0))" }
            let changed = update.comparedColumns.map { "\(newValue($0)) IS DISTINCT FROM \(table).\(Self.quoted($0))" }
            return " ON CONFLICT (\(update.conflictColumns.map(Self.quoted).joined(separator: ", "))) DO UPDATE SET "
                + set.joined(separator: ", ") + " WHERE (" + changed.joined(separator: " OR ") + ")"
        }
    }

    /// The statement around its one bind: (text before, text after).
    func statement(postgres: Bool) -> (head: String, tail: String) {
        let insert = "INSERT INTO \(Self.quoted(table)) (\(columns.map { Self.quoted($0.name) }.joined(separator: ", "))) SELECT "
        if postgres {
            let values = columns.enumerated().map { index, column in
                column.type.postgresCast.map { "(e->>\(index))::\($0)" } ?? "e->>\(index)"
            }
            // jsonb, not json: `->>` on a json value rescans its text from the start for every column.
            return (insert + values.joined(separator: ", ") + " FROM jsonb_array_elements(", "::jsonb) AS r(e)" + conflictClause)
        }
        // SQLite: `jsonb_each` parses the document once and hands each row over as a JSONB blob, which `->>` reads without
        // parsing text again (`json_each` would print every row back to text first). `->>` yields INTEGER, REAL, TEXT or
        // NULL (JSON true/false as 1/0). `WHERE true` resolves the parser's ambiguity between an upsert's ON CONFLICT and
        // a join constraint.
        let values = columns.indices.map { "value ->> \($0)" }
        return (insert + values.joined(separator: ", ") + " FROM jsonb_each(", ") WHERE true" + conflictClause)
    }

    /// Writes all rows, `rowsPerStatement` per statement in row order; `write` adds one row's values in column order.
    func run<Rows: Collection>(
        _ rows: Rows, on db: any SQLDatabase, row write: (Rows.Element, inout JSONRows.Row) throws -> Void
    ) async throws {
        guard !rows.isEmpty else { return }
        let (head, tail) = statement(postgres: SQLFlavor(of: db) == .postgres)
        var document = JSONRows(width: columns.count, reservingRows: Swift.min(rows.count, Self.rowsPerStatement))
        for element in rows {
            try document.append { try write(element, &$0) }
            if document.count == Self.rowsPerStatement {
                try await db.raw("\(unsafeRaw: head)\(bind: document.text)\(unsafeRaw: tail)").run()
                document = JSONRows(width: columns.count, reservingRows: Self.rowsPerStatement)
            }
        }
        if document.count > 0 { try await db.raw("\(unsafeRaw: head)\(bind: document.text)\(unsafeRaw: tail)").run() }
    }
}

/// Conversions of unsigned chain values to SQL `BIGINT`, rejecting what does not fit (null stays null).
enum SQLValue {
    static func int64(_ value: UInt64?, field: @autoclosure () -> String) throws -> Int64? {
        guard let value else { return nil }
        return try Lamports.storable(value, field: field())
    }
}
