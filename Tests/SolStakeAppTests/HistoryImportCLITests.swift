import Foundation
import Logging
import SQLKit
import SolStakeStore
import Testing
import TestSupport

/// `solstake import history` through the real executable, on a hand-written history file.
@Suite("import history CLI", .enabled(if: SolStakeBinary.url != nil, "build the solstake executable"))
struct HistoryImportCLITests {
    func solstake(_ arguments: [String]) async throws -> SolStakeBinary.Run { try await SolStakeBinary.run(arguments) }

    static let a = "FdGcvmbpebUwYA3vSywnagsaC3Tq3pAVmcR6VoxVcdV9"
    static let b = "BFx4GGeS6s66HGux6oy7jMwiKPu6sUAJrzhK89wHun6R"

    static let file = """
        {"fields": ["voteAccount", "clientVersion", "voteCredits", "inflationCommissionDec", "mevCommissionDec", "totalActivatedStakeSol"],
         "epochs": [
          {"epoch": 800, "slotIndexOfRun": 43200, "rows": [["\(a)", "2.2.16", 600000, 0.05, 0.08, 1000.5], ["\(b)", "2.2.16", 590000, 0, null, 20]]},
          {"epoch": 801, "slotIndexOfRun": 43200, "rows": [["\(a)", "2.2.16", 600000, 0.05, 0.08, 1000.5], ["\(b)", "2.2.16", 590000, 1.2, null, 20]]},
          {"epoch": 802, "slotIndexOfRun": 43200, "rows": [["\(a)", "2.3.0", 600000, 0.07, 0.1, 9007199.254740993], ["\(b)", "2.2.16", 0, 0, null, 20]]}]}
        """

    /// The stored epoch rows, in epoch then vote-account order.
    func stats(_ url: String) async throws -> [HistoryReplayContract.StatRow] {
        try await DatabaseFactory.withDatabase(try DatabaseURL(parsing: url), logger: .init(label: "test")) { database in
            try await HistoryReplayContract.stats(database).values.sorted { ($0.epoch, $0.voteAccount) < ($1.epoch, $1.voteAccount) }
        }
    }

    @Test func badChunksAreRefusedAndGoodOnesStay() async throws {
        try await TestDatabases.withTemporaryDirectory { dir in
            let url = "sqlite://\(dir.appendingPathComponent("import.sqlite").path)"
            let db = ["--database-url", url, "--log-level", "error"]
            let path = dir.appendingPathComponent("history.json").path
            try Self.file.write(toFile: path, atomically: true, encoding: .utf8)

            let run = try await solstake(["import", "history", path, "--chunk-epochs", "1"] + db)
            #expect(run.status == 1)
            #expect(run.out.contains("imported epochs 800-802: 2 chunk(s) written, 4 epoch rows, 2 new validators"))
            #expect(run.out.contains("refused 1 chunk(s) (epochs 801-801) for 1 bad row(s):"))
            #expect(run.out.contains("epoch 801, vote account \(Self.b): inflationCommissionDec 1.2 is above 1 (100%)"))
            let stored = try await stats(url)
            // 600000 x 432000 / 43200 = 6,000,000; 9007199.254740993 SOL is exact in lamports.
            typealias Stat = HistoryReplayContract.StatRow
            #expect(stored.count == 4 && stored.allSatisfy { $0.importedAt != nil })
            func imported(_ i: Int) -> Int64? { i < stored.count ? stored[i].importedAt : nil }
            #expect(stored == [
                Stat(voteAccount: Self.b, validatorPubkey: "", epoch: 800, credits: 5_900_000, commission: 0, activatedStake: 20_000_000_000,
                     mevCommissionBps: nil, runsJito: false, version: "2.2.16", importedAt: imported(0)),
                Stat(voteAccount: Self.a, validatorPubkey: "", epoch: 800, credits: 6_000_000, commission: 5, activatedStake: 1_000_500_000_000,
                     mevCommissionBps: 800, runsJito: true, version: "2.2.16", importedAt: imported(1)),
                Stat(voteAccount: Self.b, validatorPubkey: "", epoch: 802, credits: 0, commission: 0, activatedStake: 20_000_000_000,
                     mevCommissionBps: nil, runsJito: false, version: "2.2.16", importedAt: imported(2)),
                Stat(voteAccount: Self.a, validatorPubkey: "", epoch: 802, credits: 6_000_000, commission: 7, activatedStake: 9_007_199_254_740_993,
                     mevCommissionBps: 1_000, runsJito: true, version: "2.3.0", importedAt: imported(3)),
            ])

            // Again: nothing changes (and the same chunk is refused again).
            let again = try await solstake(["import", "history", path, "--chunk-epochs", "1"] + db)
            #expect(again.status == 1)
            #expect(try await stats(url) == stored)

            // Not a history file: one line, exit 1, nothing written.
            let junk = dir.appendingPathComponent("junk.json").path
            try "{\"fields\": [\"voteAccount\"]".write(toFile: junk, atomically: true, encoding: .utf8)
            let bad = try await solstake(["import", "history", junk] + db)
            #expect(bad.status == 1 && bad.err.contains(#""level":"error""#) && bad.err.contains("junk.json: not a validator history:"))
            let missing = try await solstake(["import", "history", dir.appendingPathComponent("nope.json").path] + db)
            #expect(missing.status == 1 && missing.err.contains("cannot read") && missing.err.contains("nope.json"))
            #expect(try await stats(url) == stored)
        }
    }
}
