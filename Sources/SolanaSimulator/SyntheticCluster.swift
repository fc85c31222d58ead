import Foundation
import SolStakeCore
import SolanaRPC

/// A synthetic cluster with mainnet-like distributions, reproducible from a seed:
/// long-tail stake; commission mostly 0/5/10 with some 100; ~2% delinquent; several versions; skip rates; ~15% without
/// validator-info; ~3% raising commission at every epoch boundary; a few identities behind two vote accounts.
public enum SyntheticCluster {
    public static func make(validators count: Int, seed: UInt64, epoch: UInt64 = 800, settings: SimulatedCluster.Settings = .init()) -> SimulatedCluster {
        var rng = SplitMix64(seed: seed)
        func key() -> String { Base58.encode((0..<32).map { _ in UInt8.random(in: 0...255, using: &rng) }) }
        let versions: [(String, Double)] = [("2.2.16", 0.45), ("2.3.6", 0.30), ("2.3.7", 0.12), ("3.0.1", 0.08), ("2.1.21", 0.05)]
        func pick<T>(_ weighted: [(T, Double)]) -> T {
            var u = rng.unit()
            for (value, weight) in weighted {
                if u < weight { return value }
                u -= weight
            }
            return weighted.last!.0
        }
        let slotIndex = settings.slotsPerEpoch / 3
        var validators: [SimValidator] = []
        var configAccounts: [ConfigProgramAccount] = []
        validators.reserveCapacity(count)
        // Total ~400M SOL spread as rank^-0.9 (a long tail); the scale keeps totals near mainnet's whatever the count.
        let weights = (0..<count).map { 1 / pow(Double($0 + 1), 0.9) }
        let weightSum = weights.reduce(0, +)
        let totalLamports = 400_000_000.0 * 1e9
        var previousIdentity: String?
        for i in 0..<count {
            // 0.5% of identities run a second vote account.
            let identity = (previousIdentity != nil && rng.unit() < 0.005) ? previousIdentity! : key()
            previousIdentity = identity
            let vote = key()
            let stake = UInt64(totalLamports * weights[i] / weightSum * (0.8 + 0.4 * rng.unit()))
            let commission: UInt8 = pick([(0, 0.45), (5, 0.2), (10, 0.15), (100, 0.05), (UInt8(1 + rng.next() % 9), 0.15)])
            let delinquent = rng.unit() < 0.02
            let voteRate = rng.unit() < 0.05 ? 0.80 + 0.15 * rng.unit() : 0.985 + 0.014 * rng.unit()
            var completed: [EpochCredits] = []
            var cumulative = UInt64(rng.next() % 1_000_000_000)
            for e in (epoch - 4)..<epoch {
                let earned = UInt64(Double(settings.slotsPerEpoch) * 16 * voteRate * (0.995 + 0.01 * rng.unit()))
                completed.append(EpochCredits(epoch: e, credits: cumulative + earned, previousCredits: cumulative))
                cumulative += earned
            }
            let skip = rng.unit() < 0.9 ? 0.04 * rng.unit() : 0.05 + 0.3 * rng.unit()
            let ip = "\(rng.next() % 40 + 10).\(rng.next() % 8).\(rng.next() % 256).\(rng.next() % 254 + 1)"
            validators.append(SimValidator(
                voteAccount: vote, identity: identity, activatedStake: stake, commission: commission, completedCredits: completed,
                voteRate: min(voteRate, 1), delinquent: delinquent, version: rng.unit() < 0.01 ? nil : pick(versions),
                gossipIP: rng.unit() < 0.01 ? nil : ip, skipRate: skip, raisesCommission: rng.unit() < 0.03,
                mevCommissionBps: syntheticMEVCommission(vote)))
            if rng.unit() < 0.85 {
                var data: [String: JSONValue] = ["name": .string("Validator \(i)")]
                if rng.unit() < 0.7 { data["website"] = .string("https://validator\(i).example") }
                if rng.unit() < 0.6 { data["details"] = .string("Synthetic validator number \(i)") }
                if rng.unit() < 0.3 { data["keybaseUsername"] = .string("val\(i)") }
                if rng.unit() < 0.4 { data["iconUrl"] = .string("https://validator\(i).example/icon.png") }
                let info: JSONValue = .object([
                    "keys": .array([
                        .object(["pubkey": .string(ValidatorInfo.validatorInfoKey), "signer": .bool(false)]),
                        // 2% publish info they did not sign: solstake must ignore it.
                        .object(["pubkey": .string(identity), "signer": .bool(rng.unit() >= 0.02)]),
                    ]),
                    "configData": .object(data),
                ])
                configAccounts.append(ConfigProgramAccount(pubkey: key(), lamports: 5_000_000, data: .parsed(type: "validatorInfo", info: info)))
            }
        }
        // Stake accounts: one wallet per 20 validators, each with 1-4 accounts on random validators.
        var stakeAccounts: [StakeAccount] = []
        for _ in 0..<max(1, count / 20) {
            let wallet = key()
            for _ in 0..<(1 + Int(rng.next() % 4)) {
                let target = validators[Int(rng.next() % UInt64(validators.count))]
                let amount = UInt64(1 + rng.next() % 10_000) * 1_000_000_000
                let activation = epoch - 1 - rng.next() % 100
                let deactivating = rng.unit() < 0.1
                stakeAccounts.append(StakeAccount(
                    pubkey: key(), lamports: amount + 2_282_880, type: "delegated", staker: wallet, withdrawer: wallet,
                    rentExemptReserve: 2_282_880, voter: target.voteAccount, stake: amount, activationEpoch: activation,
                    deactivationEpoch: deactivating ? epoch : UInt64.max))
            }
        }
        return SimulatedCluster(
            validators: validators, epoch: epoch, slotIndex: slotIndex, configAccounts: configAccounts,
            stakeAccounts: stakeAccounts, settings: settings, seed: seed)
    }

    /// Three in four validators run Jito, mostly at 0%, 5%, 8% or 10% MEV commission: a stable hash of the vote account,
    /// so the synthetic cluster's other numbers do not move.
    static func syntheticMEVCommission(_ vote: String) -> UInt16? {
        let u = StableHash.unit(vote + "/mev")
        guard u < 0.75 else { return nil }
        return [0, 500, 800, 1_000][Int(u / 0.75 * 4) % 4]
    }
}
