import ArgumentParser
import SolStakeApp

@main
struct SolStakeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "solstake",
        abstract: "Solana validator intelligence: ingest, trust scores, stakers, GraphQL API.",
        version: SolStakeVersion.current,
        subcommands: [ServeCommand.self, WorkerCommand.self, MigrateCommand.self, FetchCommand.self, ScoreCommand.self, QueueCommand.self, MetricsCommand.self, VerifyCommand.self, WalletCommand.self, ImportCommand.self, BacktestCommand.self, SchemaCommand.self],
        defaultSubcommand: nil)
}
