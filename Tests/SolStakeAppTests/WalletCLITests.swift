import Foundation
import SolStakeCore
import SolanaSimulator
import Testing
import TestSupport

/// `solstake wallet …` through the real executable.
@Suite("wallet CLI", .enabled(if: SolStakeBinary.url != nil, "build the solstake executable"))
struct WalletCLITests {
    func solstake(_ arguments: [String]) async throws -> SolStakeBinary.Run { try await SolStakeBinary.run(arguments) }

    @Test func trackListUntrack() async throws {
        try await TestDatabases.withTemporaryDirectory { dir in
            let db = ["--database-url", "sqlite://\(dir.appendingPathComponent("cli.sqlite").path)", "--log-level", "error"]
            let wallet = Base58.encode((0..<32).map { UInt8($0 * 3) })
            let bad = try await solstake(["wallet", "track", "0OIl"] + db)
            #expect(bad.status == 1 && bad.err.contains("is not a base58 public key"))
            let tracked = try await solstake(["wallet", "track", wallet, "--label", "treasury"] + db)
            #expect(tracked.status == 0 && tracked.out.contains("tracking \(wallet); sync job 1"))
            let again = try await solstake(["wallet", "track", wallet] + db)
            #expect(again.status == 0 && again.out.contains("already tracking"))
            let list = try await solstake(["wallet", "list"] + db)
            #expect(list.status == 0 && list.out.contains(wallet) && list.out.contains("0 accounts") && list.out.contains("(treasury)"))
            #expect(try await solstake(["wallet", "untrack", wallet] + db).status == 0)
            let missing = try await solstake(["wallet", "untrack", wallet] + db)
            #expect(missing.status == 1 && missing.err.contains("is not tracked"))
            #expect(try await solstake(["wallet", "list"] + db).out == "no tracked wallets\n")
        }
    }

    /// `wallet sync` fetches the rewards too (as far back as SOLSTAKE_REWARD_BACKFILL_EPOCHS), and `wallet list` shows the
    /// last epoch's reward and the realized APY, against the simulator over HTTP.
    @Test(.enabled(if: Fixtures.available, "set SOLSTAKE_MAINNET_FIXTURES"))
    func syncFetchesRewardsAndListShowsThem() async throws {
        let fixtures = Fixtures.mainnet!
        var settings = SimulatedCluster.Settings()
        settings.slotTime = .zero
        let server = SimulatorServer(cluster: try SnapshotLoader.load(from: fixtures, settings: settings))
        let real = try SnapshotLoader.realStakeAccounts(fixtures)
        let wallet = try #require(real.first { $0.staker != nil && $0.type == "delegated" && ($0.activationEpoch ?? .max) < 752 && ($0.deactivationEpoch ?? .max) == .max }?.staker)
        await server.cluster.advanceEpoch()
        try await TestDatabases.withTemporaryDirectory { dir in
            try await SimulatorHarness.with(server) { url in
                let options = ["--database-url", "sqlite://\(dir.appendingPathComponent("cli.sqlite").path)", "--log-level", "error", "--solana-rpc-url", url.absoluteString]
                let environment = ["SOLSTAKE_REWARD_BACKFILL_EPOCHS": "2"]
                #expect(try await SolStakeBinary.run(["fetch"] + options).status == 0)
                #expect(try await SolStakeBinary.run(["wallet", "track", wallet] + options).status == 0)
                let sync = try await SolStakeBinary.run(["wallet", "sync", wallet] + options, environment: environment)
                #expect(sync.status == 0, "\(sync.err)")
                // Epoch 753 is current: 751 and 752 are asked for; the node only holds 752.
                #expect(sync.out.contains("rewards for epochs 751-752:") && sync.out.contains("not available from the node: 751 (node error -32004"), "\(sync.out)")
                var lamports: UInt64 = 0
                for account in real where account.staker == wallet {
                    lamports += await server.cluster.paidReward(stakeAccount: account.pubkey, epoch: 752)?.amount ?? 0
                }
                #expect(lamports > 0)
                let reward = String(format: "epoch 752 reward %.9f SOL", Double(lamports) / 1e9)
                let list = try await SolStakeBinary.run(["wallet", "list"] + options)
                #expect(list.status == 0 && list.out.contains(wallet) && list.out.contains(reward) && list.out.contains("realized APY "), "\(list.out)")
            }
        }
    }
}
