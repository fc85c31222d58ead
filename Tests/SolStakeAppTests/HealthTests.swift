import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import SolStakeAPI
import SolStakeApp
import SQLKit
import SolStakeStore
import SolStakeJobs
import TestJobKinds
import Testing
import TestSupport

@Suite struct HealthTests {
    struct Report: Decodable {
        struct Check: Decodable { let name: String; let status: String }
        let status: String
        let checks: [Check]
        let database: DatabaseProbe.Result
    }

    func configuration() async throws -> AppConfiguration {
        let reader = try await AppConfiguration.reader(commandLine: [.port: "0"], environment: [:], dotEnvPath: nil)
        return try AppConfiguration(reader: reader)
    }

    func getHealth(_ database: any DatabaseClient, then: (@Sendable () async throws -> Void)? = nil) async throws -> (HTTPResponse.Status, Report) {
        let app = try buildApplication(configuration: try await configuration(), database: database, logger: TestDatabases.logger)
        return try await app.test(.router) { client in
            if let then { try await then() }
            return try await client.execute(uri: "/health", method: .get) { response in
                (response.status, try JSONDecoder().decode(Report.self, from: Data(buffer: response.body)))
            }
        }
    }

    @Test func healthyOnAMigratedSQLiteDatabase() async throws {
        try await TestDatabases.with(.sqliteFile) { database in
            let (status, report) = try await getHealth(database)
            #expect(status == .ok)
            #expect(report.status == "degraded", "no fetch yet and no worker: degraded, still 200")
            #expect(report.checks.first { $0.name == "database" }?.status == "healthy")
            #expect(report.database.status == "up")
            #expect(report.database.appliedMigrations == Schema.migrations.count)
            #expect(report.database.latencyMs != nil)
        }
    }

    @Test func unavailableWhenTheSQLiteFileBecomesUnreadable() async throws {
        try await TestDatabases.withTemporaryDirectory { dir in
            let path = dir.appendingPathComponent("broken.sqlite").path
            try await DatabaseFactory.withDatabase(.sqliteFile(path: path), logger: TestDatabases.logger) { database in
                try await Migrator(database: database, logger: TestDatabases.logger).migrate()
                let (status, report) = try await getHealth(database) {
                    // Overwrite the database and its WAL with garbage under the running server.
                    let garbage = Data(repeating: 0x5A, count: 64 * 1024)
                    for file in [path, path + "-wal", path + "-shm"] where FileManager.default.fileExists(atPath: file) {
                        try garbage.write(to: URL(fileURLWithPath: file))
                    }
                }
                #expect(status == .serviceUnavailable)
                #expect(report.status == "unhealthy")
                #expect(report.database.status == "down")
                #expect(report.database.error != nil)
            }
        }
    }

    @Test func unavailableWhenTheDatabaseIsClosed() async throws {
        try await TestDatabases.with(.sqliteFile) { database in
            let (status, report) = try await getHealth(database) { await database.shutdown() }
            #expect(status == .serviceUnavailable)
            #expect(report.database.status == "down")
        }
    }

    @Test(.enabled(if: TestDatabases.hasPostgres, "set SOLSTAKE_TEST_POSTGRES_URL"))
    func healthyOnPostgres() async throws {
        try await TestDatabases.with(.postgres) { database in
            // Under the full suite's load on 2 cores a probe can miss its 2 s (then 503 is the right answer): a few tries.
            try await database.read { db in try await db.raw("SELECT 1").run() }
            var (status, report) = try await getHealth(database)
            for _ in 0..<4 where status != .ok { (status, report) = try await getHealth(database) }
            #expect(status == .ok)
            #expect(report.database.flavor == "postgres")
        }
    }

    @Test(.enabled(if: TestDatabases.hasPostgres, "set SOLSTAKE_TEST_POSTGRES_URL"))
    func unavailableWhenPostgresGoesAway() async throws {
        try await TestDatabases.withFreshPostgres { url in
            guard case .postgres(let location) = url, case .postgres(let admin)? = TestDatabases.postgresURL else { return }
            try await DatabaseFactory.withDatabase(url, logger: TestDatabases.logger) { database in
                try await Migrator(database: database, logger: TestDatabases.logger).migrate()
                let (status, report) = try await getHealth(database) {
                    // The database disappears under the running server: its connections are terminated and new ones fail.
                    try await DatabaseFactory.withDatabase(.postgres(admin), logger: TestDatabases.logger) { server in
                        try await server.read { db in
                            try await db.raw("DROP DATABASE \(unsafeRaw: location.database) WITH (FORCE)").run()
                        }
                    }
                }
                #expect(status == .serviceUnavailable)
                #expect(report.status == "unhealthy")
                #expect(report.database.status == "down")
            }
        }
    }
}

@Suite struct DatabasePreparationTests {
    @Test func sqliteMigratesItself() async throws {
        try await TestDatabases.with(.sqliteMemory, migrate: false) { database in
            try await DatabasePreparation.prepare(database, logger: TestDatabases.logger)
            #expect(try await Migrator(database: database, logger: TestDatabases.logger).status().pending.isEmpty)
        }
    }

    @Test(.enabled(if: TestDatabases.hasPostgres, "set SOLSTAKE_TEST_POSTGRES_URL"))
    func postgresRefusesToStartOnPendingMigrations() async throws {
        try await TestDatabases.with(.postgres, migrate: false) { database in
            do {
                try await DatabasePreparation.prepare(database, logger: TestDatabases.logger)
                Issue.record("serve would have started on an unmigrated database")
            } catch let error as DatabaseError {
                #expect(error.description.contains("solstake migrate"))
            }
            // Nothing was applied behind the operator's back.
            #expect(try await Migrator(database: database, logger: TestDatabases.logger).status().applied.isEmpty)
        }
    }
}

@Suite struct QueueEndpointTests {
    struct Snapshot: Decodable {
        struct Running: Decodable { let id: Int64; let kind: String; let progress: String?; let owner: String? }
        let counts: [String: [String: Int]]
        let running: [Running]
    }

    @Test func queueOverviewShowsCountsAndProgress() async throws {
        try await TestDatabases.with(.sqliteMemory) { database in
            let queue = SolStakeJobs.JobQueue(database: database)
            _ = try await queue.enqueue(.init(kind: "noop"))
            _ = try await queue.enqueue(.init(kind: "fetch"))
            let claimed = try await queue.claim(owner: "w1", limit: 1, lease: .seconds(30))
            _ = try await queue.reportProgress(claimed[0].lease!, "650/1102")
            let reader = try await AppConfiguration.reader(commandLine: [:], environment: [:], dotEnvPath: nil)
            let app = try buildApplication(configuration: try AppConfiguration(reader: reader), database: database, logger: TestDatabases.logger)
            try await app.test(.router) { client in
                try await client.execute(uri: "/queue", method: .get) { response in
                    #expect(response.status == .ok)
                    let snapshot = try JSONDecoder().decode(Snapshot.self, from: Data(buffer: response.body))
                    #expect(snapshot.counts["running"]?["noop"] == 1)
                    #expect(snapshot.counts["available"]?["fetch"] == 1)
                    #expect(snapshot.running.first?.progress == "650/1102" && snapshot.running.first?.owner == "w1")
                }
            }
        }
    }
}
