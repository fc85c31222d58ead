import ArgumentParser
import SolStakeApp

@main
struct SolStakeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "solstake",
        abstract: "Solana validator intelligence: ingest, trust scores, stakers, GraphQL API.",
        version: SolStakeVersion.current,
        subcommands: [ServeCommand.self, MigrateCommand.self],
        defaultSubcommand: nil)
}
