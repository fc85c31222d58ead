/// How a replay turns the history's numbers into what a node would serve. Pure integer arithmetic, so anyone can
/// recompute every served number from the file (the simulator's README section states the same rules).
public enum HistoryDerivation {
    /// The most credits a vote can earn per slot (timely vote credits).
    public static let maxCreditsPerSlot: UInt64 = 16

    /// An epoch's total credits from its early-epoch sample, `round(sample x slotsPerEpoch / slotIndexOfRun)`: the rate
    /// of the sample held for the whole epoch, never above `maxCreditsPerSlot` per slot.
    public static func epochCredits(sample: UInt64, slotIndexOfRun: UInt64, slotsPerEpoch: UInt64) -> UInt64 {
        guard slotIndexOfRun > 0 else { return 0 }
        let full = roundedQuotient(UInt128(sample) * UInt128(slotsPerEpoch), UInt128(slotIndexOfRun))
        return UInt64(min(full, UInt128(maxCreditsPerSlot * slotsPerEpoch)))
    }

    /// Credits earned by slot index `slotIndex` of an epoch that earns `total`: `round(total x slotIndex / slotsPerEpoch)`.
    public static func creditsSoFar(total: UInt64, slotIndex: UInt64, slotsPerEpoch: UInt64) -> UInt64 {
        guard slotsPerEpoch > 0 else { return 0 }
        return UInt64(roundedQuotient(UInt128(total) * UInt128(min(slotIndex, slotsPerEpoch)), UInt128(slotsPerEpoch)))
    }

    /// Leader slots over `slots` slots, in proportion to stake and in groups of 4:
    /// `round(slots x stake / totalStake / 4) x 4`.
    public static func leaderSlots(slots: UInt64, stake: UInt64, totalStake: UInt64) -> UInt64 {
        guard totalStake > 0 else { return 0 }
        return UInt64(roundedQuotient(UInt128(slots) * UInt128(stake), UInt128(totalStake) * 4)) * 4
    }

    /// Blocks produced: a validator is taken to produce its leader slots at the rate it earns credits (its credits against
    /// `maxCreditsPerSlot` per slot of the epoch). Votes land only in produced blocks, so a credit ceiling counted from
    /// blocks then matches the credits actually earned.
    public static func blocksProduced(leaderSlots: UInt64, epochCredits: UInt64, slotsPerEpoch: UInt64) -> UInt64 {
        guard slotsPerEpoch > 0 else { return 0 }
        let produced = roundedQuotient(UInt128(leaderSlots) * UInt128(epochCredits), UInt128(maxCreditsPerSlot * slotsPerEpoch))
        return UInt64(min(produced, UInt128(leaderSlots)))
    }

    /// `numerator / denominator` rounded half up.
    static func roundedQuotient(_ numerator: UInt128, _ denominator: UInt128) -> UInt128 {
        (numerator + denominator / 2) / denominator
    }
}
