import Foundation
import Hummingbird
import HummingbirdTesting
import SQLKit
import SolStakeAPI
import SolStakeApp
import SolStakeJobs
import SolStakeStore
import TestJobKinds
import Testing
import TestSupport

/// The exposition as Prometheus's own tools and conventions judge it: `promtool check metrics` (from Debian's
/// `prometheus` package, which `.ci/run` installs), HELP on every family, no quantile gauges or windows in names,
/// the score distribution as a histogram that matches the stored scores.
@Suite("Prometheus conventions")
struct PrometheusConventionsTests {
    static let promtool = ["/usr/bin/promtool", "/usr/local/bin/promtool"].first { FileManager.default.isExecutableFile(atPath: $0) }

    /// A served exposition after a fetch, a scoring run, a GraphQL query and a job, so every family has samples.
    func servedExposition() async throws -> (text: String, scores: [Double], version: String) {
        _ = TestMetrics.registry
        return try await TestDatabases.with(.sqliteFile) { database in
            let server = GraphQLHarness.syntheticServer(60)
            _ = try await GraphQLHarness.seed(database, server: server)
            struct Score: Decodable { let score: Double }
            let scores = try await database.read { db in
                try await db.raw(#"""
                    SELECT "score" FROM "trustScore" WHERE "scoringRunId" =
                      (SELECT "id" FROM "scoringRun" WHERE "status" = 'completed' ORDER BY "finishedAt" DESC, "id" DESC LIMIT 1)
                    """#).all(decoding: Score.self).map(\.score)
            }
            let queue = JobQueue(database: database)
            _ = try await queue.enqueue(JobRequest(kind: TestJobKinds.noop))
            let worker = Worker(queue: queue, handlers: [TestJobKinds.noop: NoopJobHandler()], logger: TestDatabases.logger)
            let reader = try await AppConfiguration.reader(commandLine: [:], environment: [:], dotEnvPath: nil)
            let app = try buildApplication(
                configuration: try AppConfiguration(reader: reader), database: database, logger: TestDatabases.logger,
                processRegistry: TestMetrics.registry)
            let text = try await ServiceGroupRunner(worker).run {
                for _ in 0..<200 where try await queue.counts()["completed"]?[TestJobKinds.noop] != 1 { try await Task.sleep(for: .milliseconds(50)) }
                return try await app.test(.router) { http in
                    try await http.execute(uri: "/graphql", method: .post, headers: [.contentType: "application/json"],
                                           body: ByteBuffer(string: #"{"query":"{ networkSummary { validatorCount } }"}"#)) { _ in }
                    return try await http.execute(uri: "/metrics/prometheus", method: .get) { String(buffer: $0.body) }
                }
            }
            return (text, scores, SolStakeVersion.current)
        }
    }

    @Test(.enabled(if: promtool != nil, "apt-get install prometheus (for promtool)"))
    func promtoolChecksTheExposition() async throws {
        let (text, _, _) = try await servedExposition()
        let check = try await ChildProcess.run(
            executable: URL(fileURLWithPath: Self.promtool!), ["check", "metrics"], stdin: Data(text.utf8), timeout: .seconds(60))
        #expect(check.status == 0, "promtool check metrics: \(check.out)\(check.err)")
    }

    @Test func namesHelpAndHistograms() async throws {
        let (text, scores, version) = try await servedExposition()
        let lines = text.split(separator: "\n").map(String.init)
        let typed = Set(lines.filter { $0.hasPrefix("# TYPE ") }.map { String($0.split(separator: " ")[2]) })
        let helped = Set(lines.filter { $0.hasPrefix("# HELP ") }.map { String($0.split(separator: " ")[2]) })
        #expect(typed.count >= 25 && typed == helped, "\(typed.count) families; without HELP: \(typed.subtracting(helped).sorted())")
        #expect(!text.contains(MetricCatalog.undocumented), "a family recorded without an entry in MetricCatalog")
        // And the catalog names nothing stale: every family is served, but those only a fault or a waiting job shows.
        let onlyOnFaults: Set<String> = [
            "solstake_rpc_errors_total", "solstake_rpc_retries_total", "solstake_http_connections_refused_total",
            "solstake_queue_oldest_available_timestamp_seconds",
        ]
        let missing = Set<String>(MetricCatalog.help.keys).subtracting(typed).subtracting(onlyOnFaults)
        #expect(missing.isEmpty, "in MetricCatalog, not served: \(missing.sorted())")
        for family in typed {
            #expect(family.firstMatch(of: /_(p\d+|\d+h|24h|last_hour|age_seconds)(_|$)/) == nil, "\(family): a quantile or a window in a name")
        }

        let families = try await PrometheusParser.parse(text)
        #expect(families["solstake_build_info"]?.first?.labels["version"] == version && families["solstake_build_info"]?.first?.value == 1)
        let now = Date().timeIntervalSince1970
        let start = try #require(families["process_start_time_seconds"]?.first?.value)
        #expect(start <= now && start > now - 86_400 * 30)
        #expect((families["process_resident_memory_bytes"]?.first?.value ?? 0) > 1_048_576)
        #expect((families["process_open_fds"]?.first?.value ?? 0) > 2)
        #expect((families["process_max_fds"]?.first?.value ?? 0) >= (families["process_open_fds"]?.first?.value ?? .infinity))
        #expect(PrometheusParser.samples(families, named: "process_cpu_seconds_total").first.map { $0.value > 0 } == true)
        let fetched = try #require(families["solstake_last_fetch_timestamp_seconds"]?.first?.value)
        #expect(abs(fetched - now) < 600, "freshness is a timestamp: \(fetched)")
        #expect(PrometheusParser.samples(families, named: "solstake_jobs_total").contains { $0.labels["kind"] == "noop" && $0.labels["outcome"] == "completed" })
        #expect(PrometheusParser.samples(families, named: "solstake_graphql_operations_total").contains { $0.labels["type"] == "query" })

        // The histogram counts what is stored, bucket by bucket.
        #expect(scores.count == 60)
        let buckets = PrometheusParser.samples(families, named: "solstake_trust_score_bucket")
        #expect(buckets.count == 11)
        for bucket in buckets {
            let bound = bucket.labels["le"] == "+Inf" ? Double.infinity : try #require(Double(bucket.labels["le"] ?? ""))
            #expect(bucket.value == Double(scores.count { $0 <= bound }), "le=\(bound)")
        }
        #expect(PrometheusParser.samples(families, named: "solstake_trust_score_count").first?.value == Double(scores.count))
        let sum = try #require(PrometheusParser.samples(families, named: "solstake_trust_score_sum").first?.value)
        #expect(abs(sum - scores.reduce(0, +)) < 1e-6)
    }
}
