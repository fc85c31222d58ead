import ArgumentParser
import Foundation
import SolStakeApp
import SolStakeStore

struct VerifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify", abstract: "Integrity and end-to-end checks.", subcommands: [VerifyDBCommand.self, VerifyPipelineCommand.self])
}

struct VerifyDBCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "db", abstract: "Check the database's integrity; non-zero exit on any failure.")

    @OptionGroup var options: GlobalOptions

    func run() async throws {
        let environment = try await options.load()
        let passed = try await reportingFailures(environment.logger) {
            try await environment.withDatabase { database in
                try await Migrator(database: database, logger: environment.logger).requireUpToDate()
                let checks = try await Verification.database(database)
                print(Verification.render(checks), terminator: "")
                return checks.allSatisfy(\.passed)
            }
        }
        if !passed { throw ExitCode.failure }
    }
}

struct VerifyPipelineCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pipeline",
        abstract: "Fetch from SOLANA_RPC_URL, score, verify the database; print a pass/fail report; non-zero on failure.")

    @OptionGroup var options: GlobalOptions

    @Flag(help: "Use a fresh temporary SQLite database instead of DATABASE_URL.")
    var fresh = false

    func run() async throws {
        var environment = try await options.load()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("solstake-verify-\(UUID().uuidString)")
        if fresh {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            var configuration = environment.configuration
            configuration.databaseURL = .sqliteFile(path: directory.appendingPathComponent("verify.sqlite").path)
            environment = AppEnvironment(configuration: configuration, logger: environment.logger, metricsRegistry: environment.metricsRegistry)
        }
        defer { if fresh { try? FileManager.default.removeItem(at: directory) } }
        let env = environment
        let passed = try await reportingFailures(environment.logger) {
            try await env.withDatabase { database in
                print("database: \(database.location)")
                let checks = try await Verification.pipeline(client: env.makeRPCClient(), database: database, logger: env.logger)
                print(Verification.render(checks), terminator: "")
                return checks.allSatisfy(\.passed)
            }
        }
        if !passed { throw ExitCode.failure }
    }
}
