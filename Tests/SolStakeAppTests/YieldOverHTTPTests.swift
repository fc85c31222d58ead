import Foundation
import SolStakeApp
import SolStakeCore
import SolStakeStore
import SolanaRPC
import SolanaSimulator
import Testing
import TestSupport

private typealias H = GraphQLHarness

/// A fetch estimates every validator's APY (inflation, and MEV from the completed epoch's tips) and the cluster's;
/// GraphQL serves both. The MEV part is checked against the tip accounts the simulator serves.
@Suite("Estimated APY through fetch and GraphQL")
struct YieldOverHTTPTests {
    @Test func validatorsAndTheNetworkCarryTheirApy() async throws {
        let server = SimulatorHarness.syntheticServer(validators: 60)
        await server.cluster.advanceEpoch()
        await server.cluster.moveClock(toSlotIndex: 200_000)
        try await TestDatabases.with(.sqliteMemory) { database in
            let (tips, stakes, epoch) = try await SimulatorHarness.with(server) { url in
                let client = IngestionContract.client(url)
                _ = try await IngestJob.run(jobId: "fetch-1", client: client, database: database, logger: IngestionContract.logger)
                let epoch = try await client.getEpochInfo().epoch
                let tips = try await client.getTipDistributionAccounts(epoch: epoch - 1, rootUploaded: true)
                let votes = try await client.getVoteAccounts()
                let stakes = Dictionary((votes.current + votes.delinquent).map { ($0.votePubkey, $0.activatedStake) }, uniquingKeysWith: { a, _ in a })
                return (tips, stakes, epoch)
            }
            #expect(!tips.tipsLamports.isEmpty && tips.tipsLamports.values.contains { $0 > 0 })
            let economics = try #require(try await ReadModel(database: database).latestEconomics())
            #expect(economics.epoch == Int64(epoch) && economics.mevEpoch == Int64(epoch - 1))
            // `score all` prints the cluster's APY, a median per score band and each listed validator's estimate.
            let report = try await ScoreJob.run(jobId: "score-1", database: database, model: .default, logger: IngestionContract.logger)
            let yields = try await ValidatorYields.load(database)
            #expect(yields.byVoteAccount.count == 60 && yields.networkApy == economics.networkApy)
            let text = ScoreSummary.render(report, yields: yields)
            #expect(text.contains(String(format: "estimated staking APY (stake-weighted, epoch %lld): %.2f%%", Int64(epoch), economics.networkApy * 100)), "\(text.prefix(600))")
            let top = try #require(report.outcome?.results.sorted { ($0.score, $1.voteAccount) > ($1.score, $0.voteAccount) }.first)
            #expect(text.contains(String(format: "%@  APY %.2f%%", top.voteAccount, (yields.byVoteAccount[top.voteAccount] ?? -1) * 100)), "\(text)")

            try await H.withApp(database) { client in
                let reply = try await H.post(client, "{ validators { voteAccount delinquent commission apy { total inflation mev mevKnown asOfEpoch } } networkSummary { stakingApy stakingApyEpoch } }")
                #expect(reply.errors.isEmpty, "\(reply.text.prefix(300))")
                let validators = reply.data?["validators"] as? [[String: Any]] ?? []
                #expect(validators.count == 60)
                var checkedMev = 0
                for v in validators {
                    let vote = v["voteAccount"] as! String
                    let apy = try #require(v["apy"] as? [String: Any], "\(vote) has no APY")
                    let total = apy["total"] as! Double
                    let inflation = apy["inflation"] as! Double
                    let mev = apy["mev"] as? Double
                    #expect(apy["mevKnown"] as? Bool == true && apy["asOfEpoch"] as? Int == Int(epoch))
                    if v["delinquent"] as? Bool == true { continue }
                    #expect(inflation >= 0 && inflation < 0.09, "\(vote): \(inflation)")
                    // Commission 100 keeps everything: nothing for the staker.
                    if v["commission"] as? Int == 100 { #expect(inflation == 0) }
                    // Total compounds both parts: at least their larger, at most a little over their sum.
                    #expect(total >= inflation && total <= inflation + (mev ?? 0) + 0.005)
                    if let bps = tips.commissionBps[vote], let lamports = tips.tipsLamports[vote], let stake = stakes[vote] {
                        let perEpoch = Double(lamports) * Double(10_000 - Int(bps)) / 10_000 / Double(stake)
                        let expected = pow(1 + perEpoch, economics.epochsPerYear) - 1
                        #expect(abs((mev ?? -1) - expected) <= expected * 1e-9, "\(vote): \(mev ?? -1) vs \(expected)")
                        checkedMev += 1
                    } else {
                        #expect(mev == 0, "\(vote) ran no Jito account: no MEV yield")
                    }
                }
                #expect(checkedMev > 10)
                let summary = reply.data?["networkSummary"] as? [String: Any]
                let staking = summary?["stakingApy"] as? Double ?? 0
                #expect(abs(staking - economics.networkApy) < 1e-12 && staking > 0.03 && staking < 0.1)
                #expect(summary?["stakingApyEpoch"] as? Int == Int(epoch))
            }

        }
    }

    /// Sorting by APY puts the best estimate first, `minApy` keeps only those at or above it, and the connection pages
    /// through the same order without a gap or a repeat.
    @Test func validatorsSortFilterAndPageByApy() async throws {
        let server = SimulatorHarness.syntheticServer(validators: 60)
        await server.cluster.advanceEpoch()
        await server.cluster.moveClock(toSlotIndex: 200_000)
        try await TestDatabases.with(.sqliteMemory) { database in
            try await SimulatorHarness.with(server) { url in
                _ = try await IngestJob.run(jobId: "fetch-1", client: IngestionContract.client(url), database: database, logger: IngestionContract.logger)
            }
            try await H.withApp(database) { client in
                let sorted = try await H.post(client, "{ validators(orderBy: APY, direction: DESC) { voteAccount apy { total } } }")
                #expect(sorted.errors.isEmpty, "\(sorted.text.prefix(300))")
                let rows = sorted.data?["validators"] as? [[String: Any]] ?? []
                let totals = rows.map { (($0["apy"] as? [String: Any])?["total"] as? Double) ?? -1 }
                #expect(rows.count == 60 && totals == totals.sorted(by: >) && Set(totals).count > 10)

                let threshold = (totals[totals.count / 2] + totals[totals.count / 2 + 1]) / 2
                let kept = try await H.post(client, "{ validators(minApy: \(threshold), orderBy: APY, direction: ASC) { apy { total } } }")
                let keptTotals = (kept.data?["validators"] as? [[String: Any]] ?? []).map { (($0["apy"] as? [String: Any])?["total"] as? Double) ?? -1 }
                #expect(keptTotals == totals.filter { $0 >= threshold }.sorted(), "minApy keeps exactly the estimates at or above it, ascending")

                var paged: [String] = []
                var after = "null"
                for _ in 0..<10 {
                    let page = try await H.post(client, "{ validatorsConnection(first: 7, after: \(after), orderBy: APY, direction: DESC) { totalCount edges { node { voteAccount } } pageInfo { hasNextPage endCursor } } }")
                    #expect(page.errors.isEmpty, "\(page.text.prefix(300))")
                    let connection = page.data?["validatorsConnection"] as? [String: Any] ?? [:]
                    #expect(connection["totalCount"] as? Int == 60)
                    paged += (connection["edges"] as? [[String: Any]] ?? []).compactMap { ($0["node"] as? [String: Any])?["voteAccount"] as? String }
                    let info = connection["pageInfo"] as? [String: Any] ?? [:]
                    guard info["hasNextPage"] as? Bool == true, let cursor = info["endCursor"] as? String else { break }
                    after = "\"\(cursor)\""
                }
                #expect(paged == rows.map { $0["voteAccount"] as! String }, "paging by APY walks the same order as the list")

                let refused = try await H.post(client, "{ validators(minApy: 7) { id } }")
                #expect((refused.errors.first?["message"] as? String)?.contains("minApy is a fraction") == true, "\(refused.text.prefix(200))")
            }
        }
    }
}
