import Foundation
import SolStakeCore
import SolanaFixtures
import SolanaRPC

/// Builds a cluster from the real mainnet fixtures of the epoch-752 group (2025-03-07).
///
/// - vote accounts: the raw `getVoteAccounts` response, as is (1,325 current + 26 delinquent);
/// - cluster nodes: gossip IPs from the same day's geo-IP file; versions from the nearest `solana validators` snapshot
///   (2025-09-06) where the identity appears there, otherwise a stable pick from that snapshot's versions (the group has
///   no version data of its own);
/// - validator-info: the raw Config program accounts (2023-08-24), served as the node returned them;
/// - stake accounts: the 929 real stake accounts of one validator (CLI format, converted to jsonParsed) and the 7 raw ones;
/// - block production: derived deterministically (no real data exists for the epoch), skip rates stable per identity;
/// - MEV commission: not in the group, so tip-distribution accounts are refused (-32010) and a fetch records it unknown.
public enum SnapshotLoader {
    public static func load(from fixtures: MainnetFixtures, settings: SimulatedCluster.Settings = .init()) throws -> SimulatedCluster {
        let decoder = JSONDecoder()
        let catalog = try FixtureCatalog(fixtures)
        struct Envelope<T: Decodable>: Decodable { let result: T }
        let votes = try LiveSolanaRPCClient.decodeWire(
            fixtures.data(MainnetFixtures.voteAccounts752), as: VoteAccounts.self, method: "getVoteAccounts", endpoint: RPCEndpoint(fixtures.directory))

        let ipByIdentity = try catalog.gossipIPs(MainnetFixtures.geoIP752)
        let cli = try catalog.cli("cli_solana_validators_mainnet_2025-09-06_slot364929698.json.gz")
        let versionByIdentity = Dictionary(
            cli.validators.compactMap { row in row.version.map { (row.identityPubkey, $0) } }, uniquingKeysWith: { a, _ in a })
        let knownVersions = cli.validators.compactMap(\.version).filter { $0 != "unknown" }

        let epoch = votes.current.flatMap { $0.epochCredits.map(\.epoch) }.max() ?? 752
        let tip = (votes.current + votes.delinquent).map(\.lastVote).max() ?? epoch * settings.slotsPerEpoch
        let slotIndex = tip >= epoch * settings.slotsPerEpoch ? tip - epoch * settings.slotsPerEpoch : 0

        var validators: [SimValidator] = []
        for (account, delinquent) in votes.current.map({ ($0, false) }) + votes.delinquent.map({ ($0, true) }) {
            let completed = account.epochCredits.filter { $0.epoch < epoch }
            let current = account.epochCredits.first { $0.epoch == epoch }
            // The validator's voting rate: its current-epoch credits against the ceiling so far, else its last epoch's.
            var rate = 0.0
            if let current, slotIndex > 0 {
                rate = Double(current.earned) / (Double(slotIndex) * 16)
            } else if let last = completed.last {
                rate = Double(last.earned) / (Double(settings.slotsPerEpoch) * 16)
            }
            let fallbackVersion = knownVersions.isEmpty
                ? nil : knownVersions[Int(StableHash.of(account.nodePubkey) % UInt64(knownVersions.count))]
            validators.append(SimValidator(
                voteAccount: account.votePubkey, identity: account.nodePubkey, activatedStake: account.activatedStake,
                commission: UInt8(account.commissionPercent ?? 0), completedCredits: completed, voteRate: min(rate, 1),
                delinquent: delinquent, version: versionByIdentity[account.nodePubkey] ?? fallbackVersion,
                gossipIP: ipByIdentity[account.nodePubkey], skipRate: skipRate(for: account.nodePubkey)))
        }

        let configAccounts = try decoder.decode(Envelope<[ConfigProgramAccount]>.self, from: fixtures.data(MainnetFixtures.validatorInfo2023)).result
        let stakeAccounts = try realStakeAccounts(fixtures)
        return SimulatedCluster(
            validators: validators, epoch: epoch, slotIndex: slotIndex, configAccounts: configAccounts,
            stakeAccounts: stakeAccounts, settings: settings, seed: 752, servesTipDistribution: false)
    }

    /// A stable skip rate per identity: most validators skip 0-4% of their slots, one in ten 5-35%.
    static func skipRate(for identity: String) -> Double {
        let u = StableHash.unit(identity + "/skip")
        return u < 0.9 ? u / 0.9 * 0.04 : 0.05 + (u - 0.9) / 0.1 * 0.30
    }

    /// The 929 stake accounts of the CLI file, as jsonParsed would show them, plus the 7 raw jsonParsed ones.
    public static func realStakeAccounts(_ fixtures: MainnetFixtures) throws -> [StakeAccount] {
        struct CLIStake: Decodable {
            let accountBalance: UInt64
            let activationEpoch: UInt64?
            let deactivationEpoch: UInt64?
            let delegatedStake: UInt64?
            let delegatedVoteAccountAddress: String?
            let rentExemptReserve: UInt64?
            let stakePubkey: String
            let stakeType: String
            let staker: String?
            let withdrawer: String?
        }
        let cli = try JSONDecoder().decode([CLIStake].self, from: fixtures.data(MainnetFixtures.stakes752))
        var accounts = cli.map { s in
            StakeAccount(
                pubkey: s.stakePubkey, lamports: s.accountBalance, type: s.stakeType == "Stake" ? "delegated" : "initialized",
                staker: s.staker, withdrawer: s.withdrawer, rentExemptReserve: s.rentExemptReserve,
                voter: s.delegatedVoteAccountAddress, stake: s.delegatedStake, activationEpoch: s.activationEpoch,
                deactivationEpoch: s.deactivationEpoch ?? UInt64.max)
        }
        struct Raw: Decodable { let result: [StakeAccount] }
        accounts += try JSONDecoder().decode(Raw.self, from: fixtures.data(MainnetFixtures.stakeAccountsSmall)).result
        return accounts
    }
}
