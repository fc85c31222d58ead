import Foundation
import SolStakeCore
import SolanaFixtures
import SolanaRPC
import SolanaSimulator
import Testing
import TestSupport

@testable import SolStakeApp

/// The builder on real, synthetic and hand-made answers: validators in vote-account order, each vote account once, with
/// its stats; an identity's block production counted once.
@Suite struct SnapshotBuilderTests {
    /// What holds for every build: each vote account once, in order; stats only of the validators built, each of them
    /// covering the epochs its credits list; block production of an identity on one vote account at most.
    static func checkInvariants(_ built: IngestSnapshot, _ answers: SnapshotBuilder.Answers) {
        let votes = built.validators.map(\.voteAccount)
        #expect(votes == votes.sorted() && Set(votes).count == votes.count)
        let accounts = Dictionary(
            (answers.voteAccounts.current + answers.voteAccounts.delinquent).map { ($0.votePubkey, $0) }, uniquingKeysWith: { first, _ in first })
        #expect(Set(votes) == Set(accounts.keys))
        let statsByVote = Dictionary(grouping: built.stats, by: \.voteAccount)
        for v in built.validators {
            #expect((statsByVote[v.voteAccount] ?? []).map(\.epoch) == accounts[v.voteAccount]!.epochCredits.map(\.epoch))
        }
        let producing = built.stats.filter { $0.epoch == built.epoch && ($0.leaderSlots ?? 0) > 0 }
        let identityOf = Dictionary(built.validators.map { ($0.voteAccount, $0.identity) }, uniquingKeysWith: { first, _ in first })
        let producers = producing.compactMap { identityOf[$0.voteAccount] }
        #expect(Set(producers).count == producers.count, "an identity's blocks are counted on one vote account")
    }

    static func answers(from url: URL) async throws -> SnapshotBuilder.Answers {
        let client = IngestionContract.client(url)
        let info = try await client.getEpochInfo()
        let schedule = try await client.getEpochSchedule()
        return SnapshotBuilder.Answers(
            epochInfo: info, voteAccounts: try await client.getVoteAccounts(), clusterNodes: try await client.getClusterNodes(),
            validatorInfo: try await client.getValidatorInfo(),
            currentProduction: try await client.getBlockProduction(identity: nil, range: nil),
            completedProduction: try await client.getBlockProduction(identity: nil, range: schedule.slots(ofEpoch: info.epoch - 1)))
    }

    @Test func syntheticCluster() async throws {
        try await SimulatorHarness.with(SimulatorHarness.syntheticServer(validators: 500)) { url in
            let answers = try await Self.answers(from: url)
            Self.checkInvariants(SnapshotBuilder.build(answers), answers)
        }
    }

    @Test(.enabled(if: Fixtures.available, "set SOLSTAKE_MAINNET_FIXTURES"))
    func realSnapshot() async throws {
        var settings = SimulatedCluster.Settings()
        settings.slotTime = .zero
        let server = SimulatorServer(cluster: try SnapshotLoader.load(from: Fixtures.mainnet!, settings: settings))
        try await SimulatorHarness.with(server) { url in
            let answers = try await Self.answers(from: url)
            let built = SnapshotBuilder.build(answers)
            Self.checkInvariants(built, answers)
            #expect(built.validators.count == 1_351)
        }
    }

    /// Duplicates and ties: one identity behind two vote accounts of equal stake, a vote account listed twice, two cluster
    /// nodes and two info entries for one identity (the first counts), a node without a version, an account without
    /// credits, no completed-epoch totals.
    @Test func duplicatesAndTies() {
        func vote(_ v: String, _ n: String, stake: UInt64, credits: [EpochCredits]) -> VoteAccount {
            VoteAccount(votePubkey: v, nodePubkey: n, activatedStake: stake, epochVoteAccount: true, commission: 5, lastVote: 1,
                rootSlot: 1, epochCredits: credits)
        }
        let credits = [EpochCredits(epoch: 9, credits: 10, previousCredits: 0), EpochCredits(epoch: 10, credits: 25, previousCredits: 10)]
        let answers = SnapshotBuilder.Answers(
            epochInfo: EpochInfo(absoluteSlot: 100, blockHeight: nil, epoch: 10, slotIndex: 5, slotsInEpoch: 32, transactionCount: nil),
            voteAccounts: VoteAccounts(
                current: [
                    vote("VB", "N1", stake: 7, credits: credits), vote("VA", "N1", stake: 7, credits: credits),
                    vote("VC", "N2", stake: 3, credits: []), vote("VD", "N3", stake: 9, credits: credits),
                ],
                delinquent: [vote("VA", "N1", stake: 1, credits: credits), vote("VE", "N4", stake: 2, credits: credits)]),
            clusterNodes: [
                ClusterNode(pubkey: "N1", gossip: "1.2.3.4:8001", version: "1.18.26 abcdef"),
                ClusterNode(pubkey: "N1", gossip: "9.9.9.9:8001", version: "2.0.0"),
                ClusterNode(pubkey: "N2", gossip: "[::1]:8001", version: nil),
                ClusterNode(pubkey: "N3", version: "unknown"), ClusterNode(pubkey: "NX", version: "3.0.0"),
            ],
            validatorInfo: [
                ValidatorInfo(infoPubkey: "I1", identity: "N1", name: "First"), ValidatorInfo(infoPubkey: "I2", identity: "N1", name: "Second"),
                ValidatorInfo(infoPubkey: "I3", identity: "N4", website: "https://x"),
            ],
            currentProduction: BlockProduction(
                slot: 100, byIdentity: ["N1": .init(leaderSlots: 8, blocksProduced: 6), "NX": .init(leaderSlots: 4, blocksProduced: 4)],
                firstSlot: 96, lastSlot: 100),
            completedProduction: nil)
        let built = SnapshotBuilder.build(answers)
        Self.checkInvariants(built, answers)
        #expect(built.validators.map(\.voteAccount) == ["VA", "VB", "VC", "VD", "VE"])
        #expect(built.stats.map(\.voteAccount) == ["VA", "VA", "VB", "VB", "VD", "VD", "VE", "VE"])
        let va = built.validators[0], vb = built.validators[1]
        #expect(va.skipRate == 0.25 && vb.skipRate == nil)  // equal stake: the smaller vote pubkey produces
        #expect(va.name == "First" && va.version == "1.18.26" && va.gossipIp == "1.2.3.4")
        #expect(built.validators[2].gossipIp == "::1" && built.validators[2].firstSeenEpoch == 10)
        #expect(built.validators[3].version == nil)
    }
}
