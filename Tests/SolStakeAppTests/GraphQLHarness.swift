import Foundation
import Hummingbird
import HTTPTypes
import HummingbirdTesting
import Logging
import NIOCore
import SolStakeAPI
import SolStakeApp
import SolStakeCore
import SolStakeJobs
import SolStakeStore
import SolanaSimulator
import Testing
import TestSupport

/// A running solstake app (real HTTP on a free port) and helpers to query it.
enum GraphQLHarness {
    static let apiKey = "ops-secret-0123456789abcdef"

    static func configuration(_ overrides: [AppConfiguration.Key: String] = [:], tweak: (inout AppConfiguration) -> Void = { _ in }) async throws -> AppConfiguration {
        var values: [AppConfiguration.Key: String] = [.port: "0", .apiKeys: "ops:\(apiKey)"]
        values.merge(overrides) { _, new in new }
        var configuration = try AppConfiguration(reader: try await AppConfiguration.reader(commandLine: values, environment: [:], dotEnvPath: nil))
        tweak(&configuration)
        return configuration
    }

    static func withApp<T: Sendable>(
        _ database: any DatabaseClient, configuration: AppConfiguration? = nil,
        _ body: @Sendable (any TestClientProtocol) async throws -> T
    ) async throws -> T {
        let config: AppConfiguration
        if let configuration { config = configuration } else { config = try await self.configuration() }
        let app = try buildApplication(configuration: config, database: database, logger: TestDatabases.logger)
        return try await app.test(.live) { client in try await body(client) }
    }

    /// `@unchecked`: `json` holds Foundation's untyped values, which are immutable once parsed.
    struct Reply: @unchecked Sendable {
        let status: HTTPResponse.Status
        let headers: HTTPFields
        let json: [String: Any]
        let text: String

        var data: [String: Any]? { json["data"] as? [String: Any] }
        var errors: [[String: Any]] { json["errors"] as? [[String: Any]] ?? [] }
        var codes: [String] { errors.compactMap { ($0["extensions"] as? [String: Any])?["code"] as? String } }
    }

    static func reply(_ response: TestResponse) -> Reply {
        let text = String(buffer: response.body)
        let json = (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] ?? [:]
        return Reply(status: response.status, headers: response.headers, json: json, text: text)
    }

    static func post(
        _ client: any TestClientProtocol, _ query: String, variables: [String: Any]? = nil, operationName: String? = nil,
        headers: [HTTPField.Name: String] = [:], path: String = "/graphql"
    ) async throws -> Reply {
        var body: [String: Any] = ["query": query]
        if let variables { body["variables"] = variables }
        if let operationName { body["operationName"] = operationName }
        var fields: HTTPFields = [.contentType: "application/json"]
        for (name, value) in headers { fields[name] = value }
        let data = try JSONSerialization.data(withJSONObject: body)
        return try await client.execute(uri: path, method: .post, headers: fields, body: ByteBuffer(bytes: data)) { reply($0) }
    }

    static func get(_ client: any TestClientProtocol, _ parameters: [String: String], headers: HTTPFields = [:], path: String = "/graphql") async throws -> Reply {
        var components = URLComponents()
        components.path = path
        components.queryItems = parameters.sorted { $0.key < $1.key }.map { URLQueryItem(name: $0.key, value: $0.value) }
        let uri = components.percentEncodedPath + "?" + (components.percentEncodedQuery ?? "").replacingOccurrences(of: "+", with: "%2B")
        return try await client.execute(uri: uri, method: .get, headers: headers) { reply($0) }
    }

    /// Fetches a cluster from the simulator, scores it twice (two runs), tracks every wallet the simulator knows and
    /// syncs their stake accounts.
    static func seed(_ database: any DatabaseClient, server: SimulatorServer) async throws -> [String] {
        try await SimulatorHarness.with(server) { url in
            let client = IngestionContract.client(url)
            _ = try await IngestJob.run(jobId: "fetch-1", client: client, database: database, logger: IngestionContract.logger)
            _ = try await ScoreJob.run(jobId: "score-1", database: database, logger: IngestionContract.logger)
            _ = try await ScoreJob.run(jobId: "score-2", database: database, logger: IngestionContract.logger)
            let wallets = Array(Set(await server.cluster.stakeAccounts.compactMap(\.staker)).sorted().prefix(20))
            for wallet in wallets { _ = try await Wallets.track(wallet, actor: "test", database: database) }
            _ = try await StakeSync.run(client: client, database: database, logger: IngestionContract.logger)
            return wallets
        }
    }

    static func syntheticServer(_ validators: Int) -> SimulatorServer { SimulatorHarness.syntheticServer(validators: validators) }

    static let getValidators = """
        query GetValidators {
          validators {
            id
            validatorPubkey
            voteAccount
            commission
            uptime
            latestTrustScore {
              score
              createdAt
              scoringRunId
            }
          }
        }
        """

    static let getScoringRuns = """
        query GetScoringRuns {
          scoringRuns {
            id
            runDate
            status
            validatorCount
            successCount
            failCount
            trustScores {
              score
              validator {
                validatorPubkey
              }
            }
          }
        }
        """

    static let getUsers = """
        query GetUsers {
          users {
            id
            walletPubkey
            stakeAccounts {
              id
              stakedAmount
              validator {
                validatorPubkey
                name
              }
            }
          }
        }
        """
}
