import Foundation
import SQLKit
import SolStakeApp
import SolStakeCore
import SolStakeJobs
import SolStakeStore
import SolanaRPC
import SolanaSimulator
import Testing
import TestSupport

/// Realized rewards of the real epoch-752 wallets, synced over HTTP from the simulator, run unchanged on every database.
enum RewardsContract {
    static let logger = IngestionContract.logger

    struct Row: Decodable {
        let pubkey: String
        let walletPubkey: String
        let epoch: Int64
        let amount: Int64?
        let postBalance: Int64?
        let commission: Int?
    }

    static func stored(_ database: any DatabaseClient) async throws -> [Row] {
        try await database.read { db in
            try await db.raw("""
                SELECT s."pubkey", u."walletPubkey", r."epoch", r."amount", r."postBalance", r."commission"
                FROM "stakeReward" r JOIN "stakeAccount" s ON s."id" = r."stakeAccountId" JOIN "user" u ON u."id" = s."userId"
                ORDER BY r."epoch", s."pubkey"
                """).all(decoding: Row.self)
        }
    }

    static func realWallets(_ database: any DatabaseClient, all: Bool) async throws {
        let fixtures = Fixtures.mainnet!
        var settings = SimulatedCluster.Settings()
        settings.slotTime = .zero
        let server = SimulatorServer(cluster: try SnapshotLoader.load(from: fixtures, settings: settings))
        let real = try SnapshotLoader.realStakeAccounts(fixtures)
        // Every staker of the fixture when `all`, else the six with the most accounts.
        var byWallet: [String: Int] = [:]
        for account in real { if let staker = account.staker { byWallet[staker, default: 0] += 1 } }
        let ranked = byWallet.sorted { ($0.value, $0.key) > ($1.value, $1.key) }.map(\.key)
        let wallets = all ? ranked : Array(ranked.prefix(6))
        let tracked = Set(wallets)
        // Accounts the node rewards for an epoch: delegated, activated before it, not deactivated before it.
        @Sendable func active(in epoch: UInt64) -> Int {
            real.filter { account in
                guard let staker = account.staker, tracked.contains(staker), account.type == "delegated", account.voter != nil,
                    let activation = account.activationEpoch
                else { return false }
                return activation < epoch && epoch <= (account.deactivationEpoch ?? .max)
            }.count
        }
        try await SimulatorHarness.with(server) { url in
            let client = IngestionContract.client(url)
            _ = try await IngestJob.run(jobId: "fetch-1", client: client, database: database, logger: logger)
            for wallet in wallets { _ = try await Wallets.track(wallet, actor: "test", database: database) }
            _ = try await StakeSync.run(client: client, database: database, logger: logger)

            // At 752 the node holds no completed epoch: every backfilled epoch is recorded as unavailable, nothing stored.
            let early = try await RewardSync.run(client: client, database: database, logger: logger, backfillEpochs: 3)
            #expect(early.unavailable.keys.sorted() == [749, 750, 751] && early.asked == 0)
            #expect(early.unavailable[751]?.contains("-32004") == true)
            #expect(try await stored(database).isEmpty)
            let marked = try await database.read { db in try await RewardStore.unavailableEpochs(on: db) }
            #expect(marked.map(\.epoch) == [749, 750, 751])

            await server.cluster.advanceEpoch()
            let before = server.currentStats.requests["getInflationReward"] ?? 0
            let clock = ContinuousClock()
            let start = clock.now
            let first = try await RewardSync.run(client: client, database: database, logger: logger, backfillEpochs: 3)
            let elapsed = clock.now - start
            let calls = (server.currentStats.requests["getInflationReward"] ?? 0) - before
            #expect(first.unavailable.keys.sorted() == [750, 751] && first.asked > 0)
            let active752 = active(in: 752)
            #expect(first.asked == active752)
            if all {
                print("reward sync, \(wallets.count) wallets, \(first.asked) active stake accounts for epoch 752: \(String(format: "%.2f", elapsed.seconds)) s, \(calls) getInflationReward calls of <= 32 addresses (the two refused epochs' included) in \(first.rpcBatches + first.unavailable.count) HTTP batches")
            }
            // The first wallet's validator goes delinquent for epoch 753: its accounts earn nothing there (REWARDS_MISSED).
            let missedVoter = real.first { $0.staker == wallets[0] && $0.voter != nil }!.voter!
            #expect(await server.cluster.mutate(voteAccount: missedVoter, delinquent: true, commission: nil, activatedStake: nil, identity: nil))
            await server.cluster.advanceEpoch()
            #expect(await server.cluster.mutate(voteAccount: missedVoter, delinquent: false, commission: nil, activatedStake: nil, identity: nil))
            let second = try await RewardSync.run(client: client, database: database, logger: logger, backfillEpochs: 3)
            #expect(second.unavailable.keys.sorted() == [751])
            // 752 is not asked again except its "no reward" answers (it is no longer the latest): only 753's accounts.
            let active753 = active(in: 753)
            #expect(second.asked == active753)

            let rows = try await stored(database)
            for epoch: Int64 in [752, 753] {
                let ofEpoch = rows.filter { $0.epoch == epoch }
                let activeThen = active(in: UInt64(epoch))
                #expect(ofEpoch.count == activeThen)
                var paidByWallet: [String: UInt64] = [:]
                var storedByWallet: [String: UInt64] = [:]
                for row in ofEpoch {
                    let paid = await server.cluster.paidReward(stakeAccount: row.pubkey, epoch: UInt64(epoch))
                    // To the lamport; "no reward" is NULL, never 0.
                    #expect(row.amount.map(UInt64.init) == paid?.amount, "\(row.pubkey) epoch \(epoch)")
                    #expect(row.postBalance.map(UInt64.init) == paid?.postBalance && row.commission.map(UInt8.init) == paid?.commission)
                    #expect(row.amount != 0)
                    paidByWallet[row.walletPubkey, default: 0] += paid?.amount ?? 0
                    storedByWallet[row.walletPubkey, default: 0] += row.amount.map(UInt64.init) ?? 0
                }
                #expect(paidByWallet == storedByWallet && !paidByWallet.isEmpty)
            }
            // Asked again, nothing is duplicated.
            _ = try await RewardSync.run(client: client, database: database, logger: logger, backfillEpochs: 3)
            #expect(try await stored(database).count == rows.count)

            // GraphQL, after a fetch mid-epoch 754 (credits earned so far drive the APY; the newest completed epoch is 753).
            await server.cluster.moveClock(toSlotIndex: 200_000)
            _ = try await IngestJob.run(jobId: "fetch-754", client: client, database: database, logger: logger)
            let wallet = wallets[0]
            var sums: [Int: UInt64] = [:]
            for row in rows where row.walletPubkey == wallet { sums[Int(row.epoch), default: 0] += row.amount.map(UInt64.init) ?? 0 }
            let expectedByEpoch = sums
            // Accounts stored as active (activated before the sync's epoch 752, not deactivating) that earned nothing in 753.
            let activeAtSync = Set(real.filter { ($0.activationEpoch ?? .max) < 752 && ($0.deactivationEpoch ?? .max) == .max }.map(\.pubkey))
            let missed = Set(rows.filter { $0.walletPubkey == wallet && $0.epoch == 753 && $0.amount == nil && activeAtSync.contains($0.pubkey) }.map(\.pubkey))
            #expect(!missed.isEmpty)
            try await GraphQLHarness.withApp(database) { app in
                let reply = try await GraphQLHarness.post(app, """
                    { user(walletPubkey: "\(wallet)") { rewards(lastEpochs: 5) { epoch amount rewardedAccounts accountsWithoutReward }
                      realizedApy(lastEpochs: 2) projectedApy
                      stakeAccounts { pubkey rewards(lastEpochs: 2) { epoch amount postBalance commission } }
                      alerts { kind stakeAccount } } }
                    """)
                #expect(reply.errors.isEmpty, "\(reply.text.prefix(400))")
                let user = reply.data?["user"] as? [String: Any] ?? [:]
                let perEpoch = user["rewards"] as? [[String: Any]] ?? []
                #expect(perEpoch.map { $0["epoch"] as? Int } == [753, 752])
                for entry in perEpoch {
                    let epoch = entry["epoch"] as! Int
                    #expect((entry["amount"] as? String).flatMap(UInt64.init) == expectedByEpoch[epoch], "epoch \(epoch): \(entry)")
                }
                let realized = user["realizedApy"] as? Double ?? 0
                let projected = user["projectedApy"] as? Double ?? 0
                // One of the two epochs paid the wallet little or nothing: its realized APY is below the projection.
                #expect(realized > 0 && realized < projected && projected > 0.03 && projected < 0.09, "realized \(realized), projected \(projected)")
                let accounts = user["stakeAccounts"] as? [[String: Any]] ?? []
                var checked = 0
                for account in accounts {
                    let pubkey = account["pubkey"] as! String
                    for reward in account["rewards"] as? [[String: Any]] ?? [] {
                        let epoch = reward["epoch"] as! Int
                        let paid = await server.cluster.paidReward(stakeAccount: pubkey, epoch: UInt64(epoch))
                        #expect((reward["amount"] as? String).flatMap(UInt64.init) == paid?.amount, "\(pubkey) epoch \(epoch)")
                        checked += 1
                    }
                }
                #expect(checked > 0)
                let alerts = (user["alerts"] as? [[String: Any]] ?? []).filter { $0["kind"] as? String == "REWARDS_MISSED" }
                #expect(Set(alerts.compactMap { $0["stakeAccount"] as? String }) == missed)

                // `wallet list` shows the same: epoch 753's rewards to the lamport, and the realized APY over the stored epochs.
                let listing = try await WalletListing.load(database)
                let row = try #require(listing.first { $0.summary.walletPubkey == wallet })
                #expect(row.lastEpoch == 753 && row.lastEpochLamports == expectedByEpoch[753])
                #expect(abs((row.realizedApy ?? 0) - realized) <= realized * 1e-9, "\(row.realizedApy ?? 0) vs \(realized)")
                let text = WalletListing.render(listing)
                #expect(text.contains(String(format: "realized APY %.2f%%", realized * 100)) && text.contains("epoch 753 reward "))
            }
        }
    }

    /// At the issue's scale: every real wallet tracked, with added delegated accounts so that epoch 752 has 1,000 to ask
    /// for; timed, and checked to the lamport like the real ones.
    static func syncAtScale(_ database: any DatabaseClient) async throws {
        let fixtures = Fixtures.mainnet!
        var settings = SimulatedCluster.Settings()
        settings.slotTime = .zero
        let server = SimulatorServer(cluster: try SnapshotLoader.load(from: fixtures, settings: settings))
        let real = try SnapshotLoader.realStakeAccounts(fixtures)
        let wallets = Array(Set(real.compactMap(\.staker))).sorted()
        let voters = Array(Set(real.compactMap(\.voter))).sorted()
        let activeReal = real.filter { ($0.activationEpoch ?? .max) < 752 && ($0.deactivationEpoch ?? .max) >= 752 && $0.type == "delegated" && $0.voter != nil && $0.staker != nil }.count
        for i in 0..<max(0, 1_000 - activeReal) {
            let pubkey = Base58.encode(SHA256.hash(Array("reward-sync-\(i)".utf8)))
            await server.cluster.addStakeAccount(StakeAccount(
                pubkey: pubkey, lamports: 5_002_282_880 + UInt64(i), type: "delegated", staker: wallets[i % wallets.count],
                withdrawer: wallets[i % wallets.count], rentExemptReserve: 2_282_880, voter: voters[i % voters.count],
                stake: 5_000_000_000 + UInt64(i), activationEpoch: 750, deactivationEpoch: .max))
        }
        try await SimulatorHarness.with(server) { url in
            let client = IngestionContract.client(url)
            _ = try await IngestJob.run(jobId: "fetch-1", client: client, database: database, logger: logger)
            for wallet in wallets { _ = try await Wallets.track(wallet, actor: "test", database: database) }
            _ = try await StakeSync.run(client: client, database: database, logger: logger)
            await server.cluster.advanceEpoch()
            let before = server.currentStats.requests["getInflationReward"] ?? 0
            let clock = ContinuousClock()
            let start = clock.now
            let report = try await RewardSync.run(client: client, database: database, logger: logger, backfillEpochs: 1)
            let elapsed = clock.now - start
            let calls = (server.currentStats.requests["getInflationReward"] ?? 0) - before
            #expect(report.asked == 1_000 && report.epochs == [752] && report.rpcBatches == 1, "\(report)")
            #expect(calls == (report.asked + 31) / 32)
            print("reward sync at scale: \(report.asked) active stake accounts of \(wallets.count) wallets for epoch 752 (\(report.rewarded) rewarded): \(String(format: "%.2f", elapsed.seconds)) s, \(calls) getInflationReward calls of <= 32 addresses in \(report.rpcBatches) HTTP batch")
            let rows = try await stored(database)
            #expect(rows.count == 1_000)
            for row in rows {
                let paid = await server.cluster.paidReward(stakeAccount: row.pubkey, epoch: 752)
                #expect(row.amount.map(UInt64.init) == paid?.amount, "\(row.pubkey) epoch 752")
            }
        }
    }
}

@Suite("Rewards on SQLite", .enabled(if: Fixtures.available, "set SOLSTAKE_MAINNET_FIXTURES"))
struct SQLiteRewardsTests {
    @Test func realWallets() async throws {
        try await TestDatabases.with(.sqliteFile) { try await RewardsContract.realWallets($0, all: true) }
    }

    @Test func aThousandAccountSync() async throws {
        try await TestDatabases.with(.sqliteFile) { try await RewardsContract.syncAtScale($0) }
    }

    /// A post balance the database cannot hold exactly is refused naming the field, and the epoch's other answers are not
    /// stored half-way.
    @Test func anAmountPastInt64MaxIsRefusedNamingTheField() async throws {
        let server = SimulatorHarness.syntheticServer(validators: 20)
        let wallet = Base58.encode(SHA256.hash(Array("whale".utf8)))
        let voter = try #require(await server.cluster.validators.first { !$0.delinquent }?.voteAccount)
        func account(_ name: String, lamports: UInt64) -> StakeAccount {
            StakeAccount(
                pubkey: Base58.encode(SHA256.hash(Array(name.utf8))), lamports: lamports, type: "delegated", staker: wallet, withdrawer: wallet,
                rentExemptReserve: 2_282_880, voter: voter, stake: 1_000_000_000_000, activationEpoch: 0, deactivationEpoch: .max)
        }
        let huge = account("huge", lamports: UInt64(Int64.max) - 1_000)
        await server.cluster.addStakeAccount(account("normal", lamports: 1_000_002_282_880))
        await server.cluster.addStakeAccount(huge)
        try await TestDatabases.with(.sqliteMemory) { database in
            try await SimulatorHarness.with(server) { url in
                let client = IngestionContract.client(url)
                _ = try await Wallets.track(wallet, actor: "test", database: database)
                _ = try await StakeSync.run(client: client, database: database, logger: RewardsContract.logger)
                let epoch = await server.cluster.advanceEpoch()! - 1
                let paid = await server.cluster.paidReward(stakeAccount: huge.pubkey, epoch: epoch)
                #expect((paid?.postBalance ?? 0) > UInt64(Int64.max), "the simulator paid the account past Int64.max")
                do {
                    _ = try await RewardSync.run(client: client, database: database, logger: RewardsContract.logger, backfillEpochs: 1)
                    Issue.record("a post balance past Int64.max was accepted")
                } catch {
                    let text = String(describing: error)
                    #expect(text.contains("postBalance") && text.contains(huge.pubkey) && text.contains("epoch \(epoch)"), "\(text)")
                }
                #expect(try await RewardsContract.stored(database).isEmpty, "nothing of the refused epoch is stored")
            }
        }
    }
}

@Suite(
    "Rewards on PostgreSQL", .enabled(if: TestDatabases.hasPostgres, "set SOLSTAKE_TEST_POSTGRES_URL"),
    .enabled(if: Fixtures.available, "set SOLSTAKE_MAINNET_FIXTURES"))
struct PostgresRewardsTests {
    @Test func realWallets() async throws {
        try await TestDatabases.with(.postgres) { try await RewardsContract.realWallets($0, all: false) }
    }
}
