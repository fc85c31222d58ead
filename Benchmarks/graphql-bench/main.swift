// GraphQL throughput and latency on the real epoch-752 data (1,351 validators): the original GetValidators and a 50-item
// connection page, over real HTTP on loopback, with SQL statements per request.
//   SOLSTAKE_MAINNET_FIXTURES=../shared/fixtures/mainnet graphql-bench [--database sqlite|postgres] [--seconds 10] [--concurrency 8]
//     [--no-cache] [--query DOCUMENT]
// Statements per request are counted on the first (uncached) request.
// The server and the load generator share this process and the machine's 2 cores: figures are a floor.
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
let seconds = Double(option("--seconds") ?? "10") ?? 10
let concurrency = Int(option("--concurrency") ?? "8") ?? 8
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
let page = """
    { validatorsConnection(first: 50, orderBy: SCORE) { totalCount edges { cursor node { voteAccount name commission activatedStake latestTrustScore { score } } } pageInfo { hasNextPage endCursor } } }
    """

@Sendable func body(_ query: String) -> ByteBuffer {
    ByteBuffer(data: try! JSONSerialization.data(withJSONObject: ["query": query]))
}

@Sendable func request(_ query: String) -> HTTPClientRequest {
    var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)/graphql")
    request.method = .POST
    request.headers.add(name: "Content-Type", value: "application/json")
    request.body = .bytes(body(query))
    return request
}

@Sendable func percentile(_ sorted: [Double], _ p: Double) -> Double {
    sorted.isEmpty ? .nan : sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))]
}

try await DatabaseFactory.withDatabase(url, logger: logger) { database in
    try await Migrator(database: database, logger: logger).migrate()
    _ = try await IngestJob.run(jobId: "bench-fetch", client: rpc, database: database, logger: logger)
    _ = try await ScoreJob.run(jobId: "bench-score-1", database: database, logger: logger)
    _ = try await ScoreJob.run(jobId: "bench-score-2", database: database, logger: logger)

    var values: [AppConfiguration.Key: String] = [.port: String(port), .logLevel: "error", .graphQLRateLimit: "0"]
    values[.databaseURL] = "sqlite::memory:"  // unused: the database is passed in
    var configuration = try AppConfiguration(reader: try await AppConfiguration.reader(commandLine: values, environment: [:], dotEnvPath: nil))
    configuration.graphQL.subscriptionPollMillis = 3_600_000
    configuration.graphQL.responseCache = !args.contains("--no-cache")
    let app = try buildApplication(configuration: configuration, database: database, logger: logger)
    let server = Task { try await app.runService(gracefulShutdownSignals: []) }
    // Wait for the port.
    for _ in 0..<100 {
        if (try? await HTTPClient.shared.execute(request("{ latestScoringRun { id } }"), timeout: .seconds(1))) != nil { break }
        try await Task.sleep(for: .milliseconds(50))
    }

    let cases = option("--query").map { [("custom", $0)] } ?? [("GetValidators (1,351 validators)", getValidators), ("validatorsConnection(first: 50)", page)]
    for (name, query) in cases {
        // Statements per request, and the response size.
        let before = database.statements.value
        let response = try await HTTPClient.shared.execute(request(query), timeout: .seconds(30))
        let bytes = try await response.body.collect(upTo: 64 << 20).readableBytes
        let statements = database.statements.value - before

        let deadline = ContinuousClock.now + .seconds(seconds)
        let latencies = try await withThrowingTaskGroup(of: [Double].self) { group in
            for _ in 0..<concurrency {
                group.addTask {
                    var samples: [Double] = []
                    while ContinuousClock.now < deadline {
                        let start = ContinuousClock.now
                        let response = try await HTTPClient.shared.execute(request(query), timeout: .seconds(30))
                        _ = try await response.body.collect(upTo: 64 << 20)
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
        print(String(
            format: "%@%@ %@: %.1f req/s, p50 %.1f ms, p99 %.1f ms (%d requests, concurrency %d, %.0f s); %d SQL statements/request; %d bytes",
            kind, args.contains("--no-cache") ? " (no cache)" : " (cache)", name, Double(latencies.count) / seconds, percentile(latencies, 0.5), percentile(latencies, 0.99), latencies.count,
            concurrency, seconds, statements, bytes))
    }
    server.cancel()
    _ = try? await server.value
}
seedingSimulator.stop()
try await bench.remove()
