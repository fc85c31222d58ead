import AsyncHTTPClient
import Foundation
import SolStakeStore
import SolanaSimulator
import Testing
import TestSupport

/// Providers put API keys in the RPC URL's path and query. A `solstake serve` given such a URL, whose fetches partly fail,
/// shows the endpoint as scheme, host and port everywhere: in `/health`, `/metrics`, the Prometheus exposition, its log
/// output and the errors stored with the jobs.
@Suite("RPC keys are never shown", .enabled(if: SolStakeBinary.url != nil, "build the solstake executable"))
struct RPCKeyRedactionTests {
    static let pathKey = "PathKeyLive777"
    static let queryKey = "TokenKey666"

    @Test func plantedPathAndQueryKeysAppearNowhere() async throws {
        let server = SimulatorHarness.syntheticServer(faults: [Fault(method: "getBlockProduction", kind: .http, rate: 1, status: 503)])
        try await SimulatorHarness.with(server) { rpc in
            try await TestDatabases.withTemporaryDirectory { dir in
                let path = dir.appendingPathComponent("keys.sqlite").path
                let logPath = dir.appendingPathComponent("serve.log").path
                FileManager.default.createFile(atPath: logPath, contents: nil)
                let log = try FileHandle(forWritingTo: URL(fileURLWithPath: logPath))
                let rpcURL = "\(rpc.absoluteString)/v2/\(Self.pathKey)?token=\(Self.queryKey)"
                let process = try SolStakeBinary.start(
                    ["serve", "--port", "0", "--database-url", "sqlite://\(path)", "--solana-rpc-url", rpcURL, "--log-level", "debug"],
                    stdout: .file(log), stderr: .file(log))
                defer { process.kill(SIGKILL) }
                func logText() -> String { (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "" }

                var port: Int?
                for _ in 0..<100 where port == nil {
                    try await Task.sleep(for: .milliseconds(100))
                    port = logText().firstMatch(of: /listening on 127\.0\.0\.1:(\d+)/).flatMap { Int($0.1) }
                }
                let base = "http://127.0.0.1:\(try #require(port, "serve did not start: \(logText().suffix(500))"))"

                // The scheduled fetch runs at once and fails on getBlockProduction: its error is stored with the job.
                let errors = try await DatabaseFactory.withDatabase(.sqliteFile(path: path), logger: TestDatabases.logger) { database in
                    var errors: [String] = []
                    for _ in 0..<200 where errors.isEmpty {
                        try await Task.sleep(for: .milliseconds(100))
                        errors = try await database.read { db in
                            struct Row: Decodable { let lastError: String?; let errors: String? }
                            return try await db.raw(#"SELECT "lastError", "errors" FROM "job" WHERE "kind" = 'fetch' AND "lastError" IS NOT NULL"#)
                                .all(decoding: Row.self).flatMap { [$0.lastError ?? "", $0.errors ?? ""] }
                        }
                    }
                    return errors
                }
                #expect(!errors.isEmpty, "no fetch failed within 20 s: \(logText().suffix(500))")
                let shown = "127.0.0.1:\(rpc.port!)/***"
                #expect(errors.contains { $0.contains(shown) }, "the stored error names the endpoint: \(errors.first ?? "")")

                var bodies: [String: String] = [:]
                for route in ["/health", "/metrics", "/metrics/prometheus", "/queue"] {
                    let response = try await HTTPClient.shared.execute(HTTPClientRequest(url: base + route), timeout: .seconds(10))
                    // JSON escapes slashes.
                    bodies[route] = String(buffer: try await response.body.collect(upTo: 1 << 24)).replacingOccurrences(of: "\\/", with: "/")
                }
                #expect(bodies["/health"]?.contains(shown) == true, "health shows the endpoint redacted: \(bodies["/health"]?.prefix(400) ?? "")")
                #expect(await process.stop() != nil)
                try log.close()

                let surfaces = ["stored job errors": errors.joined(separator: "\n"), "log output": logText()].merging(bodies) { a, _ in a }
                #expect(logText().contains(shown), "the log names the endpoint redacted")
                for (surface, text) in surfaces {
                    #expect(!text.contains(Self.pathKey) && !text.contains(Self.queryKey), "\(surface) shows a key")
                }
            }
        }
    }
}
