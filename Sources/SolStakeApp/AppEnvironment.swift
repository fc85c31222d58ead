import Logging
import Metrics
import Prometheus
import SolStakeAPI
import SolStakeLogging
import SolStakeStore

/// What every command starts from: validated configuration and a logger that writes in the configured format.
public struct AppEnvironment: Sendable {
    public let configuration: AppConfiguration
    public let logger: Logger

    /// Loads the configuration (command line, environment, `.env`, defaults) and boots logging.
    public static func load(commandLine: [AppConfiguration.Key: String], label: String = "solstake") async throws
        -> AppEnvironment
    {
        let reader = try await AppConfiguration.reader(commandLine: commandLine)
        let configuration = try AppConfiguration(reader: reader)
        LoggingBootstrap.bootstrap(format: configuration.logFormat, level: configuration.logLevel)
        var logger = Logger(label: label)
        logger.logLevel = configuration.logLevel
        // swift-metrics reports into this process's Prometheus registry (once per process, like logging).
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(DocumentedMetricsFactory(registry: registry))
        return AppEnvironment(configuration: configuration, logger: logger, metricsRegistry: registry)
    }

    /// Where this process's swift-metrics instruments report (nil when not bootstrapped).
    public let metricsRegistry: PrometheusCollectorRegistry?

    public init(configuration: AppConfiguration, logger: Logger, metricsRegistry: PrometheusCollectorRegistry? = nil) {
        self.configuration = configuration
        self.logger = logger
        self.metricsRegistry = metricsRegistry
    }

    /// Opens the configured database (not yet running).
    public func openDatabase() async throws -> any DatabaseClient {
        try await DatabaseFactory.open(
            configuration.databaseURL, waitLimit: configuration.databaseWait, statementTimeout: configuration.databaseStatementTimeout,
            logger: logger)
    }

    /// Opens the configured database, runs it for `body`, and closes it (one-shot commands). A database that refuses
    /// this configuration (wrong password, no such database) stops the command at once, with what to fix.
    public func withDatabase<T: Sendable>(_ body: @Sendable (any DatabaseClient) async throws -> T) async throws -> T {
        let database = try await openDatabase()
        if let problem = await database.diagnose(), case .misconfigured = problem { throw problem }
        return try await DatabaseFactory.withRunning(database, body)
    }
}
