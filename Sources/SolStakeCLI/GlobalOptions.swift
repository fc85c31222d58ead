import ArgumentParser
import SolStakeApp

/// Options every subcommand accepts; each overrides its environment variable.
struct GlobalOptions: ParsableArguments {
    @Option(name: .customLong("database-url"), help: "DATABASE_URL: sqlite://PATH, sqlite::memory: or postgres://…")
    var databaseURL: String?

    @Option(name: .customLong("solana-rpc-url"), help: "SOLANA_RPC_URL: one or more RPC URLs, comma-separated, in failover order")
    var solanaRPCURL: String?

    @Option(help: "HOST: address to listen on")
    var host: String?

    // A string, so a bad value gets solstake's one-line configuration error rather than a parser message.
    @Option(help: "PORT: port to listen on")
    var port: String?

    @Option(name: .customLong("log-level"), help: "LOG_LEVEL: trace, debug, info, notice, warning, error, critical")
    var logLevel: String?

    @Option(name: .customLong("log-format"), help: "LOG_FORMAT: json or text")
    var logFormat: String?

    @Option(name: .customLong("env"), help: "SOLSTAKE_ENV: development or production")
    var environment: String?

    @Option(name: .customLong("schedule"), help: "SOLSTAKE_SCHEDULE: test or production")
    var schedule: String?

    var commandLineValues: [AppConfiguration.Key: String] {
        var values: [AppConfiguration.Key: String] = [:]
        values[.databaseURL] = databaseURL
        values[.solanaRPCURL] = solanaRPCURL
        values[.host] = host
        values[.port] = port
        values[.logLevel] = logLevel
        values[.logFormat] = logFormat
        values[.environment] = environment
        values[.schedule] = schedule
        return values
    }

    /// Loads the environment, turning any start-up error into one line on standard error and a non-zero exit.
    func load() async throws -> AppEnvironment {
        try await reportingFailures { try await AppEnvironment.load(commandLine: commandLineValues) }
    }
}
