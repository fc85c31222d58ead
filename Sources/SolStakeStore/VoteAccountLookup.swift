import SQLKit

/// Stored validators for any number of vote accounts in one statement: the keys go in as one JSON array (one bind,
/// expanded by `json_each` / `jsonb_array_elements_text … WITH ORDINALITY`) and each stored one comes back as
/// `[position in the array, id(, validatorPubkey)]` in one JSON aggregate, lined up with the keys (one bind instead of
/// one per key, and no row-by-row `Codable` decoding).
enum VoteAccountLookup {
    /// What is stored for each key, at the key's position (`nil`: not stored).
    struct Found {
        var ids: [Int64?]
        /// Empty unless identities were asked for.
        var identities: [String?]
    }

    static func find<Keys: Collection<String>>(_ voteAccounts: Keys, identities: Bool, on db: any SQLDatabase) async throws -> Found {
        var found = Found(ids: [Int64?](repeating: nil, count: voteAccounts.count), identities: [])
        if identities { found.identities = [String?](repeating: nil, count: voteAccounts.count) }
        guard !voteAccounts.isEmpty else { return found }
        let postgres = SQLFlavor(of: db) == .postgres
        let keys = JSONText.array(of: voteAccounts)
        let position = postgres ? "k.n - 1" : "k.key"
        let columns = [position, #"v."id""#] + (identities ? [#"v."validatorPubkey""#] : [])
        let select = JSONAggregate.select(columns, postgres: postgres)
        let query: SQLQueryString = postgres
            ? """
                \(unsafeRaw: select) FROM jsonb_array_elements_text(\(bind: keys)::jsonb) WITH ORDINALITY AS k(value, n)
                JOIN "validator" v ON v."voteAccount" = k.value
                """
            : """
                \(unsafeRaw: select) FROM json_each(\(bind: keys)) AS k JOIN "validator" v ON v."voteAccount" = k.value
                """
        var rows = try await JSONAggregate.fetch(query, on: db)
        while try rows.nextRow() {
            guard let index = try rows.bigint(), found.ids.indices.contains(Int(index)), let id = try rows.bigint() else {
                throw DatabaseError.corruptValue(table: "validator", column: "id", detail: "a lookup row without a key position or id")
            }
            found.ids[Int(index)] = id
            if identities {
                guard let identity = try rows.text() else {
                    throw DatabaseError.corruptValue(table: "validator", column: "validatorPubkey", detail: "null where a value is required")
                }
                found.identities[Int(index)] = identity
            }
        }
        return found
    }
}
