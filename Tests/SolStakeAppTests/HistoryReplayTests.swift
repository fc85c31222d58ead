import Foundation
import SQLKit
import SolStakeApp
import SolanaSimulator
import Testing
import TestSupport

@Suite("Real history replayed through fetch and score", .enabled(if: Fixtures.available, "set SOLSTAKE_MAINNET_FIXTURES"))
struct HistoryReplayTests {
    @Test func onSQLite() async throws {
        try await TestDatabases.with(.sqliteFile) { try await HistoryReplayContract.replayMatchesTheFile($0) }
    }

    @Test(.enabled(if: TestDatabases.hasPostgres, "set SOLSTAKE_TEST_POSTGRES_URL"))
    func onPostgres() async throws {
        try await TestDatabases.with(.postgres) { try await HistoryReplayContract.replayMatchesTheFile($0) }
    }
}

@Suite("A dated real cluster served and fetched", .enabled(if: Fixtures.available, "set SOLSTAKE_MAINNET_FIXTURES"))
struct DatedSnapshotTests {
    struct Stored: Decodable {
        let voteAccount: String
        let validatorPubkey: String
        let version: String?
        let skipRate: Double?
        let mevCommissionBps: Int?
        let runsJito: Bool?
        let delinquent: Bool
        let leaderSlots: Int64?
    }

    @Test func january21st2026() async throws {
        let fixtures = Fixtures.mainnet!
        func json(_ name: String) throws -> Any { try JSONSerialization.jsonObject(with: fixtures.data(name)) }
        let cli = try json("cli_solana_validators_mainnet_2026-01-21_slot394890948.json.gz") as! [String: Any]
        struct Row: Sendable { let vote: String; let identity: String; let version: String?; let delinquent: Bool; let skip: Double? }
        let rows = (cli["validators"] as! [[String: Any]]).map { row in
            Row(vote: row["voteAccountPubkey"] as! String, identity: row["identityPubkey"] as! String, version: row["version"] as? String,
                delinquent: row["delinquent"] as? Bool == true, skip: row["skipRate"] as? Double)
        }
        let jito = ((try json("jito_kobe_jitosol_validators_mainnet_2026-01-21.json.gz") as! [String: Any])["validators"] as! [[String: Any]])
        var mevByVote: [String: Int] = [:]
        for row in jito where row["running_jito"] as? Bool != false {
            if let bps = row["mev_commission_bps"] as? Int { mevByVote[row["vote_account"] as! String] = bps }
        }
        let mev = mevByVote
        var settings = SimulatedCluster.Settings()
        settings.slotTime = .zero
        let cluster = try DatedSnapshotLoader.load(from: fixtures, date: "2026-01-21", settings: settings)
        try await TestDatabases.with(.sqliteMemory) { database in
            try await SimulatorHarness.with(SimulatorServer(cluster: cluster)) { url in
                let fetch = try await IngestJob.run(jobId: "dated", client: IngestionContract.client(url), database: database, logger: IngestionContract.logger)
                #expect(fetch.epoch == 394_890_948 / 432_000)
                #expect(fetch.validators == Set(rows.map(\.vote)).count)
                #expect(fetch.delinquent == rows.filter(\.delinquent).count)
            }
            let stored = try await database.read { db in
                try await db.raw(#"SELECT v."voteAccount", v."validatorPubkey", v."version", v."skipRate", v."mevCommissionBps", v."runsJito", v."delinquent", s."leaderSlots" FROM "validator" v LEFT JOIN "validatorEpochStat" s ON s."validatorId" = v."id" AND s."epoch" = 914"#)
                    .all(decoding: Stored.self)
            }
            let byVote = Dictionary(uniqueKeysWithValues: stored.map { ($0.voteAccount, $0) })
            var checkedSkips = 0
            for row in rows {
                let vote = row.vote
                let v = try #require(byVote[vote])
                #expect(v.validatorPubkey == row.identity)
                let version = row.version
                #expect(v.version == (version == "unknown" ? nil : version), "\(vote)")
                #expect(v.runsJito == (mev[vote] != nil) && v.mevCommissionBps == mev[vote], "\(vote)")
                // Real skip rates (percent) become block production; groups of 4 leader slots round them.
                if let skip = row.skip, let served = v.skipRate, let slots = v.leaderSlots, slots > 0, !v.delinquent {
                    #expect(abs(served * 100 - skip) <= 50 / Double(slots) + 1e-9, "\(vote): \(served) vs \(skip)% of \(slots)")
                    checkedSkips += 1
                }
            }
            #expect(checkedSkips > 400)
            // Frankendancer builds are served as the snapshot reports them.
            #expect(stored.contains { $0.version == "0.808.30014" })
        }
    }
}
