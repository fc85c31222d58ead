/// The runtime's inflation-reward arithmetic for one epoch, in integers as the runtime does it: the epoch's pool is the
/// validator rate times the capitalization times the epoch's length in years (truncated to lamports); a stake earns
/// points = its effective stake x the credits its validator earned; its reward is pool x points / all points (128-bit,
/// truncated); the validator's commission is split off (each side truncated, so a lamport may be left unpaid).
public enum InflationRewards {
    /// The lamports the epoch pays to all stakes.
    public static func pool(validatorRate: Double, capitalization: UInt64, slotsInEpoch: UInt64) -> UInt64 {
        let value = validatorRate * Double(capitalization) * InflationGovernor.years(slots: slotsInEpoch)
        guard value.isFinite, value > 0 else { return 0 }
        return value >= Double(UInt64.max) ? UInt64.max : UInt64(value)
    }

    public static func points(stake: UInt64, credits: UInt64) -> UInt128 {
        UInt128(stake) * UInt128(credits)
    }

    /// A stake's share of the pool before commission; nil when it earns nothing (the runtime pays no zero rewards).
    public static func reward(points: UInt128, totalPoints: UInt128, pool: UInt64) -> UInt64? {
        guard totalPoints > 0, points > 0 else { return nil }
        let (product, overflow) = points.multipliedReportingOverflow(by: UInt128(pool))
        // Past 128 bits (a stake near UInt64.max) the runtime's checked arithmetic fails; the share is then estimated.
        let value = overflow ? UInt128(min(Double(points) / Double(totalPoints) * Double(pool), Double(UInt64.max))) : product / totalPoints
        guard value > 0 else { return nil }
        return UInt64(min(value, UInt128(UInt64.max)))
    }

    /// (to the vote account, to the stake) for a commission in percent (above 100 counts as 100).
    public static func split(_ reward: UInt64, commission: UInt8) -> (voter: UInt64, staker: UInt64) {
        let c = UInt128(min(commission, 100))
        switch c {
        case 0: return (0, reward)
        case 100: return (reward, 0)
        default:
            let r = UInt128(reward)
            return (UInt64(r * c / 100), UInt64(r * (100 - c) / 100))
        }
    }
}
