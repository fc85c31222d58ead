import ArgumentParser
import Foundation
import SolStakeApp
import SolStakeCore
import SolStakeStore
import SolStakeJobs

struct WalletCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "wallet", abstract: "Tracked wallets and their stake accounts.",
        subcommands: [WalletTrackCommand.self, WalletUntrackCommand.self, WalletListCommand.self, WalletSyncCommand.self])
}

struct WalletTrackCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "track", abstract: "Track a wallet (base58 public key) and enqueue a sync of its stake accounts.")

    @OptionGroup var options: GlobalOptions
    @Argument(help: "The wallet's public key.") var pubkey: String
    @Option(help: "A label to remember the wallet by.") var label: String?

    func run() async throws {
        let environment = try await options.load()
        try await reportingFailures(environment.logger) {
            _ = try WalletKey(validating: pubkey)  // before any database is opened (or created)
            try await environment.withDatabase { database in
                try await DatabasePreparation.prepare(database, logger: environment.logger)
                let result = try await Wallets.track(pubkey, label: label, actor: "cli", database: database)
                print("\(result.created ? "tracking" : "already tracking") \(result.wallet.walletPubkey); sync job \(result.syncJobId)")
            }
        }
    }
}

struct WalletUntrackCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "untrack", abstract: "Stop tracking a wallet (its stored stake accounts are deleted).")

    @OptionGroup var options: GlobalOptions
    @Argument(help: "The wallet's public key.") var pubkey: String

    func run() async throws {
        let environment = try await options.load()
        try await reportingFailures(environment.logger) {
            try await environment.withDatabase { database in
                try await DatabasePreparation.prepare(database, logger: environment.logger)
                guard try await Wallets.untrack(pubkey, actor: "cli", database: database) else {
                    FileHandle.standardError.write(Data("solstake: wallet \(pubkey) is not tracked\n".utf8))
                    throw ExitCode.failure
                }
                print("untracked \(pubkey)")
            }
        }
    }
}

struct WalletListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List tracked wallets with their stake.")

    @OptionGroup var options: GlobalOptions

    func run() async throws {
        let environment = try await options.load()
        try await reportingFailures(environment.logger) {
            try await environment.withExistingDatabase { database in
                let rows = try await WalletListing.load(database)
                print(WalletListing.render(rows), terminator: "")
            }
        }
    }
}

struct WalletSyncCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sync", abstract: "Sync stake accounts now, from SOLANA_RPC_URL (one wallet, or every tracked wallet), then their rewards.")

    @OptionGroup var options: GlobalOptions
    @Argument(help: "A tracked wallet (default: all).") var pubkey: String?

    func run() async throws {
        let environment = try await options.load()
        try await reportingFailures(environment.logger) {
            try await environment.withDatabase { database in
                try await DatabasePreparation.prepare(database, logger: environment.logger)
                let client = environment.makeRPCClient()
                let report = try await StakeSync.run(wallets: pubkey.map { [$0] }, client: client, database: database, logger: environment.logger)
                print("synced \(report.synced)/\(report.wallets) wallets at epoch \(report.epoch): \(report.accounts) stake accounts, \(report.closed) closed")
                let rewards = try await RewardSync.run(
                    client: client, database: database, logger: environment.logger, backfillEpochs: environment.configuration.rewardBackfillEpochs)
                print(RewardSync.describe(rewards))
            }
        }
    }
}
