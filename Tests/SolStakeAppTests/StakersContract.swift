import Foundation
import SQLKit
import SolStakeApp
import SolStakeCore
import SolStakeStore
import SolStakeJobs
import SolanaRPC
import SolanaSimulator
import Testing
import TestSupport

/// Tracked wallets and stake-account sync against the simulator over HTTP, run unchanged on every database.
enum StakersContract {
    static let logger = IngestionContract.logger
    static func client(_ url: URL) -> LiveSolanaRPCClient { IngestionContract.client(url) }

    struct AccountRow: Decodable, Equatable {
        let pubkey: String
        let stakedAmount: Int64
        let state: String
        let validatorId: Int64?
        let voteAccount: String?
        let closedAt: Int64?
    }

    static func accounts(_ database: any DatabaseClient, wallet: String) async throws -> [AccountRow] {
        try await database.read { db in
            try await db.raw("""
                SELECT s."pubkey", s."stakedAmount", s."state", s."validatorId", s."voteAccount", s."closedAt"
                FROM "stakeAccount" s JOIN "user" u ON u."id" = s."userId" WHERE u."walletPubkey" = \(bind: wallet) ORDER BY s."pubkey"
                """).all(decoding: AccountRow.self)
        }
    }

    /// The real stake accounts of the epoch-752 fixture: per wallet, the stored stake equals the fixture's sum exactly.
    static func realAccounts(_ database: any DatabaseClient) async throws {
        let fixtures = Fixtures.mainnet!
        var settings = SimulatedCluster.Settings()
        settings.slotTime = .zero
        let server = SimulatorServer(cluster: try SnapshotLoader.load(from: fixtures, settings: settings))
        let real = try SnapshotLoader.realStakeAccounts(fixtures)
        // Wallets by number of accounts (staker or withdrawer); keep ones whose account sets do not overlap.
        var byWallet: [String: Set<String>] = [:]
        for account in real {
            for key in Set([account.staker, account.withdrawer].compactMap { $0 }) { byWallet[key, default: []].insert(account.pubkey) }
        }
        var chosen: [String] = []
        var taken = Set<String>()
        for (wallet, pubkeys) in byWallet.sorted(by: { ($0.value.count, $0.key) > ($1.value.count, $1.key) })
        where taken.isDisjoint(with: pubkeys) {
            chosen.append(wallet)
            taken.formUnion(pubkeys)
            if chosen.count == 6 { break }
        }
        #expect(chosen.count == 6)
        let wallets = chosen
        try await SimulatorHarness.with(server) { url in
            _ = try await IngestJob.run(jobId: "fetch-1", client: client(url), database: database, logger: logger)
            for wallet in wallets { _ = try await Wallets.track(wallet, actor: "test", database: database) }
            let report = try await StakeSync.run(client: client(url), database: database, logger: logger)
            #expect(report.synced == wallets.count && report.failed.isEmpty)
            for wallet in wallets {
                let expected = real.filter { $0.staker == wallet || $0.withdrawer == wallet }
                let stored = try await accounts(database, wallet: wallet)
                #expect(stored.map(\.pubkey) == expected.map(\.pubkey).sorted())
                let expectedStake = expected.reduce(UInt64(0)) { $0 + ($1.type == "delegated" ? ($1.stake ?? 0) : 0) }
                #expect(stored.reduce(UInt64(0)) { $0 + UInt64($1.stakedAmount) } == expectedStake)
                // Every delegated account links to its validator (all of them vote for a known one).
                #expect(stored.filter { $0.voteAccount != nil }.allSatisfy { $0.validatorId != nil })
            }
            // The audit log has one entry per tracked wallet; the listing shows them.
            #expect(try await IngestionContract.count(database, #"SELECT COUNT(*) AS "n" FROM "auditLog" WHERE "action" = 'wallet.tracked'"#) == 6)
            #expect(try await WalletListing.load(database).count == 6)
        }
    }

    /// States across an epoch advance, closed accounts, a validator unknown at sync time linked by the next fetch, RPC
    /// faults leaving the previous data intact, invalid keys rejected.
    static func lifecycle(_ database: any DatabaseClient) async throws {
        let server = SimulatorHarness.syntheticServer(validators: 40)
        let cluster = server.cluster
        let wallet = Base58.encode((0..<32).map { UInt8($0 + 1) })
        let epoch = await cluster.epoch
        let vote = await cluster.validators[3].voteAccount
        func account(_ n: UInt8, activation: UInt64, deactivation: UInt64 = UInt64.max, stake: UInt64) -> StakeAccount {
            StakeAccount(
                pubkey: Base58.encode([UInt8](repeating: n, count: 32)), lamports: stake + 2_282_880, type: "delegated",
                staker: wallet, withdrawer: wallet, rentExemptReserve: 2_282_880, voter: vote, stake: stake,
                activationEpoch: activation, deactivationEpoch: deactivation)
        }
        let activating = account(101, activation: epoch, stake: 5_000_000_000)
        let deactivating = account(102, activation: epoch - 10, deactivation: epoch, stake: 7_000_000_000)
        let active = account(103, activation: epoch - 10, stake: 9_223_372_036_854_775_000)  // near Int64.max: exact
        for a in [activating, deactivating, active] { await cluster.addStakeAccount(a) }

        try await SimulatorHarness.with(server) { url in
            // Invalid keys: a clear error, nothing written.
            for bad in ["", "0OIl0OIl0OIl0OIl0OIl0OIl0OIl0OIl", "abc", Base58.encode([UInt8](repeating: 9, count: 31))] {
                await #expect(throws: WalletKeyError.self) { _ = try await Wallets.track(bad, actor: "test", database: database) }
            }
            #expect(try await IngestionContract.count(database, #"SELECT COUNT(*) AS "n" FROM "user""#) == 0)

            // Synced before any fetch: the validator is unknown, the vote account is kept.
            let tracked = try await Wallets.track(wallet, actor: "test", database: database)
            #expect(tracked.created)
            let again = try await Wallets.track(wallet, actor: "test", database: database)
            #expect(!again.created && again.syncJobId == tracked.syncJobId)  // one live sync job per wallet
            _ = try await StakeSync.run(wallets: [wallet], client: client(url), database: database, logger: logger)
            var rows = try await accounts(database, wallet: wallet)
            #expect(rows.map(\.state) == ["activating", "deactivating", "active"])
            #expect(rows.allSatisfy { $0.validatorId == nil && $0.voteAccount == vote })
            #expect(rows[2].stakedAmount == 9_223_372_036_854_775_000)

            // The next fetch links them.
            _ = try await IngestJob.run(jobId: "fetch-1", client: client(url), database: database, logger: logger)
            rows = try await accounts(database, wallet: wallet)
            #expect(rows.allSatisfy { $0.validatorId != nil })

            // An epoch later: activating -> active, deactivating -> inactive; a withdrawn account is closed, not deleted.
            _ = await cluster.advanceEpoch()
            await cluster.removeStakeAccount(pubkey: active.pubkey)
            let report = try await StakeSync.run(client: client(url), database: database, logger: logger)
            #expect(report.closed == 1)
            rows = try await accounts(database, wallet: wallet)
            #expect(rows.map(\.state) == ["active", "inactive", "active"])
            #expect(rows.map { $0.closedAt != nil } == [false, false, true])

            // RPC faults: the sync fails, the stored accounts stay as they were.
            server.addFault(Fault(method: "getProgramAccounts", kind: .http, rate: 1, status: 503))
            await cluster.removeStakeAccount(pubkey: activating.pubkey)
            await #expect(throws: StakeSyncError.self) {
                _ = try await StakeSync.run(client: client(url), database: database, logger: logger)
            }
            #expect(try await accounts(database, wallet: wallet) == rows)
            server.clearFaults()

            // A closed account that comes back is reopened.
            await cluster.addStakeAccount(active)
            _ = try await StakeSync.run(client: client(url), database: database, logger: logger)
            rows = try await accounts(database, wallet: wallet)
            #expect(rows.map { $0.closedAt != nil } == [true, false, false])

            // Untracking deletes the wallet and its accounts.
            #expect(try await Wallets.untrack(wallet, actor: "test", database: database))
            #expect(try await Wallets.untrack(wallet, actor: "test", database: database) == false)
            #expect(try await IngestionContract.count(database, #"SELECT COUNT(*) AS "n" FROM "stakeAccount""#) == 0)
        }
    }
}

@Suite("Stakers on SQLite")
struct SQLiteStakersTests {
    @Test(.enabled(if: Fixtures.available, "set SOLSTAKE_MAINNET_FIXTURES"))
    func realAccounts() async throws {
        try await TestDatabases.with(.sqliteFile) { try await StakersContract.realAccounts($0) }
    }

    @Test func lifecycle() async throws {
        try await TestDatabases.with(.sqliteMemory) { try await StakersContract.lifecycle($0) }
    }
}

@Suite("Stakers on PostgreSQL", .enabled(if: TestDatabases.hasPostgres, "set SOLSTAKE_TEST_POSTGRES_URL"))
struct PostgresStakersTests {
    @Test(.enabled(if: Fixtures.available, "set SOLSTAKE_MAINNET_FIXTURES"))
    func realAccounts() async throws {
        try await TestDatabases.with(.postgres) { try await StakersContract.realAccounts($0) }
    }

    @Test func lifecycle() async throws {
        try await TestDatabases.with(.postgres) { try await StakersContract.lifecycle($0) }
    }
}
