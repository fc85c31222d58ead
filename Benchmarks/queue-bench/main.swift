// Queue benchmark: jobs per second claimed and completed with empty handlers by 1 and 4 worker processes (`solstake-test
// worker`: solstake's worker with the test job kinds), and the latency from enqueue to start (poll vs LISTEN/NOTIFY on PostgreSQL).
//   queue-bench --solstake PATH --database sqlite|postgres [--jobs N]   (PATH: solstake-test, the CLI with the test job kinds)
import Foundation
import Logging
import SQLKit
import SolStakeJobs
import SolStakeStore
import TestJobKinds

let args = CommandLine.arguments
func option(_ name: String) -> String? { args.firstIndex(of: name).flatMap { $0 + 1 < args.count ? args[$0 + 1] : nil } }
let solstake = option("--solstake") ?? ".build/release/solstake-test"
let kind = option("--database") ?? "sqlite"
let jobs = Int(option("--jobs") ?? "5000") ?? 5000
var logger = Logger(label: "queue-bench")
logger.logLevel = .error

let directory = FileManager.default.temporaryDirectory.appendingPathComponent("solstake-queue-bench-\(UUID().uuidString)")
try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
defer { try? FileManager.default.removeItem(at: directory) }

let admin: DatabaseURL.PostgresLocation? = {
    guard let text = ProcessInfo.processInfo.environment["SOLSTAKE_TEST_POSTGRES_URL"], case .postgres(let server)? = try? DatabaseURL(parsing: text) else { return nil }
    return server
}()
func freshDatabase(_ label: String) async throws -> (DatabaseURL, String) {
    switch kind {
    case "postgres":
        guard let server = admin else {
            print("postgres: skipped (set SOLSTAKE_TEST_POSTGRES_URL)")
            exit(0)
        }
        let name = "solstake_qbench_\(label)_\(UInt32.random(in: 0...UInt32.max))"
        try await DatabaseFactory.withDatabase(.postgres(server), logger: logger) { db in
            try await db.read { try await $0.raw("CREATE DATABASE \(unsafeRaw: name)").run() }
        }
        var location = server
        location.database = name
        return (.postgres(location), "postgres://\(location.username)@\(location.host):\(location.port)/\(name)")
    default:
        let path = directory.appendingPathComponent("\(label).sqlite").path
        return (.sqliteFile(path: path), "sqlite://\(path)")
    }
}

func startWorkers(_ count: Int, url: String, extra: [String] = []) throws -> [Process] {
    try (0..<count).map { _ in
        let p = Process()
        p.executableURL = URL(fileURLWithPath: solstake)
        p.arguments = ["worker", "--database-url", url, "--log-level", "error", "--no-scheduler", "--solana-rpc-url", "http://127.0.0.1:1"] + extra
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        return p
    }
}

func stop(_ processes: [Process]) {
    for p in processes where p.isRunning { p.terminate() }
    for p in processes { p.waitUntilExit() }
}

func throughput(workers: Int) async throws {
    let (url, text) = try await freshDatabase("t\(workers)")
    try await DatabaseFactory.withDatabase(url, logger: logger) { database in
        try await Migrator(database: database, logger: logger).migrate()
        let queue = JobQueue(database: database)
        let processes = try startWorkers(workers, url: text, extra: ["--poll-ms", "50"])
        defer { stop(processes) }
        try await Task.sleep(for: .seconds(2))  // workers up and idle
        try await database.transaction { db in
            for _ in 0..<jobs { _ = try await queue.enqueue(JobRequest(kind: TestJobKinds.empty), on: db) }
        }
        let start = ContinuousClock.now
        while try await (queue.counts()["completed"]?[TestJobKinds.empty] ?? 0) < jobs {
            try await Task.sleep(for: .milliseconds(20))
        }
        let seconds = (ContinuousClock.now - start).seconds
        print(String(format: "%@: %d worker process(es) x concurrency 3: %d empty jobs in %.2f s = %.0f jobs/s", kind, workers, jobs, seconds, Double(jobs) / seconds))
    }
}

func latency(listen: Bool) async throws {
    let (url, text) = try await freshDatabase(listen ? "listen" : "poll")
    try await DatabaseFactory.withDatabase(url, logger: logger) { database in
        try await Migrator(database: database, logger: logger).migrate()
        let queue = JobQueue(database: database)
        let processes = try startWorkers(1, url: text, extra: ["--poll-ms", "1000"] + (listen ? [] : ["--no-listen"]))
        defer { stop(processes) }
        try await Task.sleep(for: .seconds(2))
        var samples: [Double] = []
        for _ in 0..<30 {
            let job = try await queue.enqueue(JobRequest(kind: TestJobKinds.empty))
            while try await queue.job(job.id)?.state != "completed" { try await Task.sleep(for: .milliseconds(5)) }
            let row = try await queue.job(job.id)!
            samples.append(Double(row.startedAt! - row.createdAt))
            try await Task.sleep(for: .milliseconds(Int.random(in: 50...400)))
        }
        samples.sort()
        print(String(format: "%@ enqueue-to-start latency (%@, poll 1 s): p50 %.0f ms, p90 %.0f ms, max %.0f ms over %d jobs",
            kind, listen ? "LISTEN/NOTIFY" : "poll only", samples[samples.count / 2], samples[Int(Double(samples.count) * 0.9)], samples.last!, samples.count))
    }
}

try await throughput(workers: 1)
try await throughput(workers: 4)
if kind == "postgres" { try await latency(listen: true) }
try await latency(listen: false)
if kind == "postgres", let admin {
    try await DatabaseFactory.withDatabase(.postgres(admin), logger: logger) { db in
        struct Row: Decodable { let datname: String }
        let names = try await db.read { try await $0.raw("SELECT datname FROM pg_database WHERE datname LIKE 'solstake_qbench_%'").all(decoding: Row.self) }
        for name in names { try await db.read { try await $0.raw("DROP DATABASE IF EXISTS \(unsafeRaw: name.datname) WITH (FORCE)").run() } }
    }
}
