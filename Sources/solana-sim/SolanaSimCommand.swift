import ArgumentParser
import Foundation
import Hummingbird
import Logging
import SolStakeLogging
import SolanaFixtures
import SolanaSimulator

@main
struct SolanaSimCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "solana-sim",
        abstract: "A Solana JSON-RPC cluster simulator serving real mainnet data or a synthetic cluster.")

    @Option(help: "Address to listen on.") var host = "127.0.0.1"
    @Option(help: "Port to listen on (0 picks a free port).") var port = 8899
    @Option(help: "Directory of real mainnet fixtures: serves the epoch-752 group, or the dated group of --snapshot-date.")
    var snapshot: String?
    @Option(name: .customLong("snapshot-date"), help: "With --snapshot: serve the `solana validators` snapshot of this date (YYYY-MM-DD).")
    var snapshotDate: String?
    @Option(help: "Directory of real mainnet fixtures: replay the per-epoch validator history, one epoch at a time.")
    var history: String?
    @Option(name: .customLong("from-epoch"), help: "With --history: the epoch to start at (default: the history's first).")
    var fromEpoch: UInt64?
    @Option(help: "Serve a synthetic cluster of this many validators instead.") var validators: Int?
    @Option(help: "Seed of the synthetic cluster and of fault injection.") var seed: UInt64 = 1
    @Option(name: .customLong("slot-time-ms"), help: "Milliseconds per slot (0 freezes the clock).") var slotTimeMs = 400
    @Option(name: .customLong("slots-per-epoch"), help: "Slots per epoch.") var slotsPerEpoch: UInt64 = 432_000
    @Option(
        name: .customLong("fault"),
        help: "METHOD:KIND:RATE[:PARAM], repeatable. KIND: latency, http, rateLimited, rpcError, malformed, truncated, hang.")
    var faults: [String] = []
    @Option(name: .customLong("log-format"), help: "json or text") var logFormat = "text"

    func validate() throws {
        if [snapshot != nil, validators != nil, history != nil].filter({ $0 }).count != 1 {
            throw ValidationError("give exactly one of --snapshot DIR, --history DIR or --validators N")
        }
        if snapshotDate != nil, snapshot == nil { throw ValidationError("--snapshot-date needs --snapshot DIR") }
        if fromEpoch != nil, history == nil { throw ValidationError("--from-epoch needs --history DIR") }
        if let snapshotDate, !DatedSnapshotLoader.isDate(snapshotDate) { throw ValidationError("--snapshot-date must be YYYY-MM-DD, not \"\(snapshotDate)\"") }
        if let validators, validators < 1 { throw ValidationError("--validators must be at least 1") }
        if slotsPerEpoch < 32 { throw ValidationError("--slots-per-epoch must be at least 32") }
        for flag in faults { _ = try Fault(flag: flag) }
    }

    func run() async throws {
        LoggingBootstrap.bootstrap(format: LogFormat(rawValue: logFormat) ?? .text, level: .info)
        let logger = Logger(label: "solana-sim")
        var settings = SimulatedCluster.Settings()
        settings.slotTime = .milliseconds(slotTimeMs)
        settings.slotsPerEpoch = slotsPerEpoch
        let cluster: SimulatedCluster
        if let snapshot, let snapshotDate {
            cluster = try DatedSnapshotLoader.load(
                from: MainnetFixtures(directory: URL(fileURLWithPath: snapshot)), date: snapshotDate, settings: settings)
        } else if let snapshot {
            cluster = try SnapshotLoader.load(from: MainnetFixtures(directory: URL(fileURLWithPath: snapshot)), settings: settings)
        } else if let history {
            let replay = try HistoryReplay.load(from: MainnetFixtures(directory: URL(fileURLWithPath: history)), slotsPerEpoch: slotsPerEpoch)
            cluster = try await SimulatedCluster.replaying(replay, from: fromEpoch, settings: settings)
        } else {
            cluster = SyntheticCluster.make(validators: validators!, seed: seed, settings: settings)
        }
        try await cluster.prepareResponses()
        let server = SimulatorServer(cluster: cluster, faults: try faults.map { try Fault(flag: $0) }, seed: seed)
        let count = await cluster.validators.count
        let epoch = await cluster.epoch
        let app = server.buildApplication(host: host, port: port, logger: logger) { boundPort in
            // Written straight to the file descriptor: scripts wait for this line, and stdout may be a buffered pipe.
            FileHandle.standardOutput.write(Data("solana-sim serving \(count) validators (epoch \(epoch)) at http://\(host):\(boundPort)\n".utf8))
        }
        try await app.runService()
    }
}
