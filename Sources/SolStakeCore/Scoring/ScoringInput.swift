/// What the model knows about one validator: plain values read from storage.
public struct ValidatorScoringInput: Sendable, Equatable {
    public var voteAccount: String
    /// Current commission in percent; nil when the node reported none (the validator cannot be scored).
    public var commission: Int?
    public var delinquent: Bool
    public var activatedStake: UInt64
    public var version: String?
    /// Published validator-info fields present (0...5).
    public var infoFieldCount: Int
    /// The first epoch solstake saw the validator in (nil: unknown, judged on the whole window).
    public var firstSeenEpoch: UInt64?
    /// Vote credits earned per epoch (`c_e`).
    public var credits: [UInt64: UInt64]
    /// Every observed commission with the epoch it was seen in, oldest first.
    public var commissionHistory: [CommissionObservation]
    /// Delinquency per observation over the liveness window (true = delinquent), oldest first.
    public var delinquencyObservations: [Bool]
    /// Leader slots and blocks produced in the current and the last completed epoch, summed.
    public var leaderSlots: UInt64
    public var blocksProduced: UInt64
    /// MEV commission in basis points and whether the validator runs Jito; nil when unknown (model v2).
    public var mevCommissionBps: Int? = nil
    public var runsJito: Bool? = nil
    /// Where the node is hosted, where known (model v2's concentration).
    public var country: String? = nil
    public var hostingOrganisation: String? = nil

    public init(
        voteAccount: String, commission: Int?, delinquent: Bool, activatedStake: UInt64, version: String?, infoFieldCount: Int,
        firstSeenEpoch: UInt64?, credits: [UInt64: UInt64], commissionHistory: [CommissionObservation],
        delinquencyObservations: [Bool], leaderSlots: UInt64, blocksProduced: UInt64
    ) {
        self.voteAccount = voteAccount
        self.commission = commission
        self.delinquent = delinquent
        self.activatedStake = activatedStake
        self.version = version
        self.infoFieldCount = infoFieldCount
        self.firstSeenEpoch = firstSeenEpoch
        self.credits = credits
        self.commissionHistory = commissionHistory
        self.delinquencyObservations = delinquencyObservations
        self.leaderSlots = leaderSlots
        self.blocksProduced = blocksProduced
    }

    /// Skip rate in [0, 1], or nil without leader slots.
    public var skipRate: Double? {
        guard leaderSlots > 0 else { return nil }
        return 1 - Double(min(blocksProduced, leaderSlots)) / Double(leaderSlots)
    }
}

public struct CommissionObservation: Sendable, Equatable, Codable {
    public var epoch: UInt64
    public var commission: Int
    public init(epoch: UInt64, commission: Int) {
        self.epoch = epoch
        self.commission = commission
    }

    /// `first + second` in epoch order, stable (within an epoch, `first`'s entries then `second`'s, each in its own order).
    public static func merged(_ first: [CommissionObservation], _ second: [CommissionObservation]) -> [CommissionObservation] {
        (first + second).enumerated().sorted { ($0.element.epoch, $0.offset) < ($1.element.epoch, $1.offset) }.map(\.element)
    }
}

/// The whole cluster as the model sees it.
public struct ClusterScoringInput: Sendable, Equatable {
    public var currentEpoch: UInt64
    /// Blocks produced over each whole completed epoch, where known (the ceiling is 16 x that).
    public var blocksByEpoch: [UInt64: UInt64]
    public var validators: [ValidatorScoringInput]

    public init(currentEpoch: UInt64, blocksByEpoch: [UInt64: UInt64], validators: [ValidatorScoringInput]) {
        self.currentEpoch = currentEpoch
        self.blocksByEpoch = blocksByEpoch
        self.validators = validators
    }
}
