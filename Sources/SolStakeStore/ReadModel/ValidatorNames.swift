import SQLKit

/// Published names by vote account, for reports.
public enum ValidatorNames {
    private struct Row: Decodable { let voteAccount: String; let name: String? }

    public static func load(_ database: any DatabaseClient) async throws -> [String: String] {
        let rows = try await database.read { db in
            try await db.raw(#"SELECT "voteAccount", "name" FROM "validator" WHERE "name" IS NOT NULL"#).all(decoding: Row.self)
        }
        return Dictionary(rows.compactMap { row in row.name.map { (row.voteAccount, $0) } }, uniquingKeysWith: { a, _ in a })
    }
}
