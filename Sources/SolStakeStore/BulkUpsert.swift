import SolStakeCore
import SQLKit

/// A multi-row `INSERT … ON CONFLICT (…) DO UPDATE … WHERE <something changed>`, split into batches that stay under
/// both databases' bind-parameter limits (SQLite 32,766; PostgreSQL 65,535).
///
/// The `WHERE` clause makes a repeated upsert of identical data a no-op: no row is rewritten and `updatedAt` keeps its
/// value. Columns listed in `keepExisting` are merged with `COALESCE(excluded.x, existing.x)`, so a later fetch that does
/// not know a value (null) never erases one an earlier fetch stored.
struct BulkUpsert {
    let table: String
    let columns: [String]
    let conflictColumns: [String]
    /// Columns compared to decide whether a row changed; they are overwritten when it did.
    let comparedColumns: [String]
    /// Subset of `comparedColumns` where a null from the new row keeps the existing value.
    let keepExisting: Set<String>
    /// Columns set only when something else changed (e.g. `updatedAt`).
    let touchColumns: [String]
    /// Columns that keep the earliest non-null value (e.g. `firstSeenEpoch`).
    let keepFirst: Set<String>

    static let maxBindsPerStatement = 30_000

    var rowsPerStatement: Int { max(1, Self.maxBindsPerStatement / columns.count) }

    private func quoted(_ name: String) -> String { "\"\(name)\"" }

    private func newValue(_ column: String) -> String {
        let existing = "\(quoted(table)).\(quoted(column))"
        if keepExisting.contains(column) { return "COALESCE(excluded.\(quoted(column)), \(existing))" }
        if keepFirst.contains(column) { return "COALESCE(\(existing), excluded.\(quoted(column)))" }
        return "excluded.\(quoted(column))"
    }

    private var changedPredicate: String {
        comparedColumns.map { "\(newValue($0)) IS DISTINCT FROM \(quoted(table)).\(quoted($0))" }.joined(separator: " OR ")
    }

    /// Runs the upsert for all rows; returns the number of statements sent.
    @discardableResult
    func run(_ rows: [[any Encodable & Sendable]], on db: any SQLDatabase) async throws -> Int {
        var statements = 0
        var start = 0
        while start < rows.count {
            let end = min(start + rowsPerStatement, rows.count)
            var builder = db.insert(into: table).columns(columns)
            for row in rows[start..<end] {
                precondition(row.count == columns.count, "BulkUpsert row width must match its columns")
                builder = builder.values(row)
            }
            builder = builder.onConflict(with: conflictColumns) { update in
                var update = update
                for column in comparedColumns + touchColumns {
                    update = update.set(SQLColumn(column), to: SQLRaw(newValue(column)))
                }
                return update.where(SQLRaw("(\(changedPredicate))"))
            }
            try await builder.run()
            statements += 1
            start = end
        }
        return statements
    }
}

/// Conversions of unsigned chain values to SQL `BIGINT`, rejecting what does not fit.
enum SQLValue {
    static func int64(_ value: UInt64, field: @autoclosure () -> String) throws -> Int64 {
        try Lamports.storable(value, field: field())
    }

    static func int64(_ value: UInt64?, field: @autoclosure () -> String) throws -> Int64? {
        guard let value else { return nil }
        return try Lamports.storable(value, field: field())
    }
}
