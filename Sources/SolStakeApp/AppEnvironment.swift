import Logging
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
        return AppEnvironment(configuration: configuration, logger: logger)
    }

    public init(configuration: AppConfiguration, logger: Logger) {
        self.configuration = configuration
        self.logger = logger
    }

    /// Opens the configured database, runs it for `body`, and closes it (one-shot commands).
    public func withDatabase<T: Sendable>(_ body: @Sendable (any DatabaseClient) async throws -> T) async throws -> T {
        try await DatabaseFactory.withDatabase(configuration.databaseURL, logger: logger, body)
    }
}
