import AsyncHTTPClient
import Foundation
import SolStakeJobs
import SolStakeStore
import Testing
import TestSupport

/// `solstake worker --metrics-port`: probes and a Prometheus scrape of the worker process itself, where its job
/// counters live.
@Suite("Worker metrics listener", .enabled(if: SolStakeBinary.url != nil, "build the solstake executable"))
struct WorkerMetricsListenerTests {
    @Test func probesAndJobCountersOfTheWorkerProcess() async throws {
        try await TestDatabases.withTemporaryDirectory { dir in
            let path = dir.appendingPathComponent("w.sqlite").path
            let logPath = dir.appendingPathComponent("worker.log").path
            #expect(FileManager.default.createFile(atPath: logPath, contents: nil))
            let log = try FileHandle(forWritingTo: URL(fileURLWithPath: logPath))
            try await DatabaseFactory.withDatabase(.sqliteFile(path: path), logger: TestDatabases.logger) { database in
                try await SimulatorHarness.with(SimulatorHarness.syntheticServer()) { rpc in
                    try await Migrator(database: database, logger: TestDatabases.logger).migrate()
                    let queue = JobQueue(database: database)
                    // A real job kind: a stake sync with no tracked wallets asks the simulator for the epoch and completes.
                    let job = try await queue.enqueue(JobRequest(kind: JobKinds.stakeSync))
                    let worker = try SolStakeBinary.start(
                        ["worker", "--database-url", "sqlite://\(path)", "--metrics-port", "0", "--no-scheduler", "--poll-ms", "50",
                         "--log-level", "info", "--log-format", "text", "--solana-rpc-url", rpc.absoluteString],
                        stdout: .file(log), stderr: .file(log))
                    func logText() -> String { (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "" }
                    do {
                        var port: Int?
                        for _ in 0..<150 where port == nil && worker.isRunning {
                            try await Task.sleep(for: .milliseconds(100))
                            port = logText().firstMatch(of: /listening on 127\.0\.0\.1:(\d+)/).flatMap { Int($0.1) }
                        }
                        let base = "http://127.0.0.1:\(try #require(port, "no listener: \(logText().suffix(500))"))"
                        func get(_ route: String) async throws -> (Int, String) {
                            let response = try await HTTPClient.shared.execute(HTTPClientRequest(url: base + route), timeout: .seconds(10))
                            return (Int(response.status.code), String(buffer: try await response.body.collect(upTo: 1 << 22)))
                        }
                        #expect(try await get("/health/live").0 == 200)
                        var ready = (0, "")
                        for _ in 0..<100 where ready.0 != 200 {
                            ready = try await get("/health/ready")
                            if ready.0 != 200 { try await Task.sleep(for: .milliseconds(100)) }
                        }
                        #expect(ready.0 == 200, "\(ready.1.prefix(300))")
                        for _ in 0..<300 where try await queue.job(job.id)?.state != "completed" { try await Task.sleep(for: .milliseconds(100)) }
                        let text = try await get("/metrics/prometheus").1
                        #expect(text.contains(#"solstake_jobs_total{kind="stake-sync",outcome="completed"} 1"#), "\(text.prefix(2_000))")
                        #expect(text.contains("solstake_build_info{version="))
                        #expect(try await get("/graphql").0 == 404, "the worker serves no API")
                    } catch {
                        await worker.stop()
                        throw error
                    }
                    #expect(await worker.stop() == 0, "SIGTERM stops the listener with the worker")
                }
            }
            try log.close()
        }
    }
}
