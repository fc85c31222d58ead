import Foundation
import SolStakeAPI
import SolStakeApp
import Testing
import TestSupport

/// Standard GraphQL tooling against the served schema.
@Suite("GraphQL tooling")
struct GraphQLToolingTests {
    typealias H = GraphQLHarness

    /// graphql-core's full introspection query and `build_client_schema`, gql over HTTP and over the WebSocket, and a
    /// deep data query still refused (scripts/graphql_tools.py).
    @Test(.enabled(if: PythonScript.has(["graphql", "gql", "aiohttp", "websockets"]), "pip install graphql-core 'gql[aiohttp,websockets]'"))
    func standardClientsLoadTheSchema() async throws {
        try await TestDatabases.with(.sqliteMemory) { database in
            _ = try await H.seed(database, server: SimulatorHarness.syntheticServer(validators: 20))
            try await H.withApp(database) { client in
                let port = try #require(client.port)
                let run = try await PythonScript.run("scripts/graphql_tools.py", ["http://127.0.0.1:\(port)/graphql", "--schema", PythonScript.repositoryRoot.appendingPathComponent("schema.graphql").path])
                #expect(run.status == 0, "\(run.out)\n\(run.err)")
                #expect(run.out.contains("ok graphql-core") && run.out.contains("ok gql over HTTP") && run.out.contains("ok gql over WebSocket") && run.out.contains("ok the served schema equals") && run.out.contains("has a description"), "\(run.out)")
                print(run.out, terminator: "")
            }
        }
    }

    /// `schema.graphql` is the served schema: a change to the schema without regenerating it fails here.
    @Test func committedSchemaIsTheServedOne() throws {
        let committed = try String(contentsOf: PythonScript.repositoryRoot.appendingPathComponent("schema.graphql"), encoding: .utf8)
        let served = try SolStakeSchema.sdl()
        #expect(committed == served, "schema.graphql is stale: run `swift run solstake schema > schema.graphql`")
    }

    /// `__InputValue.isDeprecated` is a Boolean wherever it is selected: directly, aliased, in a fragment, on input fields.
    @Test func inputValueDeprecationAnswersPerTheSpec() async throws {
        try await TestDatabases.with(.sqliteMemory) { database in
            try await H.withApp(database) { client in
                let reply = try await H.post(client, """
                    query { __schema { queryType { fields { name args(includeDeprecated: true) { name isDeprecated gone: isDeprecated ...Why } } }
                      types { inputFields(includeDeprecated: true) { name isDeprecated } } } }
                    fragment Why on __InputValue { deprecationReason again: isDeprecated }
                    """)
                #expect(reply.errors.isEmpty, "\(reply.text.prefix(400))")
                let schema = (reply.data?["__schema"] as? [String: Any]) ?? [:]
                let fields = ((schema["queryType"] as? [String: Any])?["fields"] as? [[String: Any]]) ?? []
                let args = fields.flatMap { ($0["args"] as? [[String: Any]]) ?? [] }
                #expect(args.count > 10)
                for arg in args {
                    #expect(arg["isDeprecated"] as? Bool == (arg["deprecationReason"] is String), "\(arg)")
                    #expect(arg["gone"] as? Bool == arg["isDeprecated"] as? Bool && arg["again"] as? Bool == arg["isDeprecated"] as? Bool, "\(arg)")
                    #expect(Array(arg.keys).allSatisfy { !$0.hasPrefix("solstake") })
                }
                let inputFields = ((schema["types"] as? [[String: Any]]) ?? []).flatMap { ($0["inputFields"] as? [[String: Any]]) ?? [] }
                #expect(inputFields.allSatisfy { $0["isDeprecated"] is Bool })
                // Field order is kept: the rewritten key answers where it was asked.
                let firstArg = try #require(reply.text.range(of: #""args":[{"name":"#))
                let tail = reply.text[firstArg.upperBound...]
                let order = ["\"isDeprecated\"", "\"gone\"", "\"deprecationReason\"", "\"again\""].compactMap { tail.range(of: $0)?.lowerBound }
                #expect(order.count == 4 && order == order.sorted(), "\(tail.prefix(200))")
            }
        }
    }

    static let assets = PythonScript.repositoryRoot.appendingPathComponent(".graphiql").path
    static var chromium: Bool { ["/usr/bin/chromium", "/usr/bin/chromium-browser"].contains { FileManager.default.isExecutableFile(atPath: $0) } }

    /// GraphiQL from solstake's own assets in headless Chromium with every other host unreachable: it renders, its
    /// documentation explorer shows the schema, the default query runs, and an operation runs over the WebSocket.
    @Test(
        .enabled(if: FileManager.default.fileExists(atPath: assets + "/graphiql.min.js"), "run scripts/install-graphiql.sh"),
        .enabled(if: chromium, "apt-get install chromium"), .enabled(if: PythonScript.has(["websockets"]), "pip install websockets"))
    func graphiQLWorksOfflineInChromium() async throws {
        try await TestDatabases.with(.sqliteMemory) { database in
            _ = try await H.seed(database, server: SimulatorHarness.syntheticServer(validators: 12))
            let configuration = try await H.configuration { $0.graphQL.graphiqlAssetsDirectory = Self.assets }
            try await H.withApp(database, configuration: configuration) { client in
                let port = try #require(client.port)
                let run = try await PythonScript.run("scripts/graphiql_browser.py", ["http://127.0.0.1:\(port)/graphql"])
                #expect(run.status == 0, "\(run.out)\n\(run.err)")
                #expect(run.out.contains("documentation explorer populated") && run.out.contains("over the WebSocket") && run.out.contains("none outside 127.0.0.1"), "\(run.out)")
                print(run.out, terminator: "")
            }
        }
    }

    /// The assets are served by name only, with their types and licences; without them the page says how to install them.
    @Test func graphiQLAssetsAndTheirAbsence() async throws {
        try await TestDatabases.with(.sqliteMemory) { database in
            let missing = try await H.configuration { $0.graphQL.graphiqlAssetsDirectory = "/nonexistent-graphiql" }
            try await H.withApp(database, configuration: missing) { client in
                let page = try await client.execute(uri: "/graphql", method: .get, headers: [.accept: "text/html"]) { String(buffer: $0.body) }
                #expect(page.contains("GraphiQL is not installed") && page.contains("scripts/install-graphiql.sh") && !page.contains("unpkg"))
                #expect(try await client.execute(uri: "/graphiql/assets/graphiql.min.js", method: .get) { $0.status } == .notFound)
            }
        }
        guard FileManager.default.fileExists(atPath: Self.assets + "/graphiql.min.js") else { return }
        try await TestDatabases.with(.sqliteMemory) { database in
            let installed = try await H.configuration { $0.graphQL.graphiqlAssetsDirectory = Self.assets }
            try await H.withApp(database, configuration: installed) { client in
                let page = try await client.execute(uri: "/graphql", method: .get, headers: [.accept: "text/html"]) { String(buffer: $0.body) }
                #expect(page.contains("/graphiql/assets/graphiql.min.js") && !page.contains("https://"))
                let script = try await client.execute(uri: "/graphiql/assets/graphiql.min.js", method: .get) { ($0.status, $0.headers[.contentType]) }
                #expect(script.0 == .ok && script.1?.hasPrefix("text/javascript") == true)
                let licences = try await client.execute(uri: "/graphiql/assets/LICENSES.txt", method: .get) { ($0.status, String(buffer: $0.body)) }
                #expect(licences.0 == .ok && licences.1.contains("MIT"))
                for probe in ["..%2F..%2Fetc%2Fpasswd", "VERSION.bak", "index.html"] {
                    #expect(try await client.execute(uri: "/graphiql/assets/\(probe)", method: .get) { $0.status } == .notFound, "\(probe)")
                }
            }
        }
    }
}
