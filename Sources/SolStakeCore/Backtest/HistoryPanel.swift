/// Per-epoch history as a back-test reads it: what each vote account stated in each epoch (from a replay's fetches or
/// `import history`). A vote account missing from an epoch was absent.
public struct HistoryPanel: Sendable {
    public struct Figures: Sendable, Equatable {
        /// Credits earned over the whole epoch (a later epoch's view; not known during the epoch itself).
        public var credits: UInt64?
        public var commission: Int?
        public var mevCommissionBps: Int?
        public var runsJito: Bool?
        public var activatedStake: UInt64?
        public var version: String?

        public init(
            credits: UInt64? = nil, commission: Int? = nil, mevCommissionBps: Int? = nil, runsJito: Bool? = nil,
            activatedStake: UInt64? = nil, version: String? = nil
        ) {
            self.credits = credits
            self.commission = commission
            self.mevCommissionBps = mevCommissionBps
            self.runsJito = runsJito
            self.activatedStake = activatedStake
            self.version = version
        }
    }

    public let byEpoch: [UInt64: [String: Figures]]
    /// The epochs with any row, ascending.
    public let epochs: [UInt64]

    private let best: [UInt64: UInt64]
    private let median: [UInt64: UInt64]

    public init(byEpoch: [UInt64: [String: Figures]]) {
        self.byEpoch = byEpoch
        self.epochs = byEpoch.keys.sorted()
        var best: [UInt64: UInt64] = [:]
        var median: [UInt64: UInt64] = [:]
        for (epoch, rows) in byEpoch {
            let credits = rows.values.compactMap(\.credits).sorted()
            best[epoch] = credits.last ?? 0
            median[epoch] = credits.isEmpty ? 0 : credits[(credits.count - 1) / 2]
        }
        self.best = best
        self.median = median
    }

    public func figures(_ voteAccount: String, at epoch: UInt64) -> Figures? { byEpoch[epoch]?[voteAccount] }

    /// The highest credits any vote account earned in `epoch` (the epoch's best achievable).
    public func bestCredits(at epoch: UInt64) -> UInt64 { best[epoch] ?? 0 }

    /// The median credits of the vote accounts with credits in `epoch` (lower median).
    public func medianCredits(at epoch: UInt64) -> UInt64 { median[epoch] ?? 0 }
}
