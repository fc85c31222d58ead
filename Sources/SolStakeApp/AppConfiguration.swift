import Configuration
import Foundation
import Logging
import SolStakeAPI
import SolStakeCore
import SolStakeLogging
import SolStakeStore

/// Everything solstake reads from its environment, validated once at start-up.
///
/// Sources, highest precedence first: command-line options, environment variables, an optional `.env` file, then the
/// defaults below. Every key is documented in `.env.example`.
public struct AppConfiguration: Sendable {
    public enum RunEnvironment: String, Sendable, CaseIterable {
        case development, production
    }

    public enum ScheduleName: String, Sendable, CaseIterable {
        case test, production
    }

    public var databaseURL: DatabaseURL
    /// RPC endpoints in failover order.
    public var solanaRPCURLs: [URL]
    public var host: String
    public var port: Int
    public var logLevel: Logger.Level
    public var logFormat: LogFormat
    public var environment: RunEnvironment
    public var schedule: ScheduleName
    /// The trust-score model scoring runs use (v2 unless configured).
    public var scoringModel: ScoringModel
    /// GraphQL limits, switches and API keys.
    public var graphQL: GraphQLSettings
    /// Timeouts, head sizes and connection caps of the HTTP server.
    public var http: HTTPLimits
    /// How long a request or command waits for a database connection before the database counts as unavailable.
    /// How long a caller waits for a PostgreSQL connection; nil (`0`): without bound.
    public var databaseWait: Duration?
    /// PostgreSQL `statement_timeout` of every connection; nil (`0`): the server's setting.
    public var databaseStatementTimeout: Duration?
    /// Completed epochs whose inflation rewards a stake sync fetches for tracked accounts (a new account is backfilled).
    public var rewardBackfillEpochs: UInt64
    /// Solana RPC: an unreachable endpoint fails an attempt after the connect timeout (then the next is tried); a call
    /// after the request timeout. The rate limits are per endpoint, counted over the window public mainnet uses.
    public var rpcConnectTimeout: Duration = .seconds(3)
    public var rpcRequestTimeout: Duration = .seconds(30)
    public var rpcRequestsPer10Seconds = 100
    public var rpcMethodRequestsPer10Seconds = 40
    /// Port of `solstake worker`'s health and metrics listener on HOST; nil: none.
    public var workerMetricsPort: Int?

    /// The keys, as environment variables, with their defaults.
    public enum Key: String, CaseIterable, Sendable {
        case databaseURL = "DATABASE_URL"
        case solanaRPCURL = "SOLANA_RPC_URL"
        case host = "HOST"
        case port = "PORT"
        case logLevel = "LOG_LEVEL"
        case logFormat = "LOG_FORMAT"
        case environment = "SOLSTAKE_ENV"
        case schedule = "SOLSTAKE_SCHEDULE"
        case scoringModel = "SOLSTAKE_SCORING_MODEL"
        case rewardBackfillEpochs = "SOLSTAKE_REWARD_BACKFILL_EPOCHS"
        case workerMetricsPort = "WORKER_METRICS_PORT"
        case rpcConnectTimeout = "SOLANA_RPC_CONNECT_TIMEOUT_SECONDS"
        case rpcRequestTimeout = "SOLANA_RPC_TIMEOUT_SECONDS"
        case rpcRequestsPer10Seconds = "SOLANA_RPC_REQUESTS_PER_10S"
        case rpcMethodRequestsPer10Seconds = "SOLANA_RPC_METHOD_REQUESTS_PER_10S"
        case apiKeys = "SOLSTAKE_API_KEYS"
        case graphQLMaxQueryBytes = "GRAPHQL_MAX_QUERY_BYTES"
        case graphQLMaxDepth = "GRAPHQL_MAX_DEPTH"
        case graphQLMaxAliases = "GRAPHQL_MAX_ALIASES"
        case graphQLMaxCost = "GRAPHQL_MAX_COST"
        case graphQLRateLimit = "GRAPHQL_RATE_LIMIT_PER_MINUTE"
        case graphQLCORSOrigins = "GRAPHQL_CORS_ORIGINS"
        case graphQLIntrospection = "GRAPHQL_INTROSPECTION"
        case graphiQL = "GRAPHIQL"
        case graphiQLAssetsDirectory = "GRAPHIQL_ASSETS_DIR"
        case graphQLResponseCache = "GRAPHQL_RESPONSE_CACHE"
        case graphQLMaxTokens = "GRAPHQL_MAX_TOKENS"
        case graphQLMaxNesting = "GRAPHQL_MAX_NESTING"
        case graphQLMaxValueNesting = "GRAPHQL_MAX_VALUE_NESTING"
        case graphQLMaxFragmentSpreads = "GRAPHQL_MAX_FRAGMENT_SPREADS"
        case graphQLMaxDirectives = "GRAPHQL_MAX_DIRECTIVES"
        case graphQLMaxFields = "GRAPHQL_MAX_FIELDS"
        case graphQLMaxVariablesBytes = "GRAPHQL_MAX_VARIABLES_BYTES"
        case graphQLMaxVariablesNesting = "GRAPHQL_MAX_VARIABLES_NESTING"
        case graphQLWebSocketsPerClient = "GRAPHQL_WS_MAX_CONNECTIONS_PER_CLIENT"
        case httpHeaderTimeout = "HTTP_HEADER_TIMEOUT_SECONDS"
        case httpBodyTimeout = "HTTP_BODY_TIMEOUT_SECONDS"
        case httpIdleTimeout = "HTTP_IDLE_TIMEOUT_SECONDS"
        case httpMaxURLBytes = "HTTP_MAX_URL_BYTES"
        case httpMaxHeaderBytes = "HTTP_MAX_HEADER_BYTES"
        case httpMaxConnections = "HTTP_MAX_CONNECTIONS"
        case httpMaxConnectionsPerClient = "HTTP_MAX_CONNECTIONS_PER_CLIENT"
        case databaseWait = "DATABASE_WAIT_SECONDS"
        case databaseStatementTimeout = "DATABASE_STATEMENT_TIMEOUT_SECONDS"

        /// The swift-configuration key; the environment provider maps it to the variable name above.
        public var configKey: ConfigKey {
            ConfigKey(rawValue.lowercased().split(separator: "_").map(String.init))
        }

        /// Values that carry credentials: redacted in logs, kept in a Secret when deployed.
        public var isSecret: Bool { self == .databaseURL || self == .solanaRPCURL || self == .apiKeys }
    }

    public static let defaults: [Key: String] = [
        .databaseURL: "sqlite://solstake.sqlite",
        .solanaRPCURL: "https://api.mainnet-beta.solana.com",
        .host: "127.0.0.1",
        .port: "4000",
        .logLevel: "info",
        .logFormat: "json",
        .environment: "development",
        .scoringModel: "v2",
        // SOLSTAKE_SCHEDULE defaults by environment: production -> production, otherwise test.
    ]

    /// Reads and validates every key; the first invalid value throws a `ConfigurationError` naming it.
    public init(reader: ConfigReader) throws(ConfigurationError) {
        func raw(_ key: Key) -> String? {
            reader.string(forKey: key.configKey, isSecret: key.isSecret)?.trimmingCharacters(in: .whitespaces)
        }
        func value(_ key: Key) -> String? {
            guard let value = raw(key), !value.isEmpty else { return Self.defaults[key] }
            return value
        }

        let databaseText = value(.databaseURL)!
        do {
            databaseURL = try DatabaseURL(parsing: databaseText)
        } catch {
            throw ConfigurationError(
                key: .databaseURL, value: Redaction.redactURL(databaseText), accepted: DatabaseURL.accepted, reason: error.reason)
        }

        let rpcText = value(.solanaRPCURL)!
        var urls: [URL] = []
        for part in rpcText.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !part.isEmpty {
            guard let url = URL(string: part), let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https",
                url.host != nil
            else {
                throw ConfigurationError(
                    key: .solanaRPCURL, value: Redaction.rpcEndpoint(rpcText),
                    accepted: "one or more http(s) URLs separated by commas, tried in order")
            }
            urls.append(url)
        }
        guard !urls.isEmpty else {
            throw ConfigurationError(key: .solanaRPCURL, value: rpcText, accepted: "one or more http(s) URLs separated by commas")
        }
        solanaRPCURLs = urls

        host = value(.host)!
        guard !host.isEmpty, !host.contains(" ") else {
            throw ConfigurationError(key: .host, value: host, accepted: "a hostname or IP address to listen on")
        }

        let portText = value(.port)!
        guard let port = Int(portText), (0...65535).contains(port) else {
            throw ConfigurationError(key: .port, value: portText, accepted: "an integer from 0 to 65535 (0 picks a free port)")
        }
        self.port = port

        let levelText = value(.logLevel)!
        guard let level = Logger.Level(rawValue: levelText.lowercased()) else {
            throw ConfigurationError(
                key: .logLevel, value: levelText, accepted: Logger.Level.allCases.map(\.rawValue).joined(separator: ", "))
        }
        logLevel = level

        let formatText = value(.logFormat)!
        guard let format = LogFormat(rawValue: formatText.lowercased()) else {
            throw ConfigurationError(key: .logFormat, value: formatText, accepted: "json, text")
        }
        logFormat = format

        let environmentText = value(.environment)!
        guard let environment = RunEnvironment(rawValue: environmentText.lowercased()) else {
            throw ConfigurationError(key: .environment, value: environmentText, accepted: "development, production")
        }
        self.environment = environment

        if let scheduleText = value(.schedule) {
            guard let schedule = ScheduleName(rawValue: scheduleText.lowercased()) else {
                throw ConfigurationError(key: .schedule, value: scheduleText, accepted: "test, production")
            }
            self.schedule = schedule
        } else {
            schedule = environment == .production ? .production : .test
        }

        let modelText = value(.scoringModel)!
        guard let scoringModel = ScoringModel(name: modelText.lowercased()) else {
            throw ConfigurationError(key: .scoringModel, value: modelText, accepted: ScoringModel.names.joined(separator: ", "))
        }
        self.scoringModel = scoringModel

        var graphQL = GraphQLSettings()
        func integer(_ key: Key, _ range: ClosedRange<Int>) throws(ConfigurationError) -> Int? {
            guard let text = value(key) else { return nil }
            guard let number = Int(text), range.contains(number) else {
                throw ConfigurationError(key: key, value: text, accepted: "an integer from \(range.lowerBound) to \(range.upperBound)")
            }
            return number
        }
        func boolean(_ key: Key) throws(ConfigurationError) -> Bool? {
            guard let text = value(key) else { return nil }
            switch text.lowercased() {
            case "1", "true", "yes", "on": return true
            case "0", "false", "no", "off": return false
            default: throw ConfigurationError(key: key, value: text, accepted: "true or false")
            }
        }
        rewardBackfillEpochs = UInt64(try integer(.rewardBackfillEpochs, 1...1_000) ?? Int(RewardSync.defaultBackfillEpochs))
        workerMetricsPort = try integer(.workerMetricsPort, 0...65535)
        if let v = try integer(.graphQLMaxQueryBytes, 256...1_048_576) { graphQL.maxQueryBytes = v }
        if let v = try integer(.graphQLMaxDepth, 2...100) { graphQL.maxDepth = v }
        if let v = try integer(.graphQLMaxAliases, 0...10_000) { graphQL.maxAliases = v }
        if let v = try integer(.graphQLMaxCost, 1...1_000_000_000) { graphQL.maxCost = v }
        if let v = try integer(.graphQLRateLimit, 0...1_000_000) { graphQL.rateLimitPerMinute = v }
        if let v = try integer(.graphQLMaxTokens, 10...1_000_000) { graphQL.maxTokens = v }
        if let v = try integer(.graphQLMaxNesting, 2...256) { graphQL.maxNesting = v }
        if let v = try integer(.graphQLMaxValueNesting, 1...64) { graphQL.maxValueNesting = v }
        if let v = try integer(.graphQLMaxFragmentSpreads, 0...100_000) { graphQL.maxFragmentSpreads = v }
        if let v = try integer(.graphQLMaxDirectives, 0...100_000) { graphQL.maxDirectives = v }
        if let v = try integer(.graphQLMaxFields, 1...1_000_000) { graphQL.maxFields = v }
        if let v = try integer(.graphQLMaxVariablesBytes, 2...1_048_576) { graphQL.maxVariablesBytes = v }
        if let v = try integer(.graphQLMaxVariablesNesting, 1...64) { graphQL.maxVariablesNesting = v }
        if let v = try integer(.graphQLWebSocketsPerClient, 0...100_000) { graphQL.maxWebSocketsPerClient = v }

        var http = HTTPLimits()
        func seconds(_ key: Key, zeroAccepted: Bool = false) throws(ConfigurationError) -> Duration? {
            guard let text = value(key) else { return nil }
            if zeroAccepted, Double(text) == 0 { return .zero }
            guard let number = Double(text), number >= 0.1, number <= 3_600 else {
                throw ConfigurationError(
                    key: key, value: text, accepted: "seconds from 0.1 to 3600" + (zeroAccepted ? ", or 0 for no bound" : ""))
            }
            return .milliseconds(Int64((number * 1000).rounded()))
        }
        if let v = try seconds(.httpHeaderTimeout) { http.headerTimeout = v }
        if let v = try seconds(.httpBodyTimeout) { http.bodyTimeout = v }
        if let v = try seconds(.httpIdleTimeout) { http.idleTimeout = v }
        if let v = try integer(.httpMaxURLBytes, 256...1_048_576) { http.maxURLBytes = v }
        if let v = try integer(.httpMaxHeaderBytes, 1_024...1_048_576) { http.maxHeaderBytes = v }
        guard http.maxURLBytes <= http.maxHeaderBytes else {
            throw ConfigurationError(
                key: .httpMaxURLBytes, value: String(http.maxURLBytes),
                accepted: "at most HTTP_MAX_HEADER_BYTES (\(http.maxHeaderBytes)): the request line is part of the head")
        }
        if let v = try integer(.httpMaxConnections, 0...1_000_000) { http.maxConnections = v }
        if let v = try integer(.httpMaxConnectionsPerClient, 0...1_000_000) { http.maxConnectionsPerClient = v }
        self.http = http
        // 0 turns a bound off.
        func bound(_ key: Key, default defaultValue: Duration) throws(ConfigurationError) -> Duration? {
            let chosen = try seconds(key, zeroAccepted: true) ?? defaultValue
            return chosen == .zero ? nil : chosen
        }
        databaseWait = try bound(.databaseWait, default: .seconds(10))
        if let v = try seconds(.rpcConnectTimeout) { rpcConnectTimeout = v }
        if let v = try seconds(.rpcRequestTimeout) { rpcRequestTimeout = v }
        if let v = try integer(.rpcRequestsPer10Seconds, 1...1_000_000) { rpcRequestsPer10Seconds = v }
        if let v = try integer(.rpcMethodRequestsPer10Seconds, 1...1_000_000) { rpcMethodRequestsPer10Seconds = v }
        databaseStatementTimeout = try bound(.databaseStatementTimeout, default: .seconds(60))
        if let text = value(.graphQLCORSOrigins) {
            let origins = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            for origin in origins where origin != "*" {
                guard let url = URL(string: origin), url.scheme == "http" || url.scheme == "https", url.host != nil, url.path.isEmpty else {
                    throw ConfigurationError(key: .graphQLCORSOrigins, value: text, accepted: "origins like https://app.example.com (scheme://host[:port]) separated by commas, or *")
                }
            }
            graphQL.corsOrigins = origins
        }
        let production = environment == .production
        graphQL.introspection = try boolean(.graphQLIntrospection) ?? !production
        graphQL.graphiql = try boolean(.graphiQL) ?? !production
        if let directory = value(.graphiQLAssetsDirectory) { graphQL.graphiqlAssetsDirectory = directory }
        graphQL.responseCache = try boolean(.graphQLResponseCache) ?? true
        if let keysText = raw(.apiKeys), !keysText.isEmpty {
            do {
                graphQL.apiKeys = try APIKeys(parsing: keysText)
            } catch {
                throw ConfigurationError(key: .apiKeys, value: "***", accepted: "id:secret pairs (secret at least 16 characters) or id:sha256:<64 hex>, separated by commas", reason: error.description)
            }
        }
        self.graphQL = graphQL
    }

    /// The repeatable-job profile `schedule` names.
    public var scheduleProfile: ScheduleProfile {
        schedule == .production ? ScheduleProfile.production : ScheduleProfile.test
    }

    /// The reader for a process: command-line values first, then the environment, then `.env`, then defaults.
    public static func reader(
        commandLine: [Key: String], environment: [String: String]? = nil, dotEnvPath: String? = ".env"
    ) async throws -> ConfigReader {
        var values: [AbsoluteConfigKey: ConfigValue] = [:]
        for (key, value) in commandLine {
            values[AbsoluteConfigKey(key.configKey)] = ConfigValue(.string(value), isSecret: key.isSecret)
        }
        var providers: [any ConfigProvider] = [InMemoryProvider(name: "command line", values: values)]
        let secrets = SecretsSpecifier<String, String>.specific(Set(Key.allCases.filter(\.isSecret).map(\.rawValue)))
        if let environment {
            providers.append(EnvironmentVariablesProvider(environmentVariables: environment, secretsSpecifier: secrets))
        } else {
            providers.append(EnvironmentVariablesProvider(secretsSpecifier: secrets))
        }
        if let dotEnvPath {
            do {
                providers.append(try await EnvironmentVariablesProvider(
                    environmentFilePath: .init(dotEnvPath), allowMissing: true, secretsSpecifier: secrets))
            } catch {
                throw ConfigurationFileError(path: dotEnvPath, cause: "\(error)")
            }
        }
        return ConfigReader(providers: providers)
    }
}

/// One invalid configuration value: which key, what it was, what is accepted.
public struct ConfigurationError: Error, CustomStringConvertible, Equatable {
    public let key: AppConfiguration.Key
    public let value: String
    public let accepted: String
    /// What exactly is wrong, when more can be said than "not accepted".
    public var reason: String? = nil

    public var description: String {
        "invalid \(key.rawValue)=\"\(value)\"\(reason.map { " (\($0))" } ?? ""): expected \(accepted)"
    }
}

/// The `.env` file exists but cannot be read or parsed.
public struct ConfigurationFileError: Error, CustomStringConvertible {
    public let path: String
    public let cause: String
    public var description: String { "cannot read \(path): \(cause)" }
}
