import Foundation
import SolStakeCore
import SolanaFixtures
import SolanaRPC
import SolanaSimulator
import Testing
import TestSupport

@testable import SolStakeApp

/// The builder finds each identity's facts by slot number; these tests hold it to the rule written plainly with
/// dictionaries (the implementation before that change), on real, synthetic and hand-made answers. Validators come out in
/// vote-account order, each vote account once, with its stats in the same order.
@Suite struct SnapshotBuilderTests {
    /// The reference: per vote account, dictionary lookups by identity.
    static func reference(_ answers: SnapshotBuilder.Answers, creditsPerBlock: UInt64 = 16) -> IngestSnapshot {
        let epoch = answers.epochInfo.epoch
        let nodes = Dictionary(answers.clusterNodes.map { ($0.pubkey, $0) }, uniquingKeysWith: { first, _ in first })
        let info = Dictionary(answers.validatorInfo.map { ($0.identity, $0) }, uniquingKeysWith: { first, _ in first })
        let accounts = answers.voteAccounts.current.map { ($0, false) } + answers.voteAccounts.delinquent.map { ($0, true) }
        var producer: [String: VoteAccount] = [:]
        for (account, _) in accounts {
            if let best = producer[account.nodePubkey],
                best.activatedStake > account.activatedStake
                    || (best.activatedStake == account.activatedStake && best.votePubkey <= account.votePubkey)
            {
                continue
            }
            producer[account.nodePubkey] = account
        }
        let completedEpoch = epoch > 0 ? epoch - 1 : nil
        let completedCeiling = answers.completedProduction.map { $0.totalBlocksProduced * creditsPerBlock }
        var validators: [ValidatorSnapshot] = []
        var stats: [EpochStatSnapshot] = []
        // In vote-account order; a vote account listed twice counts once, its first listing.
        let sorted = accounts.enumerated().sorted { a, b in
            (a.element.0.votePubkey, a.offset) < (b.element.0.votePubkey, b.offset)
        }.map(\.element)
        var seenVotes = Set<String>()
        for (account, delinquent) in sorted where seenVotes.insert(account.votePubkey).inserted {
            let isProducer = producer[account.nodePubkey]?.votePubkey == account.votePubkey
            let current = isProducer ? answers.currentProduction?.byIdentity[account.nodePubkey] : nil
            let completed = isProducer ? answers.completedProduction?.byIdentity[account.nodePubkey] : nil
            let published = info[account.nodePubkey]
            let node = nodes[account.nodePubkey]
            let skipRate = current.flatMap { c in c.leaderSlots > 0 ? 1 - Double(c.blocksProduced) / Double(c.leaderSlots) : nil }
            validators.append(ValidatorSnapshot(
                voteAccount: account.votePubkey, identity: account.nodePubkey, name: published?.name, website: published?.website,
                details: published?.details, iconUrl: published?.iconUrl, keybaseUsername: published?.keybaseUsername,
                commission: account.commissionPercent, activatedStake: account.activatedStake, lastVote: account.lastVote,
                rootSlot: account.rootSlot, delinquent: delinquent, version: node?.version.flatMap(SnapshotBuilder.cleanVersion),
                gossipIp: node?.gossipIP, skipRate: skipRate, firstSeenEpoch: account.epochCredits.map(\.epoch).min() ?? epoch))
            for entry in account.epochCredits {
                var stat = EpochStatSnapshot(voteAccount: account.votePubkey, epoch: entry.epoch, credits: entry.earned)
                if entry.epoch == epoch {
                    stat.commission = account.commissionPercent
                    stat.activatedStake = account.activatedStake
                    stat.leaderSlots = current?.leaderSlots ?? (isProducer ? 0 : nil)
                    stat.blocksProduced = current?.blocksProduced ?? (isProducer ? 0 : nil)
                }
                if entry.epoch == completedEpoch, let completedCeiling {
                    stat.creditCeiling = completedCeiling
                    stat.leaderSlots = completed?.leaderSlots ?? 0
                    stat.blocksProduced = completed?.blocksProduced ?? 0
                }
                stats.append(stat)
            }
        }
        return IngestSnapshot(epoch: epoch, slot: answers.epochInfo.absoluteSlot, validators: validators, stats: stats)
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

    @Test func syntheticClusterBuildsAsTheReference() async throws {
        try await SimulatorHarness.with(SimulatorHarness.syntheticServer(validators: 500)) { url in
            let answers = try await Self.answers(from: url)
            #expect(SnapshotBuilder.build(answers) == Self.reference(answers))
        }
    }

    @Test(.enabled(if: Fixtures.available, "set SOLSTAKE_MAINNET_FIXTURES"))
    func realSnapshotBuildsAsTheReference() async throws {
        var settings = SimulatedCluster.Settings()
        settings.slotTime = .zero
        let server = SimulatorServer(cluster: try SnapshotLoader.load(from: Fixtures.mainnet!, settings: settings))
        try await SimulatorHarness.with(server) { url in
            let answers = try await Self.answers(from: url)
            let built = SnapshotBuilder.build(answers)
            #expect(built == Self.reference(answers))
            #expect(built.validators.count == 1_351)
        }
    }

    /// Duplicates and ties: one identity behind two vote accounts of equal stake, a vote account listed twice, two cluster
    /// nodes and two info entries for one identity (the first counts), a node without a version, an account without
    /// credits, no completed-epoch totals.
    @Test func duplicatesAndTiesBuildAsTheReference() {
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
        #expect(built == Self.reference(answers))
        #expect(built.validators.map(\.voteAccount) == ["VA", "VB", "VC", "VD", "VE"])
        #expect(built.stats.map(\.voteAccount) == ["VA", "VA", "VB", "VB", "VD", "VD", "VE", "VE"])
        let va = built.validators[0], vb = built.validators[1]
        #expect(va.skipRate == 0.25 && vb.skipRate == nil)  // equal stake: the smaller vote pubkey produces
        #expect(va.name == "First" && va.version == "1.18.26" && va.gossipIp == "1.2.3.4")
        #expect(built.validators[2].gossipIp == "::1" && built.validators[2].firstSeenEpoch == 10)
        #expect(built.validators[3].version == nil)
    }
}
