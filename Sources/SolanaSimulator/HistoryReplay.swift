import Foundation
import SolStakeCore
import SolanaFixtures
import SolanaRPC

/// Serves a real per-epoch history (the fixtures' `marinade_sam_per_epoch_validator_history`) one epoch at a time. The
/// rules, also in the README's simulator section, use the file and the dated fixtures only:
/// - credits of epoch e: `HistoryDerivation.epochCredits` of the row's sample; served in proportion to the slot index;
/// - stake: `totalActivatedStakeSol` in lamports; commission: `inflationCommissionDec` x 100; MEV: `mevCommissionDec`
///   x 10,000 bps in a tip-distribution account (none when the file states none); version: `clientVersion`;
/// - a vote account the epoch does not list, after being listed: delinquent with no credits for one epoch, then gone;
/// - identity: from the `solana validators` snapshot (or the epoch-752 vote accounts) nearest in epoch that lists the
///   vote account, else `base58(sha256("solstake-sim identity:" + voteAccount))`;
/// - gossip IP: the geo file nearest in epoch that knows the identity; validator-info: the dated file nearest in epoch.
public struct HistoryReplay: Sendable {
    public let history: ValidatorHistory
    public let slotsPerEpoch: UInt64
    /// Identities stated by dated snapshots, per vote account, by epoch.
    let identities: [String: [(epoch: UInt64, identity: String)]]
    let geo: [(epoch: UInt64, ips: [String: String])]
    let validatorInfo: [(epoch: UInt64, accounts: [ConfigProgramAccount])]
    public let stakeAccounts: [StakeAccount]

    public var firstEpoch: UInt64 { history.epochs.first?.epoch ?? 0 }
    public var lastEpoch: UInt64 { history.epochs.last?.epoch ?? 0 }

    public static let historyFile = "marinade_sam_per_epoch_validator_history_e652-e895.json.gz"

    /// Reads the history file `name` and the dated files beside it.
    public static func load(from fixtures: MainnetFixtures, file name: String = historyFile, slotsPerEpoch: UInt64) throws -> HistoryReplay {
        let history = try ValidatorHistoryParser.parse(Array(fixtures.data(name)))
        guard !history.epochs.isEmpty else { throw ValidatorHistoryFormatError("no epochs") }
        for (a, b) in zip(history.epochs, history.epochs.dropFirst()) where b.epoch != a.epoch + 1 {
            throw ValidatorHistoryFormatError("epochs \(a.epoch) and \(b.epoch) are not consecutive")
        }
        let catalog = try FixtureCatalog(fixtures)
        var identities: [String: [(epoch: UInt64, identity: String)]] = [:]
        for file in catalog.cliValidators {
            for row in try catalog.cli(file.name).validators {
                identities[row.voteAccountPubkey, default: []].append((file.epoch, row.identityPubkey))
            }
        }
        if catalog.names.contains(MainnetFixtures.voteAccounts752) {
            let votes = try LiveSolanaRPCClient.decodeWire(
                fixtures.data(MainnetFixtures.voteAccounts752), as: VoteAccounts.self, method: "getVoteAccounts",
                endpoint: RPCEndpoint(fixtures.directory))
            for v in votes.current + votes.delinquent { identities[v.votePubkey, default: []].append((752, v.nodePubkey)) }
        }
        let geo = try catalog.geo.map { ($0.epoch, try catalog.gossipIPs($0.name)) }
        let info = try catalog.validatorInfo.map { ($0.epoch, try catalog.configAccounts($0.name)) }
        return HistoryReplay(
            history: history, slotsPerEpoch: slotsPerEpoch, identities: identities, geo: geo, validatorInfo: info,
            stakeAccounts: try SnapshotLoader.realStakeAccounts(fixtures))
    }

    public func identity(of voteAccount: String, at epoch: UInt64) -> String {
        if let stated = identities[voteAccount], let nearest = FixtureCatalog.nearest(stated, to: epoch, at: \.epoch) {
            return nearest.identity
        }
        return Self.derivedIdentity(voteAccount)
    }

    public static func derivedIdentity(_ voteAccount: String) -> String {
        Base58.encode(SHA256.hash(Array("solstake-sim identity:\(voteAccount)".utf8)))
    }

    func gossipIP(of identity: String, at epoch: UInt64) -> String? {
        FixtureCatalog.nearest(geo.filter { $0.ips[identity] != nil }, to: epoch, at: \.epoch)?.ips[identity]
    }

    /// Validator-info as the nearest dated file has it, with that file's epoch (so a change of file is noticed).
    func configAccounts(at epoch: UInt64) -> (epoch: UInt64, accounts: [ConfigProgramAccount])? {
        FixtureCatalog.nearest(validatorInfo, to: epoch, at: \.epoch)
    }

    /// Where a replayed epoch starts: the slot index of the history's sample (within the epoch).
    public func startSlotIndex(of epoch: UInt64) -> UInt64 {
        min(history.epoch(epoch)?.slotIndexOfRun ?? 0, slotsPerEpoch - 1)
    }

    /// The validators served in `epoch`, from those served in the epoch before (their credits for it already recorded).
    func validators(at epoch: UInt64, after previous: [SimValidator]) -> [SimValidator] {
        guard let listed = history.epoch(epoch) else { return previous }
        var before: [String: SimValidator] = [:]
        for v in previous { before[v.voteAccount] = v }
        var out: [SimValidator] = []
        out.reserveCapacity(listed.rows.count + 16)
        var seen = Set<String>()
        for row in listed.rows {
            seen.insert(row.voteAccount)
            let total = HistoryDerivation.epochCredits(
                sample: row.sampledCredits ?? 0, slotIndexOfRun: listed.slotIndexOfRun, slotsPerEpoch: slotsPerEpoch)
            let identity = identity(of: row.voteAccount, at: epoch)
            var v = before[row.voteAccount] ?? SimValidator(
                voteAccount: row.voteAccount, identity: identity, activatedStake: 0, commission: 0, completedCredits: [],
                voteRate: 0, delinquent: false, version: nil, gossipIP: nil, skipRate: 0)
            v.identity = identity
            v.activatedStake = row.activatedStake ?? 0
            if let commission = row.commission { v.commission = UInt8(commission) }
            // The served credits and blocks follow from this total (`voteRate` and `skipRate` are for synthetic clusters).
            v.epochCreditsTotal = total
            v.delinquent = total == 0
            v.version = row.clientVersion
            v.gossipIP = gossipIP(of: identity, at: epoch)
            v.mevCommissionBps = row.mevCommissionBps.map { UInt16($0) }
            v.absentFromHistory = false
            v.raisesCommission = false
            out.append(v)
        }
        for var v in previous where !seen.contains(v.voteAccount) && !v.absentFromHistory {
            v.absentFromHistory = true
            v.delinquent = true
            v.epochCreditsTotal = 0
            v.mevCommissionBps = nil
            out.append(v)
        }
        return out
    }
}
