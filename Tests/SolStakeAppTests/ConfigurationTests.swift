import Foundation
import Logging
import SolStakeApp
import SolStakeLogging
import SolStakeStore
import Testing
import TestSupport

@Suite struct ConfigurationTests {
    func load(
        commandLine: [AppConfiguration.Key: String] = [:], environment: [String: String] = [:], dotEnv: String? = nil
    ) async throws -> AppConfiguration {
        try await TestDatabases.withTemporaryDirectory { dir in
            var path: String? = nil
            if let dotEnv {
                path = dir.appendingPathComponent(".env").path
                try dotEnv.write(toFile: path!, atomically: true, encoding: .utf8)
            }
            let reader = try await AppConfiguration.reader(commandLine: commandLine, environment: environment, dotEnvPath: path)
            return try AppConfiguration(reader: reader)
        }
    }

    @Test func defaultsMatchTheEmbeddedSetup() async throws {
        let config = try await load()
        #expect(config.databaseURL == .sqliteFile(path: "solstake.sqlite"))
        #expect(config.solanaRPCURLs == [URL(string: "https://api.mainnet-beta.solana.com")!])
        #expect(config.host == "127.0.0.1")
        #expect(config.port == 4000)
        #expect(config.logLevel == .info)
        #expect(config.logFormat == .json)
        #expect(config.environment == .development)
        #expect(config.schedule == .test)
        #expect(config.rewardBackfillEpochs == 10)
    }

    @Test func rewardBackfillIsConfigurable() async throws {
        #expect(try await load(environment: ["SOLSTAKE_REWARD_BACKFILL_EPOCHS": "3"]).rewardBackfillEpochs == 3)
    }

    @Test func hostileInputLimitsHaveDefaultsAndAreConfigurable() async throws {
        let defaults = try await load(environment: [:])
        #expect(defaults.http.headerTimeout == .seconds(10) && defaults.http.bodyTimeout == .seconds(30) && defaults.http.idleTimeout == .seconds(60))
        #expect(defaults.http.maxURLBytes == 16_384 && defaults.http.maxHeaderBytes == 32_768)
        #expect(defaults.http.maxConnections == 1_024 && defaults.http.maxConnectionsPerClient == 64)
        #expect(defaults.graphQL.maxTokens == 1_000 && defaults.graphQL.maxDirectives == 50 && defaults.graphQL.maxFields == 2_000)
        let tuned = try await load(environment: [
            "HTTP_HEADER_TIMEOUT_SECONDS": "2.5", "HTTP_MAX_CONNECTIONS": "0", "GRAPHQL_MAX_NESTING": "40", "GRAPHQL_WS_MAX_CONNECTIONS_PER_CLIENT": "3",
        ])
        #expect(tuned.http.headerTimeout == .milliseconds(2_500) && tuned.http.maxConnections == 0)
        #expect(tuned.graphQL.maxNesting == 40 && tuned.graphQL.maxWebSocketsPerClient == 3)
    }

    @Test func productionEnvironmentDefaultsToTheProductionSchedule() async throws {
        #expect(try await load(environment: ["SOLSTAKE_ENV": "production"]).schedule == .production)
        #expect(try await load(environment: ["SOLSTAKE_ENV": "production", "SOLSTAKE_SCHEDULE": "test"]).schedule == .test)
    }

    @Test func commandLineBeatsEnvironmentBeatsDotEnv() async throws {
        let dotEnv = "PORT=5001\nHOST=0.0.0.0\nLOG_FORMAT=text\n"
        let fromDotEnv = try await load(dotEnv: dotEnv)
        #expect(fromDotEnv.port == 5001 && fromDotEnv.host == "0.0.0.0" && fromDotEnv.logFormat == .text)
        let fromEnvironment = try await load(environment: ["PORT": "5002"], dotEnv: dotEnv)
        #expect(fromEnvironment.port == 5002 && fromEnvironment.host == "0.0.0.0")
        let fromCommandLine = try await load(commandLine: [.port: "5003"], environment: ["PORT": "5002"], dotEnv: dotEnv)
        #expect(fromCommandLine.port == 5003)
    }

    @Test func rpcListMeansFailoverInOrder() async throws {
        let config = try await load(environment: ["SOLANA_RPC_URL": "http://127.0.0.1:8899, https://backup.example/rpc?api-key=abc"])
        #expect(config.solanaRPCURLs.map(\.absoluteString) == ["http://127.0.0.1:8899", "https://backup.example/rpc?api-key=abc"])
    }

    @Test func postgresURLSelectsPostgres() async throws {
        let config = try await load(environment: ["DATABASE_URL": "postgres://u:p@db:5433/solstake"])
        guard case .postgres(let location) = config.databaseURL else {
            Issue.record("expected PostgreSQL")
            return
        }
        #expect(location.host == "db" && location.port == 5433 && location.database == "solstake")
    }

    @Test(arguments: [
        ("PORT", "abc", "an integer from 0 to 65535"),
        ("PORT", "70000", "an integer from 0 to 65535"),
        ("LOG_LEVEL", "loud", "trace, debug, info"),
        ("LOG_FORMAT", "xml", "json, text"),
        ("SOLSTAKE_ENV", "staging", "development, production"),
        ("SOLSTAKE_SCHEDULE", "hourly", "test, production"),
        ("DATABASE_URL", "mysql://x/y", "sqlite://PATH"),
        ("SOLANA_RPC_URL", "ftp://rpc.example", "http(s) URLs"),
        ("HTTP_HEADER_TIMEOUT_SECONDS", "0", "seconds from 0.1 to 3600"),
        ("HTTP_BODY_TIMEOUT_SECONDS", "soon", "seconds from 0.1 to 3600"),
        ("HTTP_MAX_URL_BYTES", "100", "an integer from 256"),
        ("HTTP_MAX_URL_BYTES", "65536", "at most HTTP_MAX_HEADER_BYTES"),
        ("HTTP_MAX_CONNECTIONS_PER_CLIENT", "-1", "an integer from 0"),
        ("GRAPHQL_MAX_TOKENS", "5", "an integer from 10"),
        ("GRAPHQL_MAX_VALUE_NESTING", "100", "an integer from 1 to 64"),
        ("SOLSTAKE_REWARD_BACKFILL_EPOCHS", "0", "an integer from 1 to 1000"),
        ("SOLSTAKE_REWARD_BACKFILL_EPOCHS", "all", "an integer from 1 to 1000"),
    ])
    func badValuesNameTheKeyTheValueAndWhatIsAccepted(key: String, value: String, accepted: String) async throws {
        do {
            _ = try await load(environment: [key: value])
            Issue.record("\(key)=\(value) was accepted")
        } catch let error as ConfigurationError {
            #expect(error.key.rawValue == key)
            let line = error.description
            #expect(line.contains(key) && line.contains(value) && line.contains(accepted), "\(line)")
            #expect(!line.contains("\n"))
        }
    }

    @Test func badDatabaseURLErrorHidesThePassword() async throws {
        do {
            _ = try await load(environment: ["DATABASE_URL": "postgres://alice:hunter2@db"])
            Issue.record("accepted")
        } catch let error as ConfigurationError {
            #expect(error.key == .databaseURL)
            #expect(!error.description.contains("hunter2"))
            #expect(error.description.contains("database name is missing"))
        }
    }
}
