// One fetch + score cycle against a running Solana RPC (the simulator), on a fresh database; prints wall time per phase,
// SQL statements and peak RSS. Run one process per case (scripts/bench-ingest.sh does) so peak RSS belongs to the case.
//   ingest-bench --rpc http://127.0.0.1:8899 --database sqlite|postgres [--label NAME]
import AsyncHTTPClient
import BenchmarkSupport
import Foundation
import Logging
import NIOCore
import SolStakeApp
import SolStakeCore
import SolStakeStore
import SolanaRPC

let args = CommandLine.arguments
func option(_ name: String) -> String? { args.firstIndex(of: name).flatMap { $0 + 1 < args.count ? args[$0 + 1] : nil } }
guard let rpc = option("--rpc").flatMap(URL.init(string:)) else {
    print("usage: ingest-bench --rpc URL --database sqlite|postgres [--label NAME]")
    exit(2)
}
let kind = option("--database") ?? "sqlite"
let label = option("--label") ?? rpc.absoluteString

@Sendable func peakRSSMegabytes() -> Double {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
        let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") })
    else { return -1 }
    return (Double(line.split(separator: " ").dropFirst().first ?? "0") ?? 0) / 1024
}

var logger = Logger(label: "bench")
logger.logLevel = .error
guard let bench = try await BenchDatabase.fresh(kind, label: "ingest-bench", logger: logger) else {
    print("\(label) postgres: skipped (set SOLSTAKE_TEST_POSTGRES_URL)")
    exit(0)
}
let url = bench.url

let client = LiveSolanaRPCClient(configuration: .init(endpoints: [rpc], requestTimeout: .seconds(300), limits: .unlimited), logger: logger)
try await DatabaseFactory.withDatabase(url, logger: logger) { database in
    try await Migrator(database: database, logger: logger).migrate()
    let before = database.statements.value
    let fetch = try await IngestJob.run(jobId: "bench-fetch", client: client, database: database, logger: logger)
    let fetchStatements = database.statements.value - before
    let score = try await ScoreJob.run(jobId: "bench-score", database: database, logger: logger)
    let scoreStatements = database.statements.value - before - fetchStatements
    // SQLite's WAL checkpoint runs between jobs (the worker calls `idle()`), outside the cycle: timed on its own here.
    let checkpointStart = ContinuousClock.now
    await database.idle()
    let checkpoint = (ContinuousClock.now - checkpointStart).seconds

    // Decode cost alone: the same answers read again by the pull parser, after the cycle.
    func answer(_ method: String, _ params: String = "[]") async throws -> Data {
        var request = HTTPClientRequest(url: rpc.absoluteString)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.body = .bytes(ByteBuffer(string: #"{"jsonrpc":"2.0","id":1,"method":"\#(method)","params":\#(params)}"#))
        return Data(buffer: try await HTTPClient.shared.execute(request, timeout: .seconds(300)).body.collect(upTo: 1 << 30))
    }
    func seconds(_ body: () throws -> Void) rethrows -> Double {
        let start = ContinuousClock.now
        try body()
        return (ContinuousClock.now - start).seconds
    }
    let endpoint = RPCEndpoint(rpc)
    let votes = try await answer("getVoteAccounts")
    let nodes = try await answer("getClusterNodes")
    let configs = try await answer("getProgramAccounts", #"["Config1111111111111111111111111111111111111",{"encoding":"jsonParsed"}]"#)
    let decode = try seconds { _ = try LiveSolanaRPCClient.decodeWire(votes, as: VoteAccounts.self, method: "v", endpoint: endpoint) }
    let nodesDecode = try seconds { _ = try LiveSolanaRPCClient.decodeWire(nodes, as: [ClusterNode].self, method: "n", endpoint: endpoint) }
    let configDecode = try seconds { _ = try LiveSolanaRPCClient.decodeWire(configs, as: [ConfigAccountSummary].self, method: "c", endpoint: endpoint) }
    print(String(
        format: "decode (pull parser): getVoteAccounts %.1f MB %.3f s, getClusterNodes %.1f MB %.3f s, Config accounts %.1f MB %.3f s",
        Double(votes.count) / 1e6, decode, Double(nodes.count) / 1e6, nodesDecode, Double(configs.count) / 1e6, configDecode))

    let total = fetch.timings.total + score.timings.total
    print(String(
        format: "%@ on %@: %d validators, %d epoch stats | fetch: rpc %.3f s (of which getVoteAccounts decode %.3f s), build %.3f s, write %.3f s, %d statements | score: read %.3f s, model %.3f s, write %.3f s, %d statements | cycle %.3f s | checkpoint after the cycle %.3f s | peak RSS %.0f MB",
        label, kind, fetch.validators, fetch.epochStats, fetch.timings.rpc, decode, fetch.timings.build, fetch.timings.write,
        fetchStatements, score.timings.read, score.timings.score, score.timings.write, scoreStatements, total, checkpoint,
        peakRSSMegabytes()))
}
// PostgreSQL: what the bounded wait (a connection leased and returned before each read or transaction, within
// DATABASE_WAIT_SECONDS) costs, against the same pool without it. Blocks alternate, so a noisy spell falls on both.
if kind == "postgres", args.contains("--probe-cost") {
    let bounded = try await DatabaseFactory.open(url, waitLimit: .seconds(10), logger: logger)
    let unbounded = try await DatabaseFactory.open(url, waitLimit: nil, logger: logger)
    try await DatabaseFactory.withRunning(bounded) { bounded in
        try await DatabaseFactory.withRunning(unbounded) { unbounded in
            func perRead(_ database: any DatabaseClient) async throws -> Double {
                let start = ContinuousClock.now
                for _ in 0..<1_000 { try await database.read { try await $0.raw("SELECT 1").run() } }
                return (ContinuousClock.now - start).seconds / 1_000 * 1e6
            }
            _ = try await perRead(bounded)
            _ = try await perRead(unbounded)
            var withWait: [Double] = [], without: [Double] = []
            for _ in 0..<5 {
                withWait.append(try await perRead(bounded))
                without.append(try await perRead(unbounded))
            }
            let a = withWait.sorted()[2], b = without.sorted()[2]
            print(String(format: "bounded wait on postgres: one read (SELECT 1) %.0f us with it, %.0f us without: +%.0f us per read or transaction (median of 5 x 1,000)", a, b, a - b))
        }
    }
}
try await bench.remove()
