import ArgumentParser
import Foundation
import SolStakeApp
import SolStakeCore
import SolStakeStore

struct FetchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fetch", abstract: "Fetch the validator set from SOLANA_RPC_URL now and store it (one transaction).")

    @OptionGroup var options: GlobalOptions

    @Option(name: .customLong("job-id"), help: "Idempotency key (default: a new id). Re-running with the same id writes nothing twice.")
    var jobId: String?

    func run() async throws {
        let environment = try await options.load()
        let jobId = self.jobId ?? "cli-fetch-\(UUID().uuidString.lowercased())"
        try await reportingFailures(environment.logger) {
            try await environment.withDatabase { database in
                try await DatabasePreparation.prepare(database, logger: environment.logger)
                let report = try await IngestJob.run(
                    jobId: jobId, client: environment.makeRPCClient(), database: database, logger: environment.logger)
                print(report.alreadyDone
                    ? "fetch \(jobId) was already recorded; nothing written"
                    : String(format: "fetched epoch %llu slot %llu: %d validators (%d delinquent), %d epoch stats, %d identity changes; rpc %.3f s, build %.3f s, write %.3f s",
                        report.epoch, report.slot, report.validators, report.delinquent, report.epochStats, report.identityChanges,
                        report.timings.rpc, report.timings.build, report.timings.write))
            }
        }
    }
}

struct ScoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "score", abstract: "Trust scores.", subcommands: [ScoreAllCommand.self])
}

struct ScoreAllCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "all", abstract: "Score every validator of the latest fetch now and print a summary.")

    @OptionGroup var options: GlobalOptions

    @Option(name: .customLong("job-id"), help: "Idempotency key (default: a new id).")
    var jobId: String?

    @Option(help: "Model: v2 or v1 (default: SOLSTAKE_SCORING_MODEL, else v2).")
    var model: String?

    func validate() throws {
        if let model, ScoringModel(name: model) == nil { throw ValidationError("unknown model \"\(model)\" (known: \(ScoringModel.names.joined(separator: ", ")))") }
    }

    func run() async throws {
        let environment = try await options.load()
        let jobId = self.jobId ?? "cli-score-\(UUID().uuidString.lowercased())"
        let model = self.model.flatMap(ScoringModel.init(name:)) ?? environment.configuration.scoringModel
        try await reportingFailures(environment.logger) {
            try await environment.withDatabase { database in
                try await DatabasePreparation.prepare(database, logger: environment.logger)
                let report = try await ScoreJob.run(jobId: jobId, database: database, model: model, logger: environment.logger)
                let names = try await ValidatorNames.load(database)
                print(ScoreSummary.render(report, names: names, yields: try await ValidatorYields.load(database)), terminator: "")
            }
        }
    }
}
