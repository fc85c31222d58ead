import SQLKit

/// Stored validators by vote account, for up to any number of vote accounts in one statement: the keys go in as one JSON
/// array (one bind, expanded by `json_each` / `jsonb_array_elements_text`) and the rows come back as one JSON aggregate.
/// Binding 10,000 keys one by one through SQLKit and decoding the rows through `Codable` took, at 100,000 validators,
/// ~70 ms per 10,000 vote accounts for the ids and ~30 ms per 10,000 for the identity check (timers in the fetch write).
enum VoteAccountLookup {
    /// `voteAccount -> (id, validatorPubkey)` for those of `voteAccounts` that are stored.
    static func fetch(_ voteAccounts: [String], on db: any SQLDatabase) async throws -> [String: (id: Int64, identity: String)] {
        guard !voteAccounts.isEmpty else { return [:] }
        let postgres = SQLFlavor(of: db) == .postgres
        let keys = JSONText.array(of: voteAccounts)
        let select = JSONAggregate.select([#"v."id""#, #"v."voteAccount""#, #"v."validatorPubkey""#], postgres: postgres)
        let query: SQLQueryString = postgres
            ? """
                \(unsafeRaw: select) FROM "validator" v
                WHERE v."voteAccount" IN (SELECT jsonb_array_elements_text(\(bind: keys)::jsonb))
                """
            : """
                \(unsafeRaw: select) FROM "validator" v
                WHERE v."voteAccount" IN (SELECT value FROM json_each(\(bind: keys)))
                """
        var rows = try await JSONAggregate.fetch(query, on: db)
        var found: [String: (id: Int64, identity: String)] = [:]
        found.reserveCapacity(voteAccounts.count)
        while try rows.nextRow() {
            guard let id = try rows.bigint(), let vote = try rows.text(), let identity = try rows.text() else {
                throw DatabaseError.corruptValue(table: "validator", column: "id, voteAccount, validatorPubkey", detail: "null where a value is required")
            }
            found[vote] = (id, identity)
        }
        return found
    }
}
