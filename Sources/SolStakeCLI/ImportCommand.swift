import ArgumentParser
import Foundation
import Logging
import SolStakeApp
import SolStakeCore
import SolStakeStore
import SolanaFixtures

struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import", abstract: "Load data from files.", subcommands: [ImportHistoryCommand.self])
}

struct ImportHistoryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "Load a per-epoch validator history (JSON or .json.gz, the fixtures' marinade_sam format) into the per-epoch tables.",
        discussion: """
            Credits, commission, MEV commission, stake and version per vote account and epoch. Idempotent: importing the same \
            file again changes nothing, and values a fetch stored are kept. One transaction per chunk of epochs; a chunk \
            with a bad row is refused (each bad row is named) while the others are written, and the command then exits 1.
            """)

    @OptionGroup var options: GlobalOptions

    @Argument(help: "The history file.") var file: String

    @Option(name: .customLong("chunk-epochs"), help: "Epochs per transaction.") var chunkEpochs = 10

    @Option(name: .customLong("slots-per-epoch"), help: "Slots per epoch of the cluster the history is from.")
    var slotsPerEpoch: UInt64 = 432_000

    func validate() throws {
        if chunkEpochs < 1 { throw ValidationError("--chunk-epochs must be at least 1") }
        if slotsPerEpoch < 32 { throw ValidationError("--slots-per-epoch must be at least 32") }
    }

    func run() async throws {
        let environment = try await options.load()
        let url = URL(fileURLWithPath: file)
        let chunkEpochs = self.chunkEpochs
        let slotsPerEpoch = self.slotsPerEpoch
        let report = try await reportingFailures(environment.logger) {
            guard FileManager.default.isReadableFile(atPath: url.path) else {
                throw CommandFailure("cannot read \(url.path): no such file, or not readable")
            }
            let history: ValidatorHistory
            do {
                history = try ValidatorHistoryParser.parse(Array(try Gzip.readFile(url)))
            } catch let error as ValidatorHistoryFormatError {
                throw CommandFailure("\(url.lastPathComponent): \(error)")
            } catch {
                throw CommandFailure("\(url.lastPathComponent): cannot be read (\(error))")
            }
            let bar = ProgressBar(enabled: isatty(STDERR_FILENO) == 1)
            let logger = environment.logger
            return try await environment.withDatabase { database in
                try await DatabasePreparation.prepare(database, logger: logger)
                return try await HistoryImport.run(
                    history, database: database, chunkEpochs: chunkEpochs, slotsPerEpoch: slotsPerEpoch, logger: logger
                ) { progress in
                    if bar.enabled {
                        bar.show(done: progress.epochsDone, total: progress.epochsTotal, label: "epoch \(progress.lastEpoch)")
                    } else {
                        logger.info(
                            "Imported history",
                            metadata: ["progress": "\(progress.epochsDone)/\(progress.epochsTotal)", "epoch": "\(progress.lastEpoch)"])
                    }
                }
            }
        }
        let span = report.firstEpoch.map { "epochs \($0)-\(report.lastEpoch ?? $0)" } ?? "no epochs"
        print("imported \(span): \(report.chunksWritten) chunk(s) written, \(report.statsWritten) epoch rows, \(report.validatorsCreated) new validators")
        if report.chunksRefused > 0 {
            let epochs = report.refusedEpochs.map { "\($0.lowerBound)-\($0.upperBound)" }.joined(separator: ", ")
            print("refused \(report.chunksRefused) chunk(s) (epochs \(epochs)) for \(report.problems.count) bad row(s):")
            for problem in report.problems.prefix(20) { print("  \(problem)") }
            if report.problems.count > 20 { print("  … and \(report.problems.count - 20) more") }
            throw ExitCode.failure
        }
    }
}
