import Foundation
import SolStakeApp
import Testing
import TestSupport

/// The schema's types say what values are: ids are IDs, states and kinds are enums, the run configuration is JSON.
@Suite("GraphQL: typed values")
struct GraphQLSchemaTypesTests {
    typealias H = GraphQLHarness

    @Test func idsEnumsAndJSON() async throws {
        try await TestDatabases.with(.sqliteMemory) { database in
            let wallets = try await H.seed(database, server: SimulatorHarness.syntheticServer(validators: 12))
            try await H.withApp(database) { client in
                let runs = try await H.post(client, "{ scoringRuns(status: completed) { id status configuration config } }")
                #expect(runs.errors.isEmpty, "\(runs.text.prefix(300))")
                let list = runs.data?["scoringRuns"] as? [[String: Any]] ?? []
                #expect(list.count == 2 && list.allSatisfy { $0["status"] as? String == "completed" && $0["id"] is String })
                for run in list {
                    // `config` is the JSON `configuration` held as text, as a value.
                    let text = try #require(run["configuration"] as? String)
                    let parsed = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? NSDictionary
                    #expect(parsed != nil && (run["config"] as? NSDictionary) == parsed, "\(run)")
                }
                // An ID argument takes a string or an integer.
                let id = try #require(list.first?["id"] as? String)
                for literal in ["\"\(id)\"", id] {
                    let one = try await H.post(client, "{ scoringRun(id: \(literal)) { id status } }")
                    #expect((one.data?["scoringRun"] as? [String: Any])?["id"] as? String == id, "\(one.text.prefix(200))")
                }
                // A status is an enum value, not a string.
                let asString = try await H.post(client, #"{ scoringRuns(status: "completed") { id } }"#)
                #expect(asString.codes == ["GRAPHQL_VALIDATION_FAILED"])
                let none = try await H.post(client, "{ scoringRuns(status: failed) { id } }")
                #expect((none.data?["scoringRuns"] as? [Any])?.isEmpty == true)

                let user = try await H.post(client, "{ user(walletPubkey: \"\(wallets[0])\") { id stakeAccounts { id state } alerts(commissionAbove: 0) { kind } } }")
                #expect(user.errors.isEmpty, "\(user.text.prefix(300))")
                let accounts = ((user.data?["user"] as? [String: Any])?["stakeAccounts"] as? [[String: Any]]) ?? []
                #expect(!accounts.isEmpty && accounts.allSatisfy { ["activating", "active", "deactivating", "inactive"].contains($0["state"] as? String ?? "") })

                let types = try await H.post(client, #"{ a: __type(name: "ScoringRun") { fields(includeDeprecated: true) { name isDeprecated deprecationReason type { name kind ofType { name kind } } } } b: __type(name: "AlertKind") { kind enumValues { name description } } }"#)
                let fields = ((types.data?["a"] as? [String: Any])?["fields"] as? [[String: Any]]) ?? []
                func type(_ name: String) -> String? {
                    let t = fields.first { $0["name"] as? String == name }?["type"] as? [String: Any]
                    return (t?["ofType"] as? [String: Any])?["name"] as? String ?? t?["name"] as? String
                }
                #expect(type("id") == "ID" && type("status") == "ScoringRunStatus" && type("config") == "JSON")
                let configuration = fields.first { $0["name"] as? String == "configuration" }
                #expect(configuration?["isDeprecated"] as? Bool == true && (configuration?["deprecationReason"] as? String)?.contains("config") == true)
                let alertKind = types.data?["b"] as? [String: Any]
                #expect(alertKind?["kind"] as? String == "ENUM" && (alertKind?["enumValues"] as? [Any])?.count == 6)
            }
        }
    }
}
