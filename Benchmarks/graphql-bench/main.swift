// GraphQL throughput and latency on the real epoch-752 data (1,351 validators, 3 scoring runs, every real wallet of the
// fixture tracked with its stake accounts), over real HTTP on loopback: the original GetValidators, GetScoringRuns and
// GetUsers and a 50-item connection page, each at concurrency 1 and 8, uncached and cached (two servers in one run), with
// SQL statements per request and the process's RSS during and after each load.
//   SOLSTAKE_MAINNET_FIXTURES=../shared/fixtures/mainnet graphql-bench [--database sqlite|postgres] [--seconds 5]
//     [--concurrency 1,8] [--query DOCUMENT]
// The servers and the load generator share this process and the machine's 2 cores: figures are a floor, RSS a ceiling.
import AsyncHTTPClient
import BenchmarkSupport
import Foundation
import Logging
import NIOCore
import ServiceLifecycle
import SolStakeApp
import SolStakeJobs
import SolStakeStore
import SolanaFixtures
import SolanaRPC
import SolanaSimulator

let args = CommandLine.arguments
func option(_ name: String) -> String? { args.firstIndex(of: name).flatMap { $0 + 1 < args.count ? args[$0 + 1] : nil } }
let kind = option("--database") ?? "sqlite"
let seconds = Double(option("--seconds") ?? "5") ?? 5
let concurrencies = (option("--concurrency") ?? "1,8").split(separator: ",").compactMap { Int($0) }
let port = Int(option("--port") ?? "18431") ?? 18431
guard let fixtures = MainnetFixtures.fromEnvironment() else {
    print("graphql-bench: set SOLSTAKE_MAINNET_FIXTURES")
    exit(0)
}

let logger: Logger = {
    var logger = Logger(label: "bench")
    logger.logLevel = .error
    return logger
}()
guard let bench = try await BenchDatabase.fresh(kind, label: "gql-bench", logger: logger) else {
    print("graphql-bench postgres: skipped (set SOLSTAKE_TEST_POSTGRES_URL)")
    exit(0)
}
let url = bench.url

// The simulator on a port of its own, for the seeding fetch and sync.
var settings = SimulatedCluster.Settings()
settings.slotTime = .zero
let simulator = SimulatorServer(cluster: try SnapshotLoader.load(from: fixtures, settings: settings))
let seedingSimulator = try await InProcessSimulator.start(simulator, logger: logger)
let rpc = LiveSolanaRPCClient(
    configuration: .init(endpoints: [URL(string: "http://127.0.0.1:\(seedingSimulator.port)")!], requestTimeout: .seconds(120), limits: .unlimited), logger: logger)

let getValidators = """
    query GetValidators { validators { id validatorPubkey voteAccount commission uptime latestTrustScore { score createdAt scoringRunId } } }
    """
let getScoringRuns = """
    query GetScoringRuns { scoringRuns { id runDate status validatorCount successCount failCount trustScores { score validator { validatorPubkey name } } } }
    """
let getUsers = """
    query GetUsers { users { id walletPubkey stakeAccounts { id stakedAmount validator { validatorPubkey name } } } }
    """
let page = """
    { validatorsConnection(first: 50, orderBy: SCORE) { totalCount edges { cursor node { voteAccount name commission activatedStake latestTrustScore { score } } } pageInfo { hasNextPage endCursor } } }
    """

@Sendable func body(_ query: String) -> ByteBuffer {
    ByteBuffer(data: try! JSONSerialization.data(withJSONObject: ["query": query]))
}

@Sendable func request(_ query: String, port: Int = port) -> HTTPClientRequest {
    var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)/graphql")
    request.method = .POST
    request.headers.add(name: "Content-Type", value: "application/json")
    request.body = .bytes(body(query))
    return request
}

@Sendable func residentMegabytes() -> Double {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
        let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") })
    else { return -1 }
    return (Double(line.split(separator: " ").dropFirst().first ?? "0") ?? 0) / 1024
}

@Sendable func percentile(_ sorted: [Double], _ p: Double) -> Double {
    sorted.isEmpty ? .nan : sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))]
}

try await DatabaseFactory.withDatabase(url, logger: logger) { database in
    try await Migrator(database: database, logger: logger).migrate()
    _ = try await IngestJob.run(jobId: "bench-fetch", client: rpc, database: database, logger: logger)
    _ = try await ScoreJob.run(jobId: "bench-score-1", database: database, logger: logger)
    _ = try await ScoreJob.run(jobId: "bench-score-2", database: database, logger: logger)
    _ = try await ScoreJob.run(jobId: "bench-score-3", database: database, logger: logger)
    let wallets = Set(try SnapshotLoader.realStakeAccounts(fixtures).compactMap(\.staker))
    for wallet in wallets.sorted() { _ = try await Wallets.track(wallet, actor: "bench", database: database) }
    _ = try await StakeSync.run(client: rpc, database: database, logger: logger)

    func app(port: Int, cache: Bool) async throws -> Task<Void, any Error> {
        var values: [AppConfiguration.Key: String] = [.port: String(port), .logLevel: "error", .graphQLRateLimit: "0"]
        values[.databaseURL] = "sqlite::memory:"  // unused: the database is passed in
        var configuration = try AppConfiguration(reader: try await AppConfiguration.reader(commandLine: values, environment: [:], dotEnvPath: nil))
        configuration.graphQL.subscriptionPollMillis = 3_600_000
        configuration.graphQL.responseCache = cache
        let app = try buildApplication(configuration: configuration, database: database, logger: logger)
        let server = Task { try await app.runService(gracefulShutdownSignals: []) }
        for _ in 0..<100 {
            if (try? await HTTPClient.shared.execute(request("{ latestScoringRun { id } }", port: port), timeout: .seconds(1))) != nil { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        return server
    }
    let uncachedPort = port, cachedPort = port + 1
    let servers = [try await app(port: uncachedPort, cache: false), try await app(port: cachedPort, cache: true)]
    let accounts = try await database.read { db in
        try await db.raw(#"SELECT COUNT(*) AS "n" FROM "stakeAccount" WHERE "userId" IS NOT NULL"#).first(decoding: Count.self)?.n ?? 0
    }
    print("data: 1,351 validators, 3 scoring runs, \(wallets.count) tracked wallets with \(accounts) stake accounts (\(kind)); RSS at start \(String(format: "%.0f", residentMegabytes())) MB")
    print("| query | cache | concurrency | req/s | p50 ms | p99 ms | SQL/request | bytes | RSS during MB | RSS after MB |")
    print("|---|---|---|---|---|---|---|---|---|---|")

    let cases = option("--query").map { [("custom", $0)] } ?? [
        ("GetValidators", getValidators), ("GetScoringRuns", getScoringRuns), ("GetUsers", getUsers), ("validatorsConnection(first: 50)", page),
    ]
    for (name, query) in cases {
        for (cacheName, target) in [("off", uncachedPort), ("on", cachedPort)] {
            for concurrency in concurrencies {
                // Statements of one request (on the cached server, the first fills the cache and the count is of a hit).
                _ = try await HTTPClient.shared.execute(request(query, port: target), timeout: .seconds(60)).body.collect(upTo: 256 << 20)
                let before = database.statements.value
                let response = try await HTTPClient.shared.execute(request(query, port: target), timeout: .seconds(60))
                let bytes = try await response.body.collect(upTo: 256 << 20).readableBytes
                let statements = database.statements.value - before

                let deadline = ContinuousClock.now + .seconds(seconds)
                let sampler = Task { () -> Double in
                    var peak = 0.0
                    while !Task.isCancelled { peak = max(peak, residentMegabytes()); try? await Task.sleep(for: .milliseconds(100)) }
                    return peak
                }
                let latencies = try await withThrowingTaskGroup(of: [Double].self) { group in
                    for _ in 0..<concurrency {
                        group.addTask {
                            var samples: [Double] = []
                            while ContinuousClock.now < deadline {
                                let start = ContinuousClock.now
                                let response = try await HTTPClient.shared.execute(request(query, port: target), timeout: .seconds(60))
                                _ = try await response.body.collect(upTo: 256 << 20)
                                guard response.status == .ok else { throw NSError(domain: "status \(response.status)", code: 1) }
                                samples.append((ContinuousClock.now - start) / .milliseconds(1))
                            }
                            return samples
                        }
                    }
                    var all: [Double] = []
                    for try await part in group { all += part }
                    return all.sorted()
                }
                sampler.cancel()
                let during = await sampler.value
                try await Task.sleep(for: .seconds(2))
                print(String(
                    format: "| %@ | %@ | %d | %.1f | %.1f | %.1f | %d | %d | %.0f | %.0f |",
                    name, cacheName, concurrency, Double(latencies.count) / seconds, percentile(latencies, 0.5), percentile(latencies, 0.99),
                    statements, bytes, during, residentMegabytes()))
            }
        }
    }
    for server in servers { server.cancel(); _ = try? await server.value }
}
seedingSimulator.stop()
try await bench.remove()

struct Count: Decodable { let n: Int }
