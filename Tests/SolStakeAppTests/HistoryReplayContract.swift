import Foundation
import Logging
import SQLKit
import SolStakeApp
import SolStakeCore
import SolStakeStore
import SolanaRPC
import SolanaSimulator
import Testing
import TestSupport

/// Real history through the whole pipeline: the simulator replays epochs 734-764 of the fixtures' per-epoch history
/// (8 commission rises that fell back, 149 rises, validators that vanish), and every epoch is fetched and scored over
/// HTTP. The expectations are computed here from the file's rows, independently of the simulator's code.
enum HistoryReplayContract {
    static let firstEpoch: UInt64 = 734
    static let lastEpoch: UInt64 = 764
    static let slotsPerEpoch: UInt64 = 432_000

    /// Loaded once per test process: parsing the 300,000-row file is the slow part of a debug build.
    static let replay = Task { () throws -> HistoryReplay in
        try HistoryReplay.load(from: Fixtures.mainnet!, slotsPerEpoch: slotsPerEpoch)
    }

    static var logger: Logger { IngestionContract.logger }

    struct StatRow: Decodable, Hashable {
        let voteAccount: String
        let validatorPubkey: String
        let epoch: Int64
        let credits: Int64?
        let commission: Int?
        let activatedStake: Int64?
        let mevCommissionBps: Int?
        let runsJito: Bool?
        let version: String?
        let importedAt: Int64?
    }

    struct Key: Hashable {
        let vote: String
        let epoch: UInt64
    }

    static func stats(_ database: any DatabaseClient) async throws -> [Key: StatRow] {
        let rows = try await database.read { db in
            try await db.raw("""
                SELECT v."voteAccount", v."validatorPubkey", s."epoch", s."credits", s."commission", s."activatedStake", s."mevCommissionBps",
                    s."runsJito", s."version", s."importedAt"
                FROM "validatorEpochStat" s JOIN "validator" v ON v."id" = s."validatorId"
                """).all(decoding: StatRow.self)
        }
        var out: [Key: StatRow] = [:]
        for row in rows { out[Key(vote: row.voteAccount, epoch: UInt64(row.epoch))] = row }
        return out
    }

    struct Score {
        let reasons: [String]
        let liveness: Double
    }

    static func scores(_ database: any DatabaseClient, run: Int64) async throws -> [String: Score] {
        var out: [String: Score] = [:]
        for row in try await IngestionContract.scores(database, run: run) {
            let reasons = try JSONDecoder().decode([String].self, from: Data(row.reasons.utf8))
            let components = try JSONDecoder().decode([String: Double].self, from: Data(row.components.utf8))
            out[row.voteAccount] = Score(reasons: reasons, liveness: components["liveness"] ?? -1)
        }
        return out
    }

    struct Delinquency: Decodable { let voteAccount: String; let delinquent: Bool }

    /// The file's rows of the range, by epoch and vote account.
    static func fileRows(_ history: ValidatorHistory) -> [UInt64: [String: ValidatorHistory.Row]] {
        var out: [UInt64: [String: ValidatorHistory.Row]] = [:]
        for epoch in firstEpoch...lastEpoch {
            let rows = history.epoch(epoch)!.rows
            out[epoch] = Dictionary(uniqueKeysWithValues: rows.map { ($0.voteAccount, $0) })
        }
        return out
    }

    /// The full-epoch credits the file implies: the sample scaled to the epoch, rounded half up.
    static func expectedCredits(_ row: ValidatorHistory.Row, slotIndexOfRun: UInt64) -> Int64 {
        let sample = row.sampledCredits ?? 0
        return Int64(min((sample * slotsPerEpoch + slotIndexOfRun / 2) / slotIndexOfRun, 16 * slotsPerEpoch))
    }

    static func replayMatchesTheFile(_ database: any DatabaseClient) async throws {
        let replay = try await replay.value
        let file = fileRows(replay.history)
        var settings = SimulatedCluster.Settings()
        settings.slotTime = .zero
        let cluster = try await SimulatedCluster.replaying(replay, from: firstEpoch, settings: settings)
        let (scoresByEpoch, delinquentByEpoch) = try await SimulatorHarness.with(SimulatorServer(cluster: cluster)) { url in
            var scoresByEpoch: [UInt64: [String: Score]] = [:]
            var delinquentByEpoch: [UInt64: [String: Bool]] = [:]
            let client = IngestionContract.client(url)
            for epoch in firstEpoch...lastEpoch {
                if epoch > firstEpoch { _ = try await SimulatorHarness.admin(url, "POST", "admin/advance-epoch") }
                let fetch = try await IngestJob.run(jobId: "fetch-\(epoch)", client: client, database: database, logger: logger)
                #expect(fetch.epoch == epoch)
                let score = try await ScoreJob.run(jobId: "score-\(epoch)", database: database, model: .v1(.init()), logger: logger)
                scoresByEpoch[epoch] = try await scores(database, run: score.runId)
                let observed = try await database.read { db in
                    try await db.raw("""
                        SELECT v."voteAccount", o."delinquent" FROM "validatorObservation" o JOIN "validator" v ON v."id" = o."validatorId"
                        WHERE o."fetchId" = \(bind: "fetch-\(epoch)")
                        """).all(decoding: Delinquency.self)
                }
                delinquentByEpoch[epoch] = Dictionary(uniqueKeysWithValues: observed.map { ($0.voteAccount, $0.delinquent) })
            }
            // Every replayed fetch estimated the cluster's staking APY (MEV from the completed epoch's tips after the first).
            let economics = try #require(try await ReadModel(database: database).latestEconomics())
            #expect(economics.epoch == Int64(lastEpoch) && economics.networkApy > 0.03 && economics.networkApy < 0.12)
            print("history replay, epoch \(lastEpoch): estimated staking APY \(String(format: "%.3f", economics.networkApy * 100))% (stake-weighted; MEV from epoch \(economics.mevEpoch.map(String.init) ?? "none"))")

            // Re-running the last epoch's fetch (a new job) adds no epoch rows and changes no completed epoch.
            let before = try await stats(database)
            _ = try await IngestJob.run(jobId: "fetch-again", client: client, database: database, logger: logger)
            let after = try await stats(database)
            #expect(after.count == before.count)
            #expect(after.filter { $0.key.epoch < lastEpoch } == before.filter { $0.key.epoch < lastEpoch })
            let duplicates = try await IngestionContract.count(database, """
                SELECT COUNT(*) AS "n" FROM (SELECT "validatorId", "epoch" FROM "validatorEpochStat"
                GROUP BY "validatorId", "epoch" HAVING COUNT(*) > 1) d
                """)
            #expect(duplicates == 0)
            return (scoresByEpoch, delinquentByEpoch)
        }
        let stored = try await stats(database)

        // Per-epoch values: exact stake sums, commission, MEV commission, version; credits of completed epochs.
        for epoch in firstEpoch...lastEpoch {
            let rows = file[epoch]!
            let slotIndexOfRun = replay.history.epoch(epoch)!.slotIndexOfRun
            var fileStake: UInt64 = 0
            var storedStake: UInt64 = 0
            var mismatches: [String] = []
            for (vote, row) in rows {
                fileStake += row.activatedStake ?? 0
                guard let stat = stored[Key(vote: vote, epoch: epoch)] else {
                    mismatches.append("\(vote)@\(epoch) not stored")
                    continue
                }
                storedStake += UInt64(stat.activatedStake ?? 0)
                if stat.commission != row.commission { mismatches.append("\(vote)@\(epoch) commission \(String(describing: stat.commission))") }
                if stat.mevCommissionBps != row.mevCommissionBps || stat.runsJito != (row.mevCommissionBps != nil) {
                    mismatches.append("\(vote)@\(epoch) MEV \(String(describing: stat.mevCommissionBps))")
                }
                if stat.version != row.clientVersion { mismatches.append("\(vote)@\(epoch) version \(String(describing: stat.version))") }
                if epoch < lastEpoch, stat.credits != expectedCredits(row, slotIndexOfRun: slotIndexOfRun) {
                    mismatches.append("\(vote)@\(epoch) credits \(String(describing: stat.credits))")
                }
            }
            #expect(mismatches.isEmpty, "epoch \(epoch): \(mismatches.prefix(5))")
            #expect(storedStake == fileStake, "epoch \(epoch) stake")
        }

        // Every commission change of the range is in the commission history, with its epoch.
        var expectedChanges = Set<String>()
        var previous: [String: Int] = [:]
        for epoch in firstEpoch...lastEpoch {
            for (vote, row) in file[epoch]! {
                guard let commission = row.commission else { continue }
                if let before = previous[vote], before != commission { expectedChanges.insert("\(vote)@\(epoch):\(before)->\(commission)") }
                previous[vote] = commission
            }
        }
        let ids = try await database.read { db in
            try await db.raw(#"SELECT "id", "voteAccount" FROM "validator""#).all(decoding: IDRow.self)
        }
        let history = try await ReadModel(database: database).commissionHistory(validatorIds: ids.map(\.id))
        let voteById = Dictionary(uniqueKeysWithValues: ids.map { ($0.id, $0.voteAccount) })
        var storedChanges = Set<String>()
        for (id, changes) in history {
            for change in changes {
                storedChanges.insert("\(voteById[id]!)@\(change.epoch):\(change.from.map(String.init) ?? "nil")->\(change.to.map(String.init) ?? "nil")")
            }
        }
        #expect(expectedChanges.count >= 100)
        #expect(storedChanges == expectedChanges, "missing \(expectedChanges.subtracting(storedChanges).prefix(5)), extra \(storedChanges.subtracting(expectedChanges).prefix(5))")

        // Rises that fell back the next epoch are named as rugs by the score of the epoch they fell back in.
        var fallBacks = 0
        for epoch in (firstEpoch + 1)..<lastEpoch {
            for (vote, row) in file[epoch]! {
                guard let before = file[epoch - 1]![vote]?.commission, let after = file[epoch + 1]![vote]?.commission,
                    let peak = row.commission, peak > before, after < peak
                else { continue }
                fallBacks += 1
                let reasons = scoresByEpoch[epoch + 1]?[vote]?.reasons ?? []
                // The model names the first rug in its window, which may be an earlier one of the same validator.
                #expect(reasons.contains { $0.contains("(rug pattern)") }, "\(vote) rug at \(epoch): \(reasons)")
            }
        }
        #expect(fallBacks >= 8)

        // Validators that vanish from the file turn delinquent, their liveness falls, and the next epoch drops them.
        var vanished = 0
        for epoch in (firstEpoch + 1)...lastEpoch {
            for vote in file[epoch - 1]!.keys where file[epoch]![vote] == nil {
                vanished += 1
                #expect(delinquentByEpoch[epoch]?[vote] == true, "\(vote) vanished in \(epoch)")
                if let now = scoresByEpoch[epoch]?[vote], let then = scoresByEpoch[epoch - 1]?[vote] {
                    #expect(now.liveness < then.liveness || then.liveness == 0, "\(vote) liveness \(then.liveness) -> \(now.liveness) at \(epoch)")
                } else {
                    Issue.record("\(vote) was not scored around epoch \(epoch)")
                }
                if epoch < lastEpoch, file[epoch + 1]![vote] == nil { #expect(delinquentByEpoch[epoch + 1]?[vote] == nil) }
            }
        }
        #expect(vanished >= 10)

        // `import history` of the same range into a fresh database stores the same per-epoch values.
        let imported = try await importedStats(replay.history, kind: database)
        var differences: [String] = []
        for epoch in firstEpoch...lastEpoch {
            for vote in file[epoch]!.keys {
                let key = Key(vote: vote, epoch: epoch)
                guard let a = stored[key], let b = imported[key] else {
                    differences.append("\(vote)@\(epoch) missing")
                    continue
                }
                if a.commission != b.commission || a.activatedStake != b.activatedStake || a.mevCommissionBps != b.mevCommissionBps
                    || a.runsJito != b.runsJito || a.version != b.version || (epoch < lastEpoch && a.credits != b.credits)
                {
                    differences.append("\(vote)@\(epoch): \(a) vs \(b)")
                }
            }
        }
        #expect(differences.isEmpty, "\(differences.count) differ: \(differences.prefix(3))")

        // Importing over the fetched data keeps every fetched value, and marks the rows.
        let report = try await HistoryImport.run(rangeOnly(replay.history), database: database, logger: logger)
        #expect(report.chunksRefused == 0)
        let merged = try await stats(database)
        #expect(merged.count == stored.count)
        #expect(merged.allSatisfy { key, row in
            let old = stored[key]!
            return row.credits == old.credits && row.commission == old.commission && row.activatedStake == old.activatedStake
                && row.mevCommissionBps == old.mevCommissionBps && row.version == old.version
        })
        #expect(merged.filter { $0.value.importedAt != nil }.count == file.values.map(\.count).reduce(0, +))
    }

    struct IDRow: Decodable { let id: Int64; let voteAccount: String }

    static func rangeOnly(_ history: ValidatorHistory) -> ValidatorHistory {
        ValidatorHistory(epochs: history.epochs.filter { (firstEpoch...lastEpoch).contains($0.epoch) })
    }

    /// Imports the range into a new database of the same kind, twice (the second changes nothing), and reads it back.
    static func importedStats(_ history: ValidatorHistory, kind database: any DatabaseClient) async throws -> [Key: StatRow] {
        let kind: TestDatabases.Kind = database.flavor == .postgres ? .postgres : .sqliteFile
        return try await TestDatabases.with(kind) { fresh in
            let first = try await HistoryImport.run(rangeOnly(history), database: fresh, chunkEpochs: 7, logger: logger)
            #expect(first.chunksWritten == 5 && first.chunksRefused == 0)
            let once = try await stats(fresh)
            let updated = try await IngestionContract.count(fresh, #"SELECT COUNT(*) AS "n" FROM "validatorEpochStat" WHERE "updatedAt" > "createdAt""#)
            _ = try await HistoryImport.run(rangeOnly(history), database: fresh, chunkEpochs: 7, logger: logger)
            #expect(try await stats(fresh) == once)
            #expect(try await IngestionContract.count(fresh, #"SELECT COUNT(*) AS "n" FROM "validatorEpochStat" WHERE "updatedAt" > "createdAt""#) == updated)
            return once
        }
    }
}
