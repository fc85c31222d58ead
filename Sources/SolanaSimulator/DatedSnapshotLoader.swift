import Foundation
import SolStakeCore
import SolanaFixtures
import SolanaRPC

/// Builds a cluster from one dated `solana validators --output json` snapshot and the files of the same date:
/// - vote accounts: the snapshot's identity, stake, commission, delinquency, version; the current epoch's credits are
///   its `epochCredits` at the snapshot's slot (earlier epochs are not in the file, so none are served);
/// - block production: the snapshot's real skip rate per validator (percent) over stake-proportional leader slots;
/// - gossip IPs and validator-info: the geo and validator-info files nearest in date (the same day where one exists);
/// - MEV commission: the same day's Jito file where one exists; otherwise the tip-distribution accounts are refused
///   (error -32010, as a node without that index answers), so a client records MEV as unknown;
/// - stake accounts: the real ones, as for epoch 752.
public enum DatedSnapshotLoader {
    public static func isDate(_ text: String) -> Bool { FixtureCatalog.date(in: text) == text }

    public static func load(from fixtures: MainnetFixtures, date: String, settings: SimulatedCluster.Settings = .init()) throws -> SimulatedCluster {
        let catalog = try FixtureCatalog(fixtures)
        guard let file = catalog.cliValidators.first(where: { $0.date == date }) else {
            let dates = catalog.cliValidators.map(\.date).joined(separator: ", ")
            throw SimulatorSetupError("no `solana validators` snapshot dated \(date) (there are: \(dates))")
        }
        let snapshot = try catalog.cli(file.name)
        let slot = FixtureCatalog.slot(in: file.name) ?? file.epoch * 432_000
        let epoch = slot / settings.slotsPerEpoch
        let slotIndex = slot % settings.slotsPerEpoch
        let ips = try FixtureCatalog.nearest(catalog.geo, to: file.epoch).map { try catalog.gossipIPs($0.name) } ?? [:]
        let configAccounts = try FixtureCatalog.nearest(catalog.validatorInfo, to: file.epoch).map { try catalog.configAccounts($0.name) } ?? []
        let mev = try catalog.jito.first(where: { $0.date == date }).map { try catalog.jitoCommissions($0.name) } ?? [:]
        var validators: [SimValidator] = []
        for row in snapshot.validators {
            let earned = row.epochCredits ?? 0
            let rate = slotIndex > 0 ? Double(earned) / (Double(slotIndex) * 16) : 0
            let version = row.version.flatMap { $0 == "unknown" ? nil : $0 }
            validators.append(SimValidator(
                voteAccount: row.voteAccountPubkey, identity: row.identityPubkey, activatedStake: row.activatedStake,
                commission: min(row.commission ?? 0, 100),
                completedCredits: [],
                voteRate: min(rate, 1), delinquent: row.delinquent, version: version, gossipIP: ips[row.identityPubkey],
                skipRate: min(max((row.skipRate ?? 0) / 100, 0), 1), mevCommissionBps: mev[row.voteAccountPubkey]))
        }
        return SimulatedCluster(
            validators: validators, epoch: epoch, slotIndex: slotIndex, configAccounts: configAccounts,
            stakeAccounts: try SnapshotLoader.realStakeAccounts(fixtures), settings: settings, seed: epoch,
            servesTipDistribution: !mev.isEmpty)
    }
}
