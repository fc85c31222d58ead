import SolStakeCore
import SolanaRPC

/// One validator of the simulated cluster.
public struct SimValidator: Sendable, Equatable {
    public var voteAccount: String
    public var identity: String
    public var activatedStake: UInt64
    public var commission: UInt8
    /// Completed epochs' credits, oldest first (the current epoch's entry is computed from the slot).
    public var completedCredits: [EpochCredits]
    /// Share of the credit ceiling this validator earns while voting (0...1).
    public var voteRate: Double
    public var delinquent: Bool
    public var version: String?
    public var gossipIP: String?
    /// Fraction of its leader slots it skips (0...1).
    public var skipRate: Double
    /// Raises its commission at each epoch boundary (a "rug" candidate in scoring terms).
    public var raisesCommission: Bool
    /// MEV commission in basis points, served in a Jito tip-distribution account each epoch; nil: does not run Jito.
    public var mevCommissionBps: UInt16?
    /// A replay's credits for the whole current epoch: served in proportion to the slot index (instead of `voteRate`).
    public var epochCreditsTotal: UInt64?
    /// A replay's validator that the history no longer lists: served as delinquent for one epoch, then dropped.
    public var absentFromHistory = false

    public init(
        voteAccount: String, identity: String, activatedStake: UInt64, commission: UInt8, completedCredits: [EpochCredits],
        voteRate: Double, delinquent: Bool, version: String?, gossipIP: String?, skipRate: Double, raisesCommission: Bool = false,
        mevCommissionBps: UInt16? = nil, epochCreditsTotal: UInt64? = nil
    ) {
        self.voteAccount = voteAccount
        self.identity = identity
        self.activatedStake = activatedStake
        self.commission = commission
        self.completedCredits = completedCredits
        self.voteRate = voteRate
        self.delinquent = delinquent
        self.version = version
        self.gossipIP = gossipIP
        self.skipRate = skipRate
        self.raisesCommission = raisesCommission
        self.mevCommissionBps = mevCommissionBps
        self.epochCreditsTotal = epochCreditsTotal
    }

    /// Credits earned in the current epoch by `slotIndex`.
    func creditsEarned(slotIndex: UInt64, slotsPerEpoch: UInt64) -> UInt64 {
        if delinquent { return 0 }
        if let epochCreditsTotal {
            return HistoryDerivation.creditsSoFar(total: epochCreditsTotal, slotIndex: slotIndex, slotsPerEpoch: slotsPerEpoch)
        }
        return UInt64(Double(slotIndex) * 16 * voteRate)
    }

    /// Cumulative credits at the end of the last completed epoch.
    var lastCumulative: UInt64 { completedCredits.last?.credits ?? 0 }
}

/// Deterministic per-key numbers (FNV-1a), so derived data is stable across runs and processes.
enum StableHash {
    static func of(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        return hash
    }

    /// A stable number in [0, 1) for `text`.
    static func unit(_ text: String) -> Double {
        Double(of(text) >> 11) / Double(1 << 53)
    }
}
