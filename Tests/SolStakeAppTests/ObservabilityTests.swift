import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import SQLKit
import SolStakeAPI
import SolStakeApp
import SolStakeCore
import SolStakeJobs
import SolStakeStore
import SolanaRPC
import SolanaSimulator
import Synchronization
import TestJobKinds
import Testing
import TestSupport

@Suite struct HealthEvaluationTests {
    func report(db: String = "up", available: Int = 0, oldest: Double? = nil, workers: Int = 1, fetchAge: Double? = 10, scoreAge: Double? = 20, rpcOK: Bool? = true) -> SystemReport {
        var r = SystemReport(
            generatedAt: 0,
            database: .init(status: db, flavor: "sqlite", latencyMs: db == "up" ? 1 : nil, appliedMigrations: 6, error: db == "up" ? nil : "gone"))
        guard db == "up" else { return r }
        r.queue = .init(depth: [:], available: available, running: 0, oldestAvailableAgeSeconds: oldest, completedLastHour: 0, failedLastHour: 0)
        r.workers = .init(alive: workers, ids: [])
        r.freshness = .init(lastFetchAgeSeconds: fetchAge, lastScoreAgeSeconds: scoreAge, fetchIntervalSeconds: 30, scoreIntervalSeconds: 60, profile: "test")
        r.rpc = rpcOK.map { .init(method: "getVoteAccounts", endpoint: "http://x", succeeded: $0, latencyMs: 5, error: $0 ? nil : "HTTP 503", at: "now") }
        return r
    }

    func status(_ r: SystemReport, _ check: String) -> HealthEvaluation.Status? {
        HealthEvaluation.evaluate(r).checks.first { $0.name == check }?.status
    }

    @Test func everyCheckHasItsStates() {
        #expect(HealthEvaluation.evaluate(report()).status == .healthy)
        #expect(HealthEvaluation.evaluate(report(db: "down")).status == .unhealthy)
        // Empty queue vs backlog.
        #expect(status(report(available: 0), "queue") == .healthy)
        #expect(status(report(available: 40, oldest: 30), "queue") == .healthy)
        #expect(status(report(available: 40, oldest: 900), "queue") == .degraded)
        // Workers.
        #expect(status(report(workers: 0), "workers") == .degraded)
        // Stale data: older than 3 schedule intervals, or never.
        #expect(status(report(fetchAge: 89), "fetch freshness") == .healthy)
        #expect(status(report(fetchAge: 91), "fetch freshness") == .degraded)
        #expect(status(report(fetchAge: nil), "fetch freshness") == .degraded)
        #expect(status(report(scoreAge: 181), "score freshness") == .degraded)
        // RPC: the cached last call.
        #expect(status(report(rpcOK: false), "solana rpc") == .degraded)
        #expect(status(report(rpcOK: nil), "solana rpc") == .healthy)
        #expect(HealthEvaluation.evaluate(report(workers: 0)).status == .degraded)
    }
}

@Suite("Observability endpoints and metrics")
struct ObservabilityTests {
    func app(_ database: any DatabaseClient, rpc: RPCObservations? = nil) async throws -> some ApplicationProtocol {
        let reader = try await AppConfiguration.reader(commandLine: [:], environment: [:], dotEnvPath: nil)
        return try buildApplication(
            configuration: try AppConfiguration(reader: reader), database: database, logger: TestDatabases.logger,
            processRegistry: TestMetrics.registry, rpc: rpc)
    }

    struct Health: Decodable {
        struct Check: Decodable { let name: String; let status: String }
        let status: String
        let checks: [Check]
    }

    @Test func liveReadyAndTheHealthOfAFreshSystem() async throws {
        try await TestDatabases.with(.sqliteMemory) { database in
            try await app(database).test(.router) { client in
                try await client.execute(uri: "/health/live", method: .get) { #expect($0.status == .ok) }
                try await client.execute(uri: "/health/ready", method: .get) { #expect($0.status == .ok) }
                try await client.execute(uri: "/health", method: .get) { response in
                    #expect(response.status == .ok)
                    let health = try JSONDecoder().decode(Health.self, from: Data(buffer: response.body))
                    #expect(health.status == "degraded")
                    #expect(Set(health.checks.map(\.name)) == ["database", "queue", "workers", "fetch freshness", "score freshness", "solana rpc"])
                }
            }
        }
    }

    @Test func notReadyOnAnUnmigratedDatabase() async throws {
        try await TestDatabases.with(.sqliteMemory, migrate: false) { database in
            // A bare router: no start-up preparation, as an orchestrator would see a process whose schema is behind.
            let router = Router()
            ObservabilityController<BasicRequestContext>(database: database, version: "test").addRoutes(to: router)
            try await Application(router: router).test(.router) { client in
                try await client.execute(uri: "/health/ready", method: .get) { #expect($0.status == .serviceUnavailable) }
                try await client.execute(uri: "/health", method: .get) { #expect($0.status == .serviceUnavailable) }
            }
        }
    }

    /// Readiness reads without writing: a long write transaction holding SQLite's single writer does not block it.
    @Test func readyWhileAWriteTransactionIsOpen() async throws {
        try await TestDatabases.with(.sqliteFile) { database in
            let router = Router()
            ObservabilityController<BasicRequestContext>(database: database, version: "test").addRoutes(to: router)
            let (release, releaser) = AsyncStream.makeStream(of: Void.self)
            let (opened, opener) = AsyncStream.makeStream(of: Void.self)
            let ended = Mutex(false)
            let writer = Task {
                defer { ended.withLock { $0 = true } }
                try await database.transaction { db in
                    try await db.raw(#"INSERT INTO "auditLog" ("action", "metadata", "createdAt") VALUES ('test.hold', '{}', 1)"#).run()
                    opener.yield()
                    // Held until the test has its answer (or 30 s, so a regression fails instead of hanging).
                    _ = await withTaskGroup(of: Void.self) { group in
                        group.addTask { for await _ in release { return } }
                        group.addTask { try? await Task.sleep(for: .seconds(30)) }
                        await group.next()
                        group.cancelAll()
                    }
                }
            }
            for await _ in opened { break }
            try await Application(router: router).test(.router) { client in
                try await client.execute(uri: "/health/ready", method: .get) { response in
                    #expect(response.status == .ok)
                    #expect(ended.withLock { $0 } == false, "answered while the write transaction was open")
                }
            }
            // The transaction was still open when readiness answered: releasing it now is what ends it.
            releaser.yield()
            try await writer.value
        }
    }

    @Test(.enabled(if: Fixtures.available, "set SOLSTAKE_MAINNET_FIXTURES"))
    func healthyAfterAFetchAndAScoreByAWorker() async throws {
        _ = TestMetrics.registry
        try await TestDatabases.with(.sqliteFile) { database in
            var settings = SimulatedCluster.Settings()
            settings.slotTime = .zero
            let server = SimulatorServer(cluster: try SnapshotLoader.load(from: Fixtures.mainnet!, settings: settings))
            try await SimulatorHarness.with(server) { url in
                let client = IngestionContract.client(url)
                let queue = JobQueue(database: database)
                try await ScheduleStore(queue: queue).install(.test, replace: true)
                _ = try await IngestJob.run(jobId: "f", client: client, database: database, logger: TestDatabases.logger)
                _ = try await ScoreJob.run(jobId: "s", database: database, logger: TestDatabases.logger)
                let worker = Worker(queue: queue, handlers: [TestJobKinds.noop: NoopJobHandler()], logger: TestDatabases.logger)
                try await ServiceGroupRunner(worker).run {
                    try await app(database, rpc: client.observations).test(.router) { http in
                        try await http.execute(uri: "/health", method: .get) { response in
                            #expect(response.status == .ok)
                            let health = try JSONDecoder().decode(Health.self, from: Data(buffer: response.body))
                            #expect(health.status == "healthy", "\(String(buffer: response.body))")
                        }
                        try await http.execute(uri: "/metrics", method: .get) { response in
                            let report = try JSONDecoder().decode(SystemReport.self, from: Data(buffer: response.body))
                            #expect(report.business?.validators == 1_351 && report.business?.coverage == 1)
                            #expect(report.jobs?["noop"] == nil && report.workers?.alive == 1)
                        }
                        let text = try await http.execute(uri: "/metrics/prometheus", method: .get) { String(buffer: $0.body) }
                        let families = try await PrometheusParser.parse(text)
                        #expect(families["solstake_validators"]?.first?.value == 1_351)
                        #expect(families["solstake_validators_delinquent"]?.first?.value == 26)
                        #expect(PrometheusParser.samples(families, named: "solstake_trust_score_count").first?.value == 1_351)
                        #expect(families["solstake_workers_alive"]?.first?.value == 1)
                        #expect(families["solstake_scoring_coverage_ratio"]?.first?.value == 1)
                        #expect(families["solstake_rpc_requests"] != nil, "a counter family, as Prometheus reads it")
                        #expect(PrometheusParser.samples(families, named: "solstake_rpc_requests_total").contains { $0.labels["method"] == "getVoteAccounts" && $0.value >= 1 })
                        #expect(PrometheusParser.samples(families, named: "solstake_rpc_request_duration_seconds_count").reduce(0) { $0 + $1.value } >= 5, "a histogram")
                        #expect(PrometheusParser.samples(families, named: "solstake_http_requests_total").contains { $0.labels["route"] == "/health" && $0.labels["status"] == "200" })
                        #expect(families["solstake_database_up"]?.first?.value == 1)
                    }
                }
            }
        }
    }
}
