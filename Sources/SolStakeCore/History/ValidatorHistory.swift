/// A per-epoch validator history in the format of the fixtures' `marinade_sam_per_epoch_validator_history` file:
/// `{fields: [name...], epochs: [{epoch, slotIndexOfRun, rows: [[value per field]...]}]}`. Rows are read by field name,
/// so extra or reordered fields are fine.
public struct ValidatorHistory: Sendable {
    /// One vote account in one epoch, as the file states it (amounts exact, in lamports and basis points).
    public struct Row: Sendable, Equatable {
        public var voteAccount: String
        public var clientVersion: String?
        /// Vote credits earned from the start of the epoch to `slotIndexOfRun` (a sample, not the epoch's total).
        public var sampledCredits: UInt64?
        /// Inflation commission in percent (`inflationCommissionDec` x 100).
        public var commission: Int?
        /// MEV commission in basis points (`mevCommissionDec` x 10,000); nil: no MEV commission stated (not running Jito).
        public var mevCommissionBps: Int?
        /// `totalActivatedStakeSol` in lamports.
        public var activatedStake: UInt64?
        public var selfStake: UInt64?
        public var country: String?
        public var aso: String?

        public init(
            voteAccount: String, clientVersion: String? = nil, sampledCredits: UInt64? = nil, commission: Int? = nil,
            mevCommissionBps: Int? = nil, activatedStake: UInt64? = nil, selfStake: UInt64? = nil, country: String? = nil,
            aso: String? = nil
        ) {
            self.voteAccount = voteAccount
            self.clientVersion = clientVersion
            self.sampledCredits = sampledCredits
            self.commission = commission
            self.mevCommissionBps = mevCommissionBps
            self.activatedStake = activatedStake
            self.selfStake = selfStake
            self.country = country
            self.aso = aso
        }
    }

    /// A row the file states but that cannot be used, with where it is and why.
    public struct RowProblem: Sendable, Equatable, CustomStringConvertible {
        public var epoch: UInt64
        public var voteAccount: String?
        public var detail: String
        public var description: String { "epoch \(epoch), vote account \(voteAccount ?? "(missing)"): \(detail)" }
    }

    public struct Epoch: Sendable {
        public var epoch: UInt64
        /// The slot index at which `sampledCredits` were read.
        public var slotIndexOfRun: UInt64
        public var rows: [Row]
        public var problems: [RowProblem]
    }

    public var epochs: [Epoch]

    public init(epochs: [Epoch]) {
        self.epochs = epochs
    }

    /// The epochs in order, one per epoch number (a file listing an epoch twice is refused).
    public var epochNumbers: [UInt64] { epochs.map(\.epoch) }

    public func epoch(_ number: UInt64) -> Epoch? {
        guard let first = epochs.first, number >= first.epoch else { return nil }
        let index = Int(number - first.epoch)
        if index < epochs.count, epochs[index].epoch == number { return epochs[index] }
        return epochs.first { $0.epoch == number }
    }
}

/// The whole file is unusable (not JSON, no `fields` or `epochs`, an epoch without its number or sample slot).
public struct ValidatorHistoryFormatError: Error, CustomStringConvertible, Equatable {
    public var detail: String
    public init(_ detail: String) { self.detail = detail }
    public var description: String { "not a validator history: \(detail)" }
}
