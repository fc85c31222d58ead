import Foundation
import SQLKit
import SolStakeApp
import SolanaSimulator
import SolStakeCore
import SolStakeStore
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

extension Array {
    /// The first index whose element satisfies `belongs` (the array is partitioned by it).
    func partitioningIndex(where belongs: (Element) -> Bool) -> Int {
        var low = 0, high = count
        while low < high {
            let mid = (low + high) / 2
            if belongs(self[mid]) { high = mid } else { low = mid + 1 }
        }
        return low
    }
}

/// The back-test over 40 real epochs imported from the history file, checked against figures computed here from the
/// file's rows with brute-force arithmetic (pair counts for the AUC, rank counts for Spearman).
@Suite("Back-test over real history", .enabled(if: Fixtures.available, "set SOLSTAKE_MAINNET_FIXTURES"))
struct BacktestOverHistoryTests {
    static let first: UInt64 = 734, last: UInt64 = 773, horizon: UInt64 = 5

    @Test func naiveModelFiguresMatchTheFile() async throws {
        let history = try await HistoryReplayContract.replay.value.history
        let range = ValidatorHistory(epochs: history.epochs.filter { (Self.first...Self.last).contains($0.epoch) })
        let results = try await TestDatabases.with(.sqliteFile) { database in
            _ = try await HistoryImport.run(range, database: database, chunkEpochs: 20, logger: IngestionContract.logger)
            let panel = try await HistoryPanelReader.read(from: Self.first, to: Self.last, on: database)
            var settings = Backtest.Settings()
            settings.horizon = Self.horizon
            return Backtest.run(panel, models: [NaiveModel()], from: Self.first, to: Self.last, settings: settings)
        }
        let naive = try #require(results.first)

        // The same figures from the file.
        var rows: [UInt64: [String: ValidatorHistory.Row]] = [:]
        var credits: [UInt64: [String: Double]] = [:]
        for epoch in range.epochs {
            rows[epoch.epoch] = Dictionary(uniqueKeysWithValues: epoch.rows.map { ($0.voteAccount, $0) })
            credits[epoch.epoch] = Dictionary(uniqueKeysWithValues: epoch.rows.map {
                ($0.voteAccount, Double(HistoryReplayContract.expectedCredits($0, slotIndexOfRun: epoch.slotIndexOfRun)))
            })
        }
        let bestOf = credits.mapValues { $0.values.max()! }
        let medianOf = credits.mapValues { epoch -> Double in
            let sorted = epoch.values.sorted()
            return sorted[(sorted.count - 1) / 2]
        }
        func ratio(_ vote: String, _ e: UInt64) -> Double {
            guard let row = rows[e]?[vote], let c = credits[e]?[vote], c > 0 else { return 0 }
            let best = bestOf[e]!
            let mev = row.mevCommissionBps.map { 1 - Double($0) / 10_000 } ?? 0
            return c / best * (0.9 * (1 - Double(row.commission!) / 100) + 0.1 * mev)
        }
        func median(_ e: UInt64) -> Double { medianOf[e]! }
        var aucSum = 0.0, rhoSum = 0.0, portfolioSum = 0.0, epochs = 0
        for t in Self.first...(Self.last - Self.horizon) {
            let votes = rows[t]!.keys.sorted()
            let score = votes.map { v -> Double in rows[t]![v]!.commission! <= 5 && credits[t]![v]! > 0 ? 1 : 0 }
            let yield = votes.map { v in (1...Self.horizon).map { ratio(v, t + $0) }.reduce(0, +) / Double(Self.horizon) }
            let bad = votes.map { v -> Bool in
                (1...Self.horizon).contains { k in
                    let e = t + k
                    guard let row = rows[e]?[v], let c = credits[e]?[v], c > 0 else { return true }
                    return row.commission! >= rows[t]![v]!.commission! + 5 || c < 0.9 * median(e)
                }
            }
            // The naive score is 0 or 1: count the pairs by kind (a good 1 above a bad 0; ties count half).
            let good1 = Double(votes.indices.filter { !bad[$0] && score[$0] == 1 }.count)
            let good0 = Double(votes.indices.filter { !bad[$0] && score[$0] == 0 }.count)
            let bad1 = Double(votes.indices.filter { bad[$0] && score[$0] == 1 }.count)
            let bad0 = Double(votes.indices.filter { bad[$0] && score[$0] == 0 }.count)
            aucSum += (good1 * bad0 + 0.5 * (good1 * bad1 + good0 * bad0)) / ((good1 + good0) * (bad1 + bad0))
            // Average ranks: values below, plus half of the equal ones (itself included), from a sorted copy.
            func rank(_ x: [Double]) -> [Double] {
                let sorted = x.sorted()
                func below(_ v: Double) -> Int { sorted.partitioningIndex(where: { $0 >= v }) }
                func upTo(_ v: Double) -> Int { sorted.partitioningIndex(where: { $0 > v }) }
                return x.map { v in Double(below(v)) + Double(upTo(v) - below(v) + 1) / 2 }
            }
            let rs = rank(score), ry = rank(yield)
            let ms = rs.reduce(0, +) / Double(rs.count), my = ry.reduce(0, +) / Double(ry.count)
            let cov = zip(rs, ry).map { ($0 - ms) * ($1 - my) }.reduce(0, +)
            let vs = rs.map { ($0 - ms) * ($0 - ms) }.reduce(0, +), vy = ry.map { ($0 - my) * ($0 - my) }.reduce(0, +)
            rhoSum += cov / (vs * vy).squareRoot()
            // Top 100: score 1 first, then by vote account.
            let top = votes.indices.sorted { (score[$0], votes[$1]) > (score[$1], votes[$0]) }.prefix(100)
            portfolioSum += top.map { yield[$0] }.reduce(0, +) / Double(top.count)
            epochs += 1
        }
        #expect(naive.epochs == epochs && epochs == 35)
        #expect(abs(naive.auc - aucSum / Double(epochs)) < 1e-9, "\(naive.auc) vs \(aucSum / Double(epochs))")
        #expect(abs(naive.spearman - rhoSum / Double(epochs)) < 1e-9, "\(naive.spearman) vs \(rhoSum / Double(epochs))")
        #expect(abs(naive.portfolioYield - portfolioSum / Double(epochs)) < 1e-9)
    }

    /// Models v2, SFDP and Jito's steward through the database, against the same models on a panel the test builds from
    /// the file's rows, with the figures recomputed by brute force (every good/bad pair for the AUC).
    @Test func v2AndThePublishedRuleSetsMatchTheFile() async throws {
        let history = try await HistoryReplayContract.replay.value.history
        let range = ValidatorHistory(epochs: history.epochs.filter { (Self.first...Self.last).contains($0.epoch) })
        let models: [any BacktestModel] = [TrustScoreV2BacktestModel(), SFDPRuleModel(), JitoStewardRuleModel()]
        var settings = Backtest.Settings()
        settings.horizon = Self.horizon
        let fixedSettings = settings
        let results = try await TestDatabases.with(.sqliteFile) { database in
            _ = try await HistoryImport.run(range, database: database, chunkEpochs: 20, logger: IngestionContract.logger)
            let panel = try await HistoryPanelReader.read(from: Self.first, to: Self.last, on: database)
            return Backtest.run(panel, models: models, from: Self.first, to: Self.last, settings: fixedSettings)
        }

        // The panel from the file: credits scaled from the sample, stake exact, Jito where an MEV commission is stated.
        var byEpoch: [UInt64: [String: HistoryPanel.Figures]] = [:]
        for epoch in range.epochs {
            byEpoch[epoch.epoch] = Dictionary(uniqueKeysWithValues: epoch.rows.map { row in
                (row.voteAccount, HistoryPanel.Figures(
                    credits: UInt64(HistoryReplayContract.expectedCredits(row, slotIndexOfRun: epoch.slotIndexOfRun)),
                    commission: row.commission, mevCommissionBps: row.mevCommissionBps, runsJito: row.mevCommissionBps != nil,
                    activatedStake: row.activatedStake, version: row.clientVersion.flatMap(SnapshotBuilder.cleanVersion)))
            })
        }
        let panel = HistoryPanel(byEpoch: byEpoch)
        let bestOf = byEpoch.mapValues { Double($0.values.compactMap(\.credits).max()!) }
        let medianOf = byEpoch.mapValues { epoch -> Double in
            let sorted = epoch.values.compactMap(\.credits).sorted()
            return Double(sorted[(sorted.count - 1) / 2])
        }
        func ratio(_ vote: String, _ e: UInt64) -> Double {
            guard let f = byEpoch[e]?[vote], let c = f.credits, c > 0 else { return 0 }
            let mev = f.mevCommissionBps.map { 1 - Double($0) / 10_000 } ?? 0
            return Double(c) / bestOf[e]! * (0.9 * (1 - Double(f.commission!) / 100) + 0.1 * mev)
        }
        func median(_ e: UInt64) -> Double { medianOf[e]! }
        for (m, model) in models.enumerated() {
            var aucSum = 0.0, portfolioSum = 0.0, epochs = 0
            for t in Self.first...(Self.last - Self.horizon) {
                let votes = byEpoch[t]!.keys.sorted()
                let byVote = model.scores(panel, at: t)
                let score = votes.map { byVote[$0] ?? -1 }
                let yield = votes.map { v in (1...Self.horizon).map { ratio(v, t + $0) }.reduce(0, +) / Double(Self.horizon) }
                let bad = votes.map { v -> Bool in
                    (1...Self.horizon).contains { k in
                        guard let f = byEpoch[t + k]?[v], let c = f.credits, c > 0 else { return true }
                        return f.commission! >= byEpoch[t]![v]!.commission! + 5 || Double(c) < 0.9 * median(t + k)
                    }
                }
                let good = votes.indices.filter { !bad[$0] }, poor = votes.indices.filter { bad[$0] }
                var wins = 0.0
                for g in good { for b in poor { wins += score[g] > score[b] ? 1 : score[g] == score[b] ? 0.5 : 0 } }
                aucSum += wins / Double(good.count * poor.count)
                let top = votes.indices.sorted { (score[$0], votes[$1]) > (score[$1], votes[$0]) }.prefix(100)
                portfolioSum += top.map { yield[$0] }.reduce(0, +) / Double(top.count)
                epochs += 1
            }
            let r = results[m]
            #expect(r.epochs == epochs, "\(r.model)")
            #expect(abs(r.auc - aucSum / Double(epochs)) < 1e-9, "\(r.model): \(r.auc) vs \(aucSum / Double(epochs))")
            #expect(abs(r.portfolioYield - portfolioSum / Double(epochs)) < 1e-9, "\(r.model)")
        }
        // v2 separates: its scores are not piled up at one value.
        let v2 = results[0]
        #expect(v2.yieldByDecile.last! > v2.yieldByDecile.first!)
    }
}
