import Foundation
import Logging
import SolStakeCore
import SolanaFixtures
import SolanaSimulator
import Testing
import TestSupport

@testable import SolanaRPC

/// Every raw RPC fixture decodes with the client's wire types, exactly.
@Suite("Raw mainnet RPC fixtures decode exactly", .enabled(if: Fixtures.available, "set SOLSTAKE_MAINNET_FIXTURES"))
struct MainnetFixtureDecodingTests {
    let fixtures = Fixtures.mainnet!
    let endpoint = RPCEndpoint(URL(string: "file:///fixtures")!)

    /// Every unsigned integer following `"key":` in the raw text, read as text: the independent route.
    func rawNumbers(_ data: Data, key: String) throws -> [UInt64] {
        let text = String(decoding: data, as: UTF8.self)
        let regex = try Regex("\"\(key)\":\\s*(\\d+)")
        return text.matches(of: regex).map { UInt64(String($0.output[1].substring!))! }
    }

    /// Every `[epoch, credits, previousCredits]` triple in the raw text.
    func rawTriples(_ data: Data) throws -> [[UInt64]] {
        let text = String(decoding: data, as: UTF8.self)
        let regex = try Regex(#"\[\s*(\d+),\s*(\d+),\s*(\d+)\s*\]"#)
        return text.matches(of: regex).map { m in (1...3).map { UInt64(String(m.output[$0].substring!))! } }
    }

    @Test(arguments: [MainnetFixtures.voteAccounts752, MainnetFixtures.voteAccounts45])
    func voteAccounts(_ name: String) throws {
        let data = try fixtures.data(name)
        let votes = try LiveSolanaRPCClient.decodeWire(data, as: VoteAccounts.self, method: "getVoteAccounts", endpoint: endpoint)
        let all = votes.current + votes.delinquent
        if name == MainnetFixtures.voteAccounts752 {
            #expect(votes.current.count == 1_325)
            #expect(votes.delinquent.count == 26)
        } else {
            #expect(votes.current.count == 92 && votes.delinquent.count == 6)
        }
        // Same multiset of u64 values as the raw text, field by field: nothing rounded, nothing dropped.
        #expect(try all.map(\.activatedStake).sorted() == rawNumbers(data, key: "activatedStake").sorted())
        #expect(try all.map(\.lastVote).sorted() == rawNumbers(data, key: "lastVote").sorted())
        #expect(try all.map(\.rootSlot).sorted() == rawNumbers(data, key: "rootSlot").sorted())
        let decodedTriples = all.flatMap { $0.epochCredits.map { [$0.epoch, $0.credits, $0.previousCredits] } }
        #expect(try decodedTriples.sorted { $0.lexicographicallyPrecedes($1) } == rawTriples(data).sorted { $0.lexicographicallyPrecedes($1) })
        // The sum, by two routes.
        let decodedSum = all.reduce(UInt64(0)) { $0 + $1.activatedStake }
        let rawSum = try rawNumbers(data, key: "activatedStake").reduce(UInt64(0), +)
        #expect(decodedSum == rawSum)
        if name == MainnetFixtures.voteAccounts752 { #expect(decodedSum > UInt64(1) << 53) }
    }

    @Test(arguments: [MainnetFixtures.validatorInfo2023, MainnetFixtures.validatorInfo2021])
    func configProgramAccounts(_ name: String) throws {
        let data = try fixtures.data(name)
        let accounts = try LiveSolanaRPCClient.decodeSingle(data, as: [ConfigProgramAccount].self, method: "getProgramAccounts", endpoint: endpoint)
        let raw = try rawNumbers(data, key: "lamports")
        #expect(accounts.map(\.lamports).sorted() == raw.sorted())
        let entries = ValidatorInfo.signedEntries(from: accounts)
        #expect(!entries.isEmpty)
        // The client reads summaries on the wire: the same per account as from the decoded tree, the same entries.
        let summaries = try LiveSolanaRPCClient.decodeWire(
            data, as: [ConfigAccountSummary].self, method: "getProgramAccounts", endpoint: endpoint)
        #expect(summaries == accounts.map(ConfigAccountSummary.init))
        #expect(ValidatorInfo.signedEntries(from: summaries) == entries)
        // The one-pass selection against the rule written out plainly: accounts in pubkey order, the first signed entry per
        // identity wins, fields trimmed with Foundation and blank ones dropped.
        var reference: [String: ValidatorInfo] = [:]
        for account in accounts.sorted(by: { $0.pubkey < $1.pubkey }) {
            guard case .parsed("validatorInfo", let info) = account.data, case .array(let keys)? = info["keys"], keys.count >= 2,
                keys[0]["pubkey"]?.stringValue == ValidatorInfo.validatorInfoKey, let identity = keys[1]["pubkey"]?.stringValue,
                keys[1]["signer"] == .bool(true), reference[identity] == nil
            else { continue }
            func field(_ name: String) -> String? {
                let text = info["configData"]?[name]?.stringValue?.trimmingCharacters(in: .whitespacesAndNewlines)
                return text?.isEmpty == false ? text : nil
            }
            reference[identity] = ValidatorInfo(
                infoPubkey: account.pubkey, identity: identity, name: field("name"), website: field("website"),
                details: field("details"), keybaseUsername: field("keybaseUsername"), iconUrl: field("iconUrl"))
        }
        #expect(entries == reference.values.sorted { $0.identity < $1.identity })
        #expect(Set(entries.map(\.identity)).count == entries.count)
        if name == MainnetFixtures.validatorInfo2023 {
            #expect(accounts.count == 1_729)
            let unparsed = accounts.filter { if case .raw = $0.data { return true } else { return false } }
            // The README counts 4 accounts that are not validator-info: 3 come back unparsed (base64), 1 is `stakeConfig`.
            #expect(unparsed.count == 3)
            let parsedInfo = accounts.filter { if case .parsed("validatorInfo", _) = $0.data { return true } else { return false } }
            #expect(parsedInfo.count == 1_725)
        }
    }

    @Test func clusterNodes() throws {
        let data = try fixtures.data(MainnetFixtures.clusterNodes2020)
        let nodes = try LiveSolanaRPCClient.decodeWire(data, as: [ClusterNode].self, method: "getClusterNodes", endpoint: endpoint)
        #expect(nodes.count == 113)
        #expect(nodes.allSatisfy { $0.gossipIP != nil })
        // Same multiset of texts as the raw file: every pubkey and version read.
        let text = String(decoding: data, as: UTF8.self)
        #expect(nodes.map(\.pubkey).sorted() == text.matches(of: try Regex(#""pubkey":\s*"([1-9A-HJ-NP-Za-km-z]+)""#)).map { String($0.output[1].substring!) }.sorted())
    }

    @Test(arguments: [(MainnetFixtures.epochInfo202, UInt64(202)), (MainnetFixtures.epochInfo45, UInt64(45))])
    func epochInfo(_ name: String, epoch: UInt64) throws {
        let data = try fixtures.data(name)
        let info = try LiveSolanaRPCClient.decodeSingle(data, as: EpochInfo.self, method: "getEpochInfo", endpoint: endpoint)
        #expect(info.epoch == epoch)
        #expect(try info.absoluteSlot == rawNumbers(data, key: "absoluteSlot").first)
        #expect(try info.transactionCount == rawNumbers(data, key: "transactionCount").first)
    }

    @Test func stakeAccounts() throws {
        struct Raw: Decodable { let result: [StakeAccount] }
        let data = try fixtures.data(MainnetFixtures.stakeAccountsSmall)
        let accounts = try JSONDecoder().decode(Raw.self, from: data).result
        #expect(accounts.count == 7)
        let text = String(decoding: data, as: UTF8.self)
        let stakes = text.matches(of: try Regex(#""stake":\s*"(\d+)""#)).map { UInt64(String($0.output[1].substring!))! }
        #expect(accounts.compactMap(\.stake).sorted() == stakes.sorted())
        #expect(accounts.allSatisfy { $0.staker == "83wDqn8DFg5oh1WetQJwcyZySjxGkxWVKf3p39T6GMQH" })
    }

    @Test func everyRawRPCFixtureIsCovered() throws {
        // The raw JSON-RPC responses of the fixture README; a new one added there must get a test here.
        let raw = try fixtures.fileNames().filter { $0.hasPrefix("get") || $0.hasPrefix("config_program_accounts") }
        let covered: Set<String> = [
            MainnetFixtures.voteAccounts752, MainnetFixtures.voteAccounts45, MainnetFixtures.validatorInfo2023,
            MainnetFixtures.validatorInfo2021, MainnetFixtures.clusterNodes2020, MainnetFixtures.epochInfo202,
            MainnetFixtures.epochInfo45, MainnetFixtures.stakeAccountsSmall,
        ]
        #expect(Set(raw) == covered)
    }
}

/// The client against the simulator serving the real epoch-752 snapshot, every method, over HTTP.
@Suite("Client against the epoch-752 snapshot", .enabled(if: Fixtures.available, "set SOLSTAKE_MAINNET_FIXTURES"))
struct SnapshotClientTests {
    @Test func everyMethod() async throws {
        var settings = SimulatedCluster.Settings()
        settings.slotTime = .zero
        let cluster = try SnapshotLoader.load(from: Fixtures.mainnet!, settings: settings)
        let server = SimulatorServer(cluster: cluster)
        let rawSum = try MainnetFixtureDecodingTests().rawNumbers(Fixtures.mainnet!.data(MainnetFixtures.voteAccounts752), key: "activatedStake").reduce(UInt64(0), +)
        try await SimulatorHarness.with(server) { url in
            let client = makeClient([url], recorder: SleepRecorder())
            let votes = try await client.getVoteAccounts()
            #expect(votes.current.count == 1_325)
            #expect(votes.delinquent.count == 26)
            #expect((votes.current + votes.delinquent).reduce(UInt64(0)) { $0 + $1.activatedStake } == rawSum)

            let info = try await client.getEpochInfo()
            #expect(info.epoch == 752)
            #expect(info.absoluteSlot == 325_058_116)
            let schedule = try await client.getEpochSchedule()
            #expect(schedule.slots(ofEpoch: 752).lowerBound == info.firstSlot)
            #expect(try await client.getSlot() == info.absoluteSlot)

            let nodes = try await client.getClusterNodes()
            #expect(nodes.count == Set((votes.current + votes.delinquent).map(\.nodePubkey)).count)
            #expect(nodes.filter { $0.gossipIP != nil }.count > 1_200)
            #expect(nodes.filter { $0.version != nil }.count == nodes.count)

            let production = try await client.getBlockProduction(identity: nil, range: nil)
            #expect(production.firstSlot == info.firstSlot)
            #expect(production.byIdentity.count > 500)
            #expect(production.byIdentity.values.allSatisfy { $0.blocksProduced <= $0.leaderSlots })
            let one = votes.current[0].nodePubkey
            let mine = try await client.getBlockProduction(identity: one, range: nil)
            #expect(Array(mine.byIdentity.keys) == [one] && mine.byIdentity[one] == production.byIdentity[one])
            let lastEpoch = schedule.slots(ofEpoch: 751)
            let completed = try await client.getBlockProduction(identity: nil, range: lastEpoch)
            #expect(completed.lastSlot == lastEpoch.upperBound)

            let infos = try await client.getValidatorInfo()
            #expect(infos.count > 1_000)
            // The simulator serves its Config accounts (`JSONValue` trees); read as summaries over HTTP: the same entries.
            let served = await server.cluster.configAccounts
            #expect(infos == ValidatorInfo.signedEntries(from: served))
            let identities = Set((votes.current + votes.delinquent).map(\.nodePubkey))
            #expect(infos.filter { identities.contains($0.identity) }.count > 300)

            let cvsb = "CvSb7wdQAFpHuSpTYTJnX5SYH4hCfQ9VuGnqrKaKwycB"
            let delegated = try await client.getStakeAccounts(.voter(cvsb))
            #expect(delegated.count == 929)
            let staker = delegated[0].staker!
            let byStaker = try await client.getStakeAccounts(.staker(staker))
            #expect(!byStaker.isEmpty && byStaker.allSatisfy { $0.staker == staker })
            let byWithdrawer = try await client.getStakeAccounts(.withdrawer(delegated[0].withdrawer!))
            #expect(!byWithdrawer.isEmpty)

            #expect(try await client.getVersion().solanaCore == "2.2.16")
            #expect(try await client.getHealth() == "ok")

            // The node holds the rewards of epochs it saw end: 751 ended before it started (-32004, not retried).
            let addresses = delegated.prefix(40).map(\.pubkey)
            let refused = await #expect(throws: SolanaRPCError.self) { try await client.getInflationReward(addresses: addresses, epoch: 751) }
            if case .node(_, _, let code, _)? = refused?.underlying { #expect(code == -32004) } else { Issue.record("\(String(describing: refused))") }
            #expect(server.currentStats.requests["getInflationReward"] == 2)
            await server.cluster.advanceEpoch()
            // 40 addresses: two chunks of the 32-address limit, sent as one JSON-RPC batch.
            let rewards = try await client.getInflationReward(addresses: addresses, epoch: 752)
            #expect(rewards.count == 40)
            #expect(!rewards.compactMap { $0 }.isEmpty && rewards.compactMap { $0 }.allSatisfy { $0.epoch == 752 && $0.amount > 0 })
            #expect(server.currentStats.requests["getInflationReward"] == 4)
        }
    }
}
