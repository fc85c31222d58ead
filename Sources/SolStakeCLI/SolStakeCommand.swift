import ArgumentParser
import SolStakeApp

/// The `solstake` command line (its executable's whole `main`).
public struct SolStakeCommand: AsyncParsableCommand {
    public init() {}

    /// The executables' entry point: ArgumentParser's async main, which top-level code in `main.swift` cannot select
    /// by overload (it gets the synchronous one, which refuses an async root command).
    public static func runAsMain() async {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            exit(withError: error)
        }
    }

    public static let configuration = CommandConfiguration(
        commandName: "solstake",
        abstract: "Solana validator intelligence: ingest, trust scores, stakers, GraphQL API.",
        version: SolStakeVersion.current,
        subcommands: [ServeCommand.self, WorkerCommand.self, MigrateCommand.self, FetchCommand.self, ScoreCommand.self, QueueCommand.self, MetricsCommand.self, VerifyCommand.self, WalletCommand.self, ImportCommand.self, BacktestCommand.self, SchemaCommand.self],
        defaultSubcommand: nil)
}
