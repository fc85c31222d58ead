import ArgumentParser
import Foundation
import SolStakeApp
import SolStakeCore
import SolStakeStore

struct BacktestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backtest",
        abstract: "Score every stored epoch with each model and measure what delegators got afterwards.",
        discussion: """
            Runs over the per-epoch history in the database (from fetches, a replay or `import history`). For each epoch t \
            every model scores with what was known at t; the report gives, per model, the rank correlation of score and \
            realized yield, the AUC against bad events and the yield of a portfolio of the top-scored validators.
            """)

    @OptionGroup var options: GlobalOptions

    @Option(help: "First epoch to score (default: the first stored).") var from: UInt64?
    @Option(help: "Last epoch to score (default: the last that has --horizon epochs after it).") var to: UInt64?
    @Option(help: "Epochs after t over which outcomes are measured.") var horizon: UInt64 = 10
    @Option(help: "Models, comma-separated: \(Self.modelNames.joined(separator: ", ")).") var models = Self.modelNames.joined(separator: ",")
    @Option(name: .customLong("v2-configuration"), help: "A JSON object of model v2 settings to change (docs/SCORING.md), for trying other values.")
    var v2Configuration: String?
    @Option(help: "Validators in the top-scored portfolio.") var portfolio = 100
    @Option(name: .customLong("mev-share"), help: "Assumed share of MEV in a Jito delegator's rewards (0-1).") var mevShare = DelegatorOutcome.defaultMEVShare
    @Option(help: "Directory to write backtest.md and backtest.svg to.") var out: String?

    func validate() throws {
        if horizon < 1 || horizon > 100 { throw ValidationError("--horizon must be between 1 and 100") }
        if portfolio < 1 { throw ValidationError("--portfolio must be at least 1") }
        if !(0...1).contains(mevShare) { throw ValidationError("--mev-share must be between 0 and 1") }
        if let from, let to, from > to { throw ValidationError("--from is after --to") }
        _ = try Self.models(models, v2: .init())
    }

    static let modelNames = ["v2", "v1", "original", "sfdp", "jito-steward", "naive"]

    static func models(_ list: String, v2: ScoringConfigurationV2) throws -> [any BacktestModel] {
        try list.split(separator: ",").map { name -> any BacktestModel in
            switch name.trimmingCharacters(in: .whitespaces) {
            case "v2": return TrustScoreV2BacktestModel(configuration: v2)
            case "v1": return TrustScoreV1Model()
            case "original": return OriginalModel()
            case "sfdp": return SFDPRuleModel()
            case "jito-steward": return JitoStewardRuleModel()
            case "naive": return NaiveModel()
            default: throw ValidationError("unknown model \"\(name)\" (known: \(modelNames.joined(separator: ", ")))")
            }
        }
    }

    static func v2Configuration(_ path: String?) throws -> ScoringConfigurationV2 {
        guard let path else { return .init() }
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw CommandFailure("cannot read --v2-configuration \(path): \(error.localizedDescription)")
        }
        do { return try ScoringConfigurationV2().overriding(with: data) } catch {
            throw CommandFailure("--v2-configuration \(path): \(error)")
        }
    }

    func run() async throws {
        let environment = try await options.load()
        var chosen = Backtest.Settings()
        chosen.horizon = horizon
        chosen.portfolioSize = portfolio
        chosen.mevShare = mevShare
        let settings = chosen
        let models = try Self.models(self.models, v2: try Self.v2Configuration(v2Configuration))
        let (from, to, out) = (self.from, self.to, self.out)
        let command = CommandLine.arguments.map { $0.contains(" ") ? "'\($0)'" : $0 }.joined(separator: " ")
        try await reportingFailures(environment.logger) {
            let (results, span) = try await environment.withDatabase { database in
                try await DatabasePreparation.prepare(database, logger: environment.logger)
                let stored = try await HistoryPanelReader.epochs(on: database)
                guard let first = stored.first, let last = stored.last else { throw CommandFailure("no per-epoch history is stored: fetch, replay or `import history` first") }
                let start = max(from ?? first, first)
                let end = min(to ?? last, last)
                // The models read up to `lookback` epochs before the first scored one; the outcomes need `horizon` after
                // the last.
                let lookback = models.map(\.lookbackEpochs).max() ?? 0
                let panel = try await HistoryPanelReader.read(
                    from: max(first, start > lookback ? start - lookback : 0), to: min(last, end + settings.horizon), on: database)
                let bar = ProgressBar(enabled: isatty(STDERR_FILENO) == 1)
                let results = Backtest.run(panel, models: models, from: start, to: end, settings: settings) { done, total in
                    if bar.enabled { bar.show(done: done, total: total, label: "epochs scored") }
                }
                let scored = Backtest.scoredEpochs(panel, from: start, to: end, horizon: settings.horizon)
                guard let firstScored = scored.first, let lastScored = scored.last else {
                    throw CommandFailure("no epoch of \(start)-\(end) has \(settings.horizon) stored epochs after it")
                }
                return (results, BacktestReport.Span(from: firstScored, to: lastScored, epochs: scored.count))
            }
            print("back-test of epochs \(span.from)-\(span.to) (\(span.epochs) epochs, horizon \(settings.horizon)):")
            print(BacktestReport.table(results, settings: settings), terminator: "")
            if let out {
                let directory = URL(fileURLWithPath: out)
                try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
                try BacktestReport.markdown(results, span: span, settings: settings, command: command)
                    .write(to: directory.appendingPathComponent("backtest.md"), atomically: true, encoding: .utf8)
                try BacktestReport.svg(results).write(to: directory.appendingPathComponent("backtest.svg"), atomically: true, encoding: .utf8)
                print("wrote \(directory.appendingPathComponent("backtest.md").path) and backtest.svg")
            }
        }
    }
}
