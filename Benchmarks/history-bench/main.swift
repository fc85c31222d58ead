// Replays the real per-epoch history (fixtures' marinade_sam file) through fetch + score, one epoch after another, on a
// fresh database; prints cycle times (median, p95), the database size every 50 epochs and the score's read time early
// and late, so growth with stored history shows. The simulator runs in-process, answering over real HTTP.
//   history-bench --fixtures DIR --database sqlite|postgres [--from E] [--to E]
import Foundation
import BenchmarkSupport
import Logging
import SolStakeApp
import SolStakeCore
import SolStakeStore
import SolanaFixtures
import SolanaRPC
import SolanaSimulator

let args = CommandLine.arguments
func option(_ name: String) -> String? { args.firstIndex(of: name).flatMap { $0 + 1 < args.count ? args[$0 + 1] : nil } }
guard let fixturesPath = option("--fixtures") else {
    print("usage: history-bench --fixtures DIR --database sqlite|postgres [--from E] [--to E]")
    exit(2)
}
let kind = option("--database") ?? "sqlite"
var logger = Logger(label: "bench")
logger.logLevel = .error

guard let bench = try await BenchDatabase.fresh(kind, label: "history-bench", logger: logger) else {
    print("history postgres: skipped (set SOLSTAKE_TEST_POSTGRES_URL)")
    exit(0)
}
let url = bench.url

let loadStart = ContinuousClock.now
var settings = SimulatedCluster.Settings()
settings.slotTime = .zero
let replay = try HistoryReplay.load(from: MainnetFixtures(directory: URL(fileURLWithPath: fixturesPath)), slotsPerEpoch: settings.slotsPerEpoch)
let from = option("--from").flatMap(UInt64.init) ?? replay.firstEpoch
let to = option("--to").flatMap(UInt64.init) ?? replay.lastEpoch
let cluster = try await SimulatedCluster.replaying(replay, from: from, settings: settings)
print(String(format: "history %@: loaded %d epochs in %.1f s; replaying %llu-%llu", kind, replay.history.epochs.count,
    (ContinuousClock.now - loadStart).seconds, from, to))

var simLogger = Logger(label: "solana-sim")
simLogger.logLevel = .error
let simulator = try await InProcessSimulator.start(SimulatorServer(cluster: cluster), logger: simLogger)
let port = simulator.port
let client = LiveSolanaRPCClient(
    configuration: .init(endpoints: [URL(string: "http://127.0.0.1:\(port)")!], requestTimeout: .seconds(300), limits: .unlimited),
    logger: logger)

struct Size: Decodable { let bytes: Int64 }
@Sendable func databaseBytes(_ database: any DatabaseClient) async throws -> Int64 {
    if let sqlitePath = bench.sqlitePath {
        let files = [sqlitePath, sqlitePath + "-wal"]
        return files.reduce(Int64(0)) { total, path in
            total + ((try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int64) ?? 0)
        }
    }
    return try await database.read { db in
        try await db.raw(#"SELECT pg_database_size(current_database()) AS "bytes""#).first(decoding: Size.self)!.bytes
    }
}

@Sendable func percentile(_ values: [Double], _ p: Double) -> Double {
    let sorted = values.sorted()
    return sorted[min(sorted.count - 1, Int((p * Double(sorted.count)).rounded(.up)) - 1)]
}

try await DatabaseFactory.withDatabase(url, logger: logger) { database in
    try await Migrator(database: database, logger: logger).migrate()
    var cycles: [Double] = [], fetches: [Double] = [], scores: [Double] = [], reads: [(epoch: UInt64, seconds: Double, validators: Int)] = []
    var sizes: [(epochs: Int, bytes: Int64)] = []
    var epoch = from
    while true {
        let fetch = try await IngestJob.run(jobId: "fetch-\(epoch)", client: client, database: database, logger: logger)
        let score = try await ScoreJob.run(jobId: "score-\(epoch)", database: database, logger: logger)
        await database.idle()
        fetches.append(fetch.timings.total)
        scores.append(score.timings.total)
        cycles.append(fetch.timings.total + score.timings.total)
        reads.append((epoch, score.timings.read, fetch.validators))
        if cycles.count % 50 == 0 || epoch == to { sizes.append((cycles.count, try await databaseBytes(database))) }
        guard epoch < to, let next = await cluster.advanceEpoch() else { break }
        epoch = next
    }
    let label = "history \(kind) | \(cycles.count) epochs"
    print(String(format: "%@ | cycle median %.3f s, p95 %.3f s | fetch median %.3f s, p95 %.3f s | score median %.3f s, p95 %.3f s",
        label, percentile(cycles, 0.5), percentile(cycles, 0.95), percentile(fetches, 0.5), percentile(fetches, 0.95),
        percentile(scores, 0.5), percentile(scores, 0.95)))
    for size in sizes { print(String(format: "%@ | database after %3d epochs: %.1f MB", label, size.epochs, Double(size.bytes) / 1e6)) }
    // The score's read at the 50th epoch and at the last, each as the median of 5 epochs around it (noise).
    func readAround(_ index: Int) -> (epoch: UInt64, seconds: Double, validators: Int) {
        let window = reads[max(0, index - 2)...min(reads.count - 1, index + 2)].map(\.seconds)
        return (reads[index].epoch, percentile(window, 0.5), reads[index].validators)
    }
    let early = readAround(min(49, reads.count - 1))
    let late = readAround(reads.count - 1)
    // Per validator too: the cluster shrinks from about 1,500 validators to 800 over the history.
    print(String(format: "%@ | score read at epoch %llu (%dth, %d validators): %.4f s = %.1f us/validator; at epoch %llu (last, %d validators, %d epochs stored): %.4f s = %.1f us/validator",
        label, early.epoch, min(50, reads.count), early.validators, early.seconds, early.seconds / Double(early.validators) * 1e6,
        late.epoch, late.validators, cycles.count, late.seconds, late.seconds / Double(late.validators) * 1e6))
}
simulator.stop()
try await bench.remove()
