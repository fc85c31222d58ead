import Foundation
import SolStakeCore
import Testing
import TestSupport

/// `solstake wallet …` through the real executable.
@Suite("wallet CLI", .enabled(if: SolStakeBinary.url != nil, "build the solstake executable"))
struct WalletCLITests {
    func solstake(_ arguments: [String]) throws -> SolStakeBinary.Run { try SolStakeBinary.run(arguments) }

    @Test func trackListUntrack() async throws {
        try await TestDatabases.withTemporaryDirectory { dir in
            let db = ["--database-url", "sqlite://\(dir.appendingPathComponent("cli.sqlite").path)", "--log-level", "error"]
            let wallet = Base58.encode((0..<32).map { UInt8($0 * 3) })
            let bad = try solstake(["wallet", "track", "0OIl"] + db)
            #expect(bad.status == 1 && bad.err.contains("is not a base58 public key"))
            let tracked = try solstake(["wallet", "track", wallet, "--label", "treasury"] + db)
            #expect(tracked.status == 0 && tracked.out.contains("tracking \(wallet); sync job 1"))
            let again = try solstake(["wallet", "track", wallet] + db)
            #expect(again.status == 0 && again.out.contains("already tracking"))
            let list = try solstake(["wallet", "list"] + db)
            #expect(list.status == 0 && list.out.contains(wallet) && list.out.contains("0 accounts") && list.out.contains("(treasury)"))
            #expect(try solstake(["wallet", "untrack", wallet] + db).status == 0)
            let missing = try solstake(["wallet", "untrack", wallet] + db)
            #expect(missing.status == 1 && missing.err.contains("is not tracked"))
            #expect(try solstake(["wallet", "list"] + db).out == "no tracked wallets\n")
        }
    }
}
