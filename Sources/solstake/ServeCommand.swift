import ArgumentParser
import Hummingbird
import SolStakeApp
import SolStakeStore

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the HTTP API on HOST:PORT (SQLite: migrates itself; PostgreSQL: requires `solstake migrate`).")

    @OptionGroup var options: GlobalOptions

    func run() async throws {
        let environment = try await options.load()
        try await reportingFailures {
            let database = try await DatabaseFactory.open(environment.configuration.databaseURL, logger: environment.logger)
            let app = buildApplication(
                configuration: environment.configuration, database: database, logger: environment.logger)
            try await app.runService()
        }
    }
}
