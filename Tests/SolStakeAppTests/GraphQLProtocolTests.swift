import Foundation
import Hummingbird
import HTTPTypes
import HummingbirdTesting
import NIOCore
import SQLKit
import SolStakeAPI
import SolStakeApp
import SolStakeStore
import Testing
import TestSupport

/// GraphQL-over-HTTP: methods, media types and status codes, limits, rate limiting, CORS, masking, GraphiQL.
@Suite("GraphQL over HTTP: the protocol")
struct GraphQLProtocolTests {
    typealias H = GraphQLHarness
    let query = "{ latestScoringRun { id } }"

    @Test func methodsMediaTypesAndStatusCodes() async throws {
        try await TestDatabases.with(.sqliteMemory) { database in
            try await H.withApp(database) { client in
                // GET with query, variables and operationName in the URL; `/` is the same endpoint.
                for path in ["/graphql", "/"] {
                    let get = try await H.get(client, ["query": "query Q($n: Int) { validators(limit: $n) { id } }", "variables": #"{"n": 1}"#, "operationName": "Q"], path: path)
                    #expect(get.status == .ok && get.errors.isEmpty && get.headers[.contentType]?.hasPrefix("application/json") == true)
                }
                // Form encoding, as URLSearchParams and curl --data-urlencode send it: `+` is a space, `%2B` a plus.
                func raw(_ query: String) async throws -> H.Reply { try await client.execute(uri: "/graphql?" + query, method: .get) { H.reply($0) } }
                let form = try await raw("query=query+Q(%24n%3A+Int)+%7B+validators(limit%3A+%24n)+%7B+id+%7D+%7D&variables=%7B%22n%22%3A+1%7D&operationName=Q")
                #expect(form.status == .ok && form.errors.isEmpty, "\(form.text.prefix(300))")
                let plus = try await raw("query=%7B+validators(search%3A+%22a%2Bb%22)+%7B+id+%7D+%7D")
                #expect(plus.status == .ok && plus.errors.isEmpty, "\(plus.text.prefix(300))")
                let badEscape = try await raw("query=%7B+validators+%7B+id+%7D+%7D%ZZ")
                #expect(badEscape.status == .badRequest && badEscape.text.contains("not valid percent-encoded UTF-8"), "\(badEscape.text)")
                let twice = try await raw("query=%7B+a+%7D&query=%7B+b+%7D")
                #expect(twice.status == .badRequest && twice.text.contains("given more than once"), "\(twice.text)")
                // A mutation over GET: 405 with Allow: POST.
                let mutation = try await H.get(client, ["query": "mutation { enqueueJob(kind: FETCH) { id } }"])
                #expect(mutation.status == .methodNotAllowed && mutation.headers[.allow] == "POST")

                // Accept negotiation.
                func post(_ body: String, accept: String?, contentType: String? = "application/json") async throws -> H.Reply {
                    var headers = HTTPFields()
                    if let accept { headers[.accept] = accept }
                    if let contentType { headers[.contentType] = contentType }
                    return try await client.execute(uri: "/graphql", method: .post, headers: headers, body: ByteBuffer(string: body)) { H.reply($0) }
                }
                let graphQLResponse = try await post(#"{"query":"{ latestScoringRun { id } }"}"#, accept: "application/graphql-response+json")
                #expect(graphQLResponse.status == .ok && graphQLResponse.headers[.contentType]?.hasPrefix("application/graphql-response+json") == true)
                let any = try await post(#"{"query":"{ latestScoringRun { id } }"}"#, accept: "*/*")
                #expect(any.headers[.contentType]?.hasPrefix("application/json") == true)
                let none = try await post(#"{"query":"{ latestScoringRun { id } }"}"#, accept: nil)
                #expect(none.status == .ok && none.headers[.contentType]?.hasPrefix("application/json") == true)
                let unacceptable = try await post(#"{"query":"{ latestScoringRun { id } }"}"#, accept: "text/plain")
                #expect(unacceptable.status == .notAcceptable)

                // null operationName / variables / extensions mean absent.
                let nulls = try await post(#"{"query":"{ latestScoringRun { id } }","operationName":null,"variables":null,"extensions":null}"#, accept: nil)
                #expect(nulls.status == .ok && nulls.errors.isEmpty)

                // Malformed requests: 400 (or 415 for the media type) whatever the Accept.
                for (body, contentType, status) in [
                    ("{not json", "application/json", HTTPResponse.Status.badRequest),
                    (#"["query"]"#, "application/json", .badRequest),
                    (#"{"variables":{}}"#, "application/json", .badRequest),
                    (#"{"query":42}"#, "application/json", .badRequest),
                    (#"{"query":"{ latestScoringRun { id } }","variables":[1]}"#, "application/json", .badRequest),
                    (#"{"query":"{ latestScoringRun { id } }"}"#, "text/plain", .unsupportedMediaType),
                    (#"{"query":"{ latestScoringRun { id } }"}"#, nil, .unsupportedMediaType),
                ] as [(String, String?, HTTPResponse.Status)] {
                    for accept in ["application/json", "application/graphql-response+json"] {
                        let reply = try await post(body, accept: accept, contentType: contentType)
                        #expect(reply.status == status, "\(body) as \(contentType ?? "none") -> \(reply.status)")
                    }
                }

                // Well-formed requests whose document fails: 200 with application/json, 400 with graphql-response+json.
                for (document, code) in [("{ validators { ", "GRAPHQL_PARSE_FAILED"), ("{ noSuchField }", "GRAPHQL_VALIDATION_FAILED")] {
                    let body = String(decoding: try JSONSerialization.data(withJSONObject: ["query": document]), as: UTF8.self)
                    let json = try await post(body, accept: "application/json")
                    #expect(json.status == .ok && json.codes == [code] && json.json["data"] == nil)
                    #expect(json.errors.allSatisfy { $0["path"] == nil && $0["locations"] != nil }, "request errors have no path")
                    let spec = try await post(body, accept: "application/graphql-response+json")
                    #expect(spec.status == .badRequest && spec.codes == [code])
                }
                // A variable of the wrong type is the client's input.
                let badVariable = try await H.post(client, "query Q($n: Int) { validators(limit: $n) { id } }", variables: ["n": "ten"])
                #expect(badVariable.codes.allSatisfy { $0 == "BAD_USER_INPUT" } && !badVariable.codes.isEmpty)

                // GraphiQL for browsers.
                try await client.execute(uri: "/graphql", method: .get, headers: [.accept: "text/html,application/xhtml+xml"]) { response in
                    #expect(response.status == .ok && String(buffer: response.body).contains("graphiql"))
                }

                // Body over the limit: 413, refused on its declared length; the connection closes (last: the test
                // client has one connection).
                let huge = String(repeating: " ", count: 1_100_000)
                let tooLarge = try await post(#"{"query":"{ latestScoringRun { id } }"\#(huge)}"#, accept: nil)
                #expect(tooLarge.status == .contentTooLarge && tooLarge.headers[.connection] == "close")
            }
        }
    }

    @Test func limits() async throws {
        let configuration = try await H.configuration([.graphQLMaxDepth: "5", .graphQLMaxAliases: "3", .graphQLMaxCost: "500", .graphQLMaxQueryBytes: "2048"])
        // On an empty database every list is empty: asking for all of them costs nothing.
        try await TestDatabases.with(.sqliteMemory) { database in
            try await H.withApp(database, configuration: configuration) { client in
                let empty = try await H.post(client, "{ validators { trustScores { score } } }")
                #expect(empty.errors.isEmpty)
            }
        }
        try await TestDatabases.with(.sqliteMemory) { database in
            _ = try await H.seed(database, server: SimulatorHarness.syntheticServer(validators: 60))
            try await H.withApp(database, configuration: configuration) { client in
                let deep = try await H.post(client, "{ scoringRuns { trustScores { validator { trustScores { validator { id } } } } } }")
                #expect(deep.codes == ["QUERY_TOO_DEEP"])
                let aliases = try await H.post(client, "{ a: latestScoringRun { id } b: latestScoringRun { id } c: latestScoringRun { id } d: latestScoringRun { id } }")
                #expect(aliases.codes == ["TOO_MANY_ALIASES"])
                // Every validator there is (60, not the 10,000 a page may hold) x scores (10 each): over 500; a page of 10 passes.
                let costly = try await H.post(client, "{ validators { trustScores { score } } }")
                #expect(costly.codes == ["QUERY_TOO_COMPLEX"], "\(costly.text.prefix(300))")
                #expect(costly.text.contains("estimated cost is 660"), "\(costly.text.prefix(300))")
                let affordable = try await H.post(client, "{ validators(limit: 10) { trustScores { score } } }")
                #expect(affordable.errors.isEmpty)
                // Page sizes given by variables count too; fragments are expanded.
                let viaVariable = try await H.post(client, "query Q($n: Int) { ...F } fragment F on Query { validators(limit: $n) { trustScores { score } } }", variables: ["n": 10_000])
                #expect(viaVariable.codes == ["QUERY_TOO_COMPLEX"])
                let long = try await H.post(client, "{ latestScoringRun { id } }" + String(repeating: " ", count: 3_000))
                #expect(long.codes == ["QUERY_TOO_LARGE"])
            }
        }
    }

    @Test func rateLimitingCORSAndProductionDefaults() async throws {
        try await TestDatabases.with(.sqliteMemory) { database in
            let configuration = try await H.configuration([.graphQLRateLimit: "5", .graphQLCORSOrigins: "https://app.example.com", .environment: "production"])
            try await H.withApp(database, configuration: configuration) { client in
                // CORS: the allowed origin is echoed; another gets nothing; a preflight is answered.
                let allowed = try await client.execute(uri: "/graphql?query=%7BlatestScoringRun%7Bid%7D%7D", method: .get, headers: [.origin: "https://app.example.com"]) { $0 }
                #expect(allowed.headers[.accessControlAllowOrigin] == "https://app.example.com")
                let other = try await client.execute(uri: "/graphql?query=%7BlatestScoringRun%7Bid%7D%7D", method: .get, headers: [.origin: "https://evil.example"]) { $0 }
                #expect(other.headers[.accessControlAllowOrigin] == nil)
                let preflight = try await client.execute(uri: "/graphql", method: .options, headers: [.origin: "https://app.example.com", .accessControlRequestMethod: "POST"]) { $0 }
                #expect(preflight.status == .noContent && preflight.headers[.accessControlAllowMethods]?.contains("POST") == true)

                // Production: no introspection, no GraphiQL.
                let introspection = try await H.post(client, "{ __schema { types { name } } }")
                #expect(introspection.codes == ["GRAPHQL_VALIDATION_FAILED"])
                let html = try await client.execute(uri: "/graphql", method: .get, headers: [.accept: "text/html"]) { $0 }
                #expect(!String(buffer: html.body).contains("graphiql"))

                // 5 per minute per client: a request past them is refused with Retry-After; a valid key is its own client.
                // The bucket refills one token per 12 s, which a loaded machine can spend on the requests above: ask
                // until refused, a bounded number of times.
                var last: H.Reply?
                for _ in 0..<20 {
                    last = try await H.post(client, query)
                    if last?.status == .tooManyRequests { break }
                }
                #expect(last?.status == .tooManyRequests && last?.codes == ["RATE_LIMITED"])
                #expect(Int(last?.headers[.retryAfter] ?? "") ?? 0 >= 1)
                let keyed = try await H.post(client, query, headers: [.authorization: "Bearer \(H.apiKey)"])
                #expect(keyed.status == .ok)
            }
        }
    }

    @Test func otherMethodsGet405AndTheCORSWildcardNeverEchoesNull() async throws {
        try await TestDatabases.with(.sqliteMemory) { database in
            let configuration = try await H.configuration([.graphQLCORSOrigins: "*"])
            try await H.withApp(database, configuration: configuration) { client in
                for method in [HTTPRequest.Method.put, .delete, .patch] {
                    for path in ["/graphql", "/"] {
                        let response = try await client.execute(uri: path, method: method) { $0 }
                        #expect(response.status == .methodNotAllowed && response.headers[.allow] == "GET, POST", "\(method) \(path)")
                    }
                }
                let uri = "/graphql?query=%7BlatestScoringRun%7Bid%7D%7D"
                let any = try await client.execute(uri: uri, method: .get, headers: [.origin: "https://any.example"]) { $0 }
                #expect(any.headers[.accessControlAllowOrigin] == "*" && any.headers[.accessControlAllowCredentials] == nil)
                let null = try await client.execute(uri: uri, method: .get, headers: [.origin: "null"]) { $0 }
                #expect(null.headers[.accessControlAllowOrigin] == nil, "the opaque null origin is never allowed")
            }
        }
    }

    @Test func internalErrorsAreMasked() async throws {
        try await TestDatabases.with(.sqliteMemory) { database in
            try await H.withApp(database) { client in
                _ = try await database.transaction { db in
                    try await ScoringRunStore.begin(jobId: "run-1", epoch: 1, model: .default, nowMillis: 1, on: db)
                }
                try await database.transaction { db in try await db.raw(#"DROP TABLE "trustScore""#).run() }
                let reply = try await H.post(client, #"{ scoringRuns { id } scoringRun(id: "1") { trustScores { score } } }"#)
                #expect(reply.codes.contains("INTERNAL_SERVER_ERROR"))
                #expect(reply.errors.allSatisfy { ($0["message"] as? String) == "Internal server error" || ($0["extensions"] as? [String: Any])?["code"] as? String != "INTERNAL_SERVER_ERROR" })
                #expect(!reply.text.contains("trustScore\""), "no SQL in the response")
                #expect(reply.data?["scoringRuns"] != nil, "the other fields still resolve: \(reply.text.prefix(400))")
            }
        }
    }
}

@Suite("GraphQL on SQLite")
struct SQLiteGraphQLTests {
    static let cases: [ContractCase] = [
        ContractCase("filtersOrderingAndPaging") { try await GraphQLContract.filtersAndPaging($0) },
        ContractCase("mutationsNeedAnAPIKey") { try await GraphQLContract.mutations($0) },
        ContractCase("userStakeAndAlerts") { try await GraphQLContract.userAlerts($0) },
        ContractCase("responseCacheFollowsTheData") { try await GraphQLContract.responseCache($0) },
    ]

    @Test(arguments: cases) func contract(_ test: ContractCase) async throws { try await test.run(on: .sqliteMemory) }

    @Test(.enabled(if: Fixtures.available, "set SOLSTAKE_MAINNET_FIXTURES"))
    func originalQueriesVerbatim() async throws {
        try await TestDatabases.with(.sqliteFile) { try await GraphQLContract.originalQueries($0) }
    }

    @Test func statementsPerRequestDoNotGrowWithTheData() async throws {
        try await TestDatabases.with(.sqliteFile) { small in
            try await TestDatabases.with(.sqliteFile) { large in try await GraphQLContract.noNPlusOne(small: small, large: large) }
        }
    }
}

@Suite("GraphQL on PostgreSQL", .enabled(if: TestDatabases.hasPostgres, "set SOLSTAKE_TEST_POSTGRES_URL"))
struct PostgresGraphQLTests {
    @Test(arguments: SQLiteGraphQLTests.cases) func contract(_ test: ContractCase) async throws { try await test.run(on: .postgres) }

    @Test(.enabled(if: Fixtures.available, "set SOLSTAKE_MAINNET_FIXTURES"))
    func originalQueriesVerbatim() async throws {
        try await TestDatabases.with(.postgres) { try await GraphQLContract.originalQueries($0) }
    }

    @Test func statementsPerRequestDoNotGrowWithTheData() async throws {
        try await TestDatabases.with(.postgres) { small in
            try await TestDatabases.with(.postgres) { large in try await GraphQLContract.noNPlusOne(small: small, large: large) }
        }
    }
}
